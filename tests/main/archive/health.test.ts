// Damaged and read-only archives: opened read-only and said so, writes refused in one line, nothing left behind, a sound backup restored or what is readable salvaged.

import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { BACKUP_FOLDER } from '../../../src/main/archive/backup'
import { CHECK_ON_OPEN_BYTES } from '../../../src/main/archive/db'
import { checkArchiveFile, newestGoodBackup } from '../../../src/main/archive/recovery'
import { ArchiveSession } from '../../../src/main/session'
import { startServer } from '../../../src/main/transport/http'
import { RESOURCES, expectArchiveError, fileBytes, tempDir } from '../../helpers/archive'
import { archiveWithSources, damagePages } from '../../helpers/damage'
import { cli } from '../../helpers/cli'

const open = (path: string, readOnly?: boolean): Archive =>
  Archive.open({ path, resourcesDir: RESOURCES, readOnly })

/** Root ignores file permissions: the chmod tests can only run as another user. */
const isRoot = process.getuid?.() === 0
const skipAsRoot = isRoot
  ? 'skipped as root (root may write read-only files and folders); the readOnly option is tested instead'
  : ''

function sideFiles(path: string): string[] {
  return [`${path}-wal`, `${path}-shm`].filter((f) => existsSync(f))
}

describe('a damaged archive', () => {
  it('opens read-only and says it is damaged; writes are refused in one line and change nothing', async () => {
    const path = await archiveWithSources()
    damagePages(path)
    const before = fileBytes(path)
    const archive = open(path)
    try {
      const info = await archive.archiveInfo()
      expect(info.health.state).toBe('damaged')
      expect(info.health.reason).toBeTruthy()
      const error = await expectArchiveError(
        archive.createTag({ name: 'Witness', color: '#336699' }),
        'READ_ONLY',
        /damaged/
      )
      expect(error.message).not.toContain('\n')
      await expectArchiveError(archive.setSetting('x', 1), 'READ_ONLY')
    } finally {
      archive.close()
    }
    expect(fileBytes(path).equals(before)).toBe(true)
  })

  it('restores the newest backup whose own check passes, keeping the replaced file', async () => {
    const dir = tempDir()
    const path = await archiveWithSources(120, dir)
    const good = open(path)
    const sources = (await good.archiveInfo()).sources
    const backup = await good.backupNow()
    good.close()
    damagePages(path)
    // A newer backup that is itself damaged is passed over.
    const bad = join(dir, BACKUP_FOLDER, 'damaged 2999-01-01 00-00-00.parallax')
    copyFileSync(path, bad)
    expect(checkArchiveFile(bad).length).toBeGreaterThan(0)
    expect(newestGoodBackup(path)?.path).toBe(backup.path)

    const session = ArchiveSession.open({ path, resourcesDir: RESOURCES })
    try {
      expect(session.archive.health.state).toBe('damaged')
      const report = await session.api.restoreBackup()
      expect(report.restored.path).toBe(backup.path)
      expect(existsSync(report.replacedCopy)).toBe(true)
      expect(checkArchiveFile(report.replacedCopy).length).toBeGreaterThan(0)
      const info = await session.api.archiveInfo()
      expect(info.health.state).toBe('ok')
      expect(info.sources).toBe(sources)
      // The restored archive takes changes again.
      await session.api.createTag({ name: 'Witness', color: '#336699' })
    } finally {
      await session.stop()
    }
  })

  it('with no sound backup, restoring says so in one line and changes nothing', async () => {
    const path = await archiveWithSources(80)
    damagePages(path)
    const before = fileBytes(path)
    const session = ArchiveSession.open({ path, resourcesDir: RESOURCES })
    try {
      await expectArchiveError(session.api.restoreBackup(), 'NOT_FOUND', /no sound backup/)
    } finally {
      await session.stop()
    }
    expect(fileBytes(path).equals(before)).toBe(true)
  })

  it('salvages every readable row into a new archive that is sound and opens normally', async () => {
    const path = await archiveWithSources()
    const whole = open(path)
    const total = (await whole.archiveInfo()).sources
    whole.close()
    damagePages(path, 3)
    const before = fileBytes(path)
    const damaged = open(path)
    const report = await damaged.salvageArchive()
    damaged.close()
    expect(fileBytes(path).equals(before)).toBe(true)
    expect(report.path).toMatch(/damaged salvaged .*\.parallax$/)
    expect(report.copied).toBeGreaterThan(0)
    expect(checkArchiveFile(report.path)).toEqual([])
    const salvaged = open(report.path)
    try {
      const info = await salvaged.archiveInfo()
      expect(info.health.state).toBe('ok')
      expect(info.sources).toBeGreaterThan(0)
      expect(info.sources).toBeLessThanOrEqual(total)
      // Searching works: the index was rebuilt from the salvaged text.
      const hits = await salvaged.search('harbour')
      expect(hits.hits.length).toBeGreaterThan(0)
      await salvaged.createTag({ name: 'Witness', color: '#336699' })
    } finally {
      salvaged.close()
    }
  })

  it('the CLI: check says damaged in one line, salvage --to writes a new archive, restore-backup puts a sound backup back', async () => {
    const dir = tempDir()
    const path = await archiveWithSources(100, dir)
    expect((await cli('--archive', path, 'backup', 'now')).code).toBe(0)
    damagePages(path)
    const check = await cli('--archive', path, 'check')
    expect(check.code).toBe(1)
    expect(check.out.split('\n')[0]).toMatch(/^The archive is damaged: /)
    expect(check.out).toMatch(/Newest sound backup: /)

    const list = await cli('--archive', path, 'list')
    expect(list.code).toBe(0)
    expect(list.errLines).toHaveLength(1)
    expect(list.errLines[0]).toMatch(/the archive is damaged/)

    const tag = await cli('--archive', path, 'tag', 'Witness')
    expect(tag.code).not.toBe(0)
    expect(tag.errLines).toHaveLength(1)
    expect(tag.err).toMatch(/damaged/)

    const to = join(dir, 'rescued', 'copy.parallax')
    mkdirSync(join(dir, 'rescued'))
    const salvage = await cli('--archive', path, 'salvage', '--to', to)
    expect(salvage.code, salvage.err).toBe(0)
    expect(salvage.out).toMatch(/^Salvaged \d+ rows into /)
    expect(checkArchiveFile(to)).toEqual([])

    const restore = await cli('--archive', path, 'restore-backup')
    expect(restore.code, restore.err).toBe(0)
    expect(restore.out).toMatch(/^Restored the backup of /)
    const after = await cli('--archive', path, 'check')
    expect(after.code).toBe(0)
    expect(after.out).toBe('The archive is sound.')
  })
})

