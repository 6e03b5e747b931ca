// One way to open an archive for the app, serve mode and the CLI: the folder made, the scheduled backup checked, everything stopped.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../src/main/archive/archive'
import { listBackups } from '../../src/main/archive/backup'
import { ArchiveSession } from '../../src/main/session'
import {
  RESOURCES,
  backupThenWrite,
  restoreThenWrite,
  tempDir,
  titlesInFileAlone
} from '../helpers/archive'

describe('ArchiveSession', () => {
  it('creates missing folders, nested, and a new archive in them', async () => {
    const path = join(tempDir(), 'a', 'b', 'c', 'new.parallax')
    const session = ArchiveSession.open({ path, resourcesDir: RESOURCES, withSample: true })
    try {
      expect(existsSync(path)).toBe(true)
      expect((await session.api.archiveInfo()).sources).toBe(2)
    } finally {
      await session.stop()
    }
  })

  it('a long-lived session makes the scheduled backup that is due when it opens, and stop closes the archive', async () => {
    const path = join(tempDir(), 'due.parallax')
    const archive = Archive.open({ path, resourcesDir: RESOURCES, withSample: true })
    await archive.setBackupSchedule({ everyHours: 0.000001, keep: 3 })
    archive.close()
    const quiet = ArchiveSession.open({ path, resourcesDir: RESOURCES })
    await quiet.stop()
    expect(listBackups(path)).toEqual([])

    const session = ArchiveSession.open({ path, resourcesDir: RESOURCES, background: true })
    const archiveOpen = session.archive
    await session.stop()
    expect(listBackups(path).map((b) => b.reason)).toEqual(['scheduled'])
    expect(archiveOpen.database.open).toBe(false)
  })

  it('with checkpoints in a worker, a write reaches the archive file itself within moments, one that no call made too, and a restored backup as well', async () => {
    const path = join(tempDir(), 'checkpointed.parallax')
    const session = ArchiveSession.open({
      path,
      resourcesDir: RESOURCES,
      checkpointsInWorker: true
    })
    const titlesInFile = (): string[] => titlesInFileAlone(path)
    try {
      const { api } = session
      await api.createSource({ title: 'Telegram', text: 'Enzeli, noon.' })
      await expect.poll(titlesInFile, { timeout: 60_000 }).toContain('Telegram')
      // Written past the contract, as a team's changes come in: found by the session's next look.
      await session.archive.createSource({ title: 'Cable', text: 'Krasnovodsk, night.' })
      await expect.poll(titlesInFile, { timeout: 60_000 }).toContain('Cable')
      await restoreThenWrite(api, path)
    } finally {
      await session.stop()
    }
    expect(existsSync(`${path}-wal`)).toBe(false)
  }, 180_000)

  it('a long-lived session copies a backup in a worker: a write asked for after it is answered before it, and the copy is a sound archive', async () => {
    const path = join(tempDir(), 'copying.parallax')
    const session = ArchiveSession.open({
      path,
      resourcesDir: RESOURCES,
      withSample: true,
      background: true
    })
    try {
      const { made, order } = await backupThenWrite(session.api)
      expect(order).toEqual(['write', 'backup'])
      expect(listBackups(path)).toEqual([made])
      const copy = Archive.open({ path: made.path, resourcesDir: RESOURCES, readOnly: true })
      expect(copy.health.state).toBe('read-only')
      expect(await copy.listSources()).toHaveLength(2)
      copy.close()
    } finally {
      await session.stop()
    }
  })

  it('a long-lived session with read workers runs the full check there: an index that no longer matches its table, which the quick check on open passes, turns the archive read-only', async () => {
    const path = join(tempDir(), 'index.parallax')
    const made = Archive.open({ path, resourcesDir: RESOURCES, withSample: true })
    // One entry of an index changed in the file, still in order and well formed: only the full
    // check compares an index with its table.
    const db = made.database
    db.exec('CREATE TABLE probe (a TEXT); CREATE INDEX probe_a ON probe (a)')
    const insert = db.prepare('INSERT INTO probe VALUES (?)')
    for (let i = 10; i < 60; i += 10) insert.run(`probe-key-0${i}`)
    const root = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'probe_a'").pluck()
    const page = (root.get() as number) - 1
    const pageSize = db.pragma('page_size', { simple: true }) as number
    made.close()
    const file = readFileSync(path)
    const at = file.indexOf('probe-key-020', page * pageSize)
    expect(at).toBeGreaterThan(page * pageSize)
    expect(at).toBeLessThan((page + 1) * pageSize)
    file.write('probe-key-021', at)
    writeFileSync(path, file)
    const reopened = Archive.open({ path, resourcesDir: RESOURCES })
    expect(reopened.health.state).toBe('ok')
    reopened.close()

    const lines: string[] = []
    const session = ArchiveSession.open({
      path,
      resourcesDir: RESOURCES,
      background: true,
      readWorkers: 1,
      log: (line) => lines.push(line)
    })
    try {
      await expect
        .poll(async () => (await session.api.archiveInfo()).health.state, { timeout: 60_000 })
        .toBe('damaged')
      expect((await session.api.archiveInfo()).health.reason).toMatch(/probe_a/)
      const sources = await session.api.listSources()
      await expect(
        session.api.createSource({ title: 'Telegram', text: 'Enzeli.' })
      ).rejects.toThrow(/damaged/)
      expect(await session.api.listSources()).toEqual(sources)
      expect(lines.join('\n')).toMatch(/damaged .*read-only from now on/)
    } finally {
      await session.stop()
    }
  }, 90_000)

  // Read workers start twice here (before and after the restore): seconds each on a busy machine.
  it('with read workers, reads see every write, and a restored backup is what the workers read next', async () => {
    const path = join(tempDir(), 'pooled.parallax')
    const session = ArchiveSession.open({
      path,
      resourcesDir: RESOURCES,
      withSample: true,
      readWorkers: 1
    })
    try {
      await session.readWorkersReady()
      const before = await session.api.listSources()
      expect(before).toHaveLength(2)
      await session.api.backupNow()
      const made = await session.api.createSource({ title: 'Telegram', text: 'Enzeli, noon.' })
      expect((await session.api.getSource(made.id)).text).toBe('Enzeli, noon.')
      expect((await session.api.search('enzeli')).hits.map((h) => h.sourceId)).toEqual([made.id])
      await session.api.restoreBackup()
      await session.readWorkersReady()
      expect((await session.api.listSources()).map((s) => s.id).sort()).toEqual(
        before.map((s) => s.id).sort()
      )
      expect((await session.api.search('enzeli')).hits).toEqual([])
    } finally {
      await session.stop()
    }
  }, 120_000)

  it('refuses restoring a backup over an archive that is read-only, in one line', async () => {
    const path = join(tempDir(), 'ro.parallax')
    Archive.open({ path, resourcesDir: RESOURCES, withSample: true }).close()
    const session = ArchiveSession.open({ path, resourcesDir: RESOURCES, readOnly: true })
    try {
      await expect(session.api.restoreBackup()).rejects.toThrow(
        /^The archive is open read-only \(opened read-only as asked\): a backup cannot be put in its place\.$/
      )
    } finally {
      await session.stop()
    }
  })
})