describe('a damaged archive over the size checked on open, in the CLI', () => {
  it('answers reads without the quick check; the first change runs it, is refused in one line and leaves the file as it was; check finds the damage', async () => {
    const path = join(tempDir(), 'large.parallax')
    const made = Archive.open({ path, resourcesDir: RESOURCES, withSample: true })
    // Past the size checked on open, written fast (zeros): the pages a large archive would have.
    made.database.exec('CREATE TABLE test_padding (b BLOB)')
    made.database
      .prepare('INSERT INTO test_padding VALUES (zeroblob(?))')
      .run(CHECK_ON_OPEN_BYTES + 4 * 1024 * 1024)
    made.close()
    damagePages(path)

    const list = await cli('--archive', path, 'list', '--json')
    expect(list.code, list.err).toBe(0)
    expect((JSON.parse(list.out) as unknown[]).length).toBe(2)
    expect(list.errLines).toEqual([])

    const before = fileBytes(path)
    const tag = await cli('--archive', path, 'tag', 'Witness')
    expect(tag.code).toBe(1)
    expect(tag.errLines).toHaveLength(1)
    expect(tag.err).toMatch(/^parallax tag: The archive is damaged \(.+\), so it is open read-only/)
    expect(fileBytes(path).equals(before)).toBe(true)

    const check = await cli('--archive', path, 'check')
    expect(check.code).toBe(1)
    expect(check.out.split('\n')[0]).toMatch(/^The archive is damaged: /)
  }, 60_000)
})

describe('a read-only archive', () => {
  it('opened read-only: lists, refuses writes in one line, and leaves no -wal or -shm behind', async () => {
    const path = await archiveWithSources(5)
    const before = fileBytes(path)
    const archive = open(path, true)
    try {
      const info = await archive.archiveInfo()
      expect(info.health).toEqual({ state: 'read-only', reason: 'opened read-only as asked' })
      expect((await archive.listSources()).length).toBe(info.sources)
      expect((await archive.search('harbour')).hits.length).toBeGreaterThan(0)
      await expectArchiveError(
        archive.createTag({ name: 'Witness', color: '#336699' }),
        'READ_ONLY',
        /read-only/
      )
    } finally {
      archive.close()
    }
    expect(sideFiles(path)).toEqual([])
    expect(fileBytes(path).equals(before)).toBe(true)
    // Opened normally again, it takes changes.
    const writable = open(path)
    await writable.createTag({ name: 'Witness', color: '#336699' })
    writable.close()
  })

  it.skipIf(isRoot)(
    `a read-only file opens read-only by itself, then works once writable ${skipAsRoot}`,
    async () => {
      const path = await archiveWithSources(5)
      chmodSync(path, 0o444)
      const archive = open(path)
      try {
        expect(archive.health).toEqual({ state: 'read-only', reason: 'the file is read-only' })
        expect((await archive.listSources()).length).toBeGreaterThan(0)
        await expectArchiveError(
          archive.deleteSource((await archive.listSources())[0].id),
          'READ_ONLY'
        )
      } finally {
        archive.close()
      }
      expect(sideFiles(path)).toEqual([])
      chmodSync(path, 0o644)
      const writable = open(path)
      expect(writable.health.state).toBe('ok')
      await writable.createTag({ name: 'Witness', color: '#336699' })
      writable.close()
    }
  )

  it.skipIf(isRoot)(
    `a writable archive in a read-only folder: one clear line ${skipAsRoot}`,
    async () => {
      const dir = tempDir()
      const path = await archiveWithSources(3, dir)
      chmodSync(dir, 0o555)
      try {
        await expectArchiveError(() => open(path), 'IO', /folder cannot be written to/)
        const run = await cli('--archive', path, 'list')
        expect(run.code).toBe(1)
        expect(run.errLines).toHaveLength(1)
      } finally {
        chmodSync(dir, 0o755)
      }
    }
  )

  it('the CLI --read-only refuses a write in one line, no stack trace, and leaves no side files', async () => {
    const path = await archiveWithSources(3)
    const run = await cli('--archive', path, '--read-only', 'tag', 'Witness')
    expect(run.code).toBe(1)
    expect(run.errLines).toHaveLength(1)
    expect(run.err).toMatch(/read-only/)
    expect(run.err).not.toMatch(/ at /)
    expect(sideFiles(path)).toEqual([])
  })
})

describe('serve mode', () => {
  it('answers a write on a read-only archive with 409 and one line; reads go on', async () => {
    const path = await archiveWithSources(3)
    const session = ArchiveSession.open({ path, resourcesDir: RESOURCES, readOnly: true })
    const server = await startServer({
      api: session.api,
      staticDir: tempDir(),
      token: 'health-token',
      log: () => undefined
    })
    try {
      const post = (method: string, args: unknown[]): Promise<Response> =>
        fetch(`${server.url}/api/${method}`, {
          method: 'POST',
          headers: { authorization: 'Bearer health-token', 'content-type': 'application/json' },
          body: JSON.stringify(args)
        })
      const write = await post('createTag', [{ name: 'Witness', color: '#336699' }])
      expect(write.status).toBe(409)
      const body = (await write.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('READ_ONLY')
      expect(body.error.message).toMatch(
        /^The archive is open read-only \(opened read-only as asked\)/
      )
      const read = await post('archiveInfo', [])
      expect(read.status).toBe(200)
      expect(((await read.json()) as { value: { health: unknown } }).value.health).toEqual({
        state: 'read-only',
        reason: 'opened read-only as asked'
      })
    } finally {
      await server.close()
      await session.stop()
    }
    expect(sideFiles(path)).toEqual([])
  })
})

describe('files that are not archives', () => {
  it('a FIFO, /dev/zero and a folder are refused before SQLite reads them', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'pipe.parallax')
    execFileSync('mkfifo', [fifo])
    // Opening a FIFO for reading would block forever: the refusal must come first.
    await expectArchiveError(() => open(fifo), 'NOT_AN_ARCHIVE', /not a regular file/)
    await expectArchiveError(() => open('/dev/zero'), 'NOT_AN_ARCHIVE', /not a regular file/)
    await expectArchiveError(() => open(dir), 'NOT_AN_ARCHIVE', /folder/)
    const run = await cli('--archive', fifo, 'list')
    expect(run.code).toBe(1)
    expect(run.errLines).toHaveLength(1)
    expect(readdirSync(dir)).toEqual(['pipe.parallax'])
  })
})
