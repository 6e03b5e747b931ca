// A damaged archive through the writing thread: SQLite's errors reach the caller as the same one-line ArchiveErrors as on the main thread.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { CHECK_ON_OPEN_BYTES } from '../../../src/main/archive/db'
import { ArchiveError } from '../../../src/shared/errors'
import { ThreadedSession } from '../../../src/main/writer/threaded-session'
import { RESOURCES, tempDir } from '../../helpers/archive'
import { damagePages } from '../../helpers/damage-pages'

describe('ThreadedSession on a damaged archive', () => {
  it("opens it read-only and says a read that meets a broken page is the file's damage, in one line", async () => {
    const path = join(tempDir(), 'damaged.parallax')
    const made = Archive.open({ path, resourcesDir: RESOURCES, withSample: true })
    for (let i = 0; i < 120; i++)
      await made.createSource({
        title: `Letter ${i}`,
        text: `Letter number ${i}.\n\n${'The harbour was quiet that morning. '.repeat(60)}`
      })
    made.close()
    damagePages(path)

    const session = await ThreadedSession.open({
      path,
      resourcesDir: RESOURCES,
      readWorkers: 1,
      copiesDir: tempDir(),
      logPrefix: 'test: '
    })
    try {
      expect(session.health.state).toBe('damaged')
      const { api } = session
      const outcomes = await Promise.all(
        [
          api.listTags(),
          api.listSources(),
          api.search('harbour'),
          api.archiveInfo(),
          api.listAnnotations(),
          api.listSourcePage({ offset: 0, limit: 50, counts: true }),
          api.listHandoutSets()
        ].map((p) =>
          p.then(
            () => null,
            (e: unknown) => e
          )
        )
      )
      const failures = outcomes.filter((e) => e !== null)
      expect(failures.length).toBeGreaterThan(0)
      for (const e of failures) {
        expect(e).toBeInstanceOf(ArchiveError)
        expect((e as Error).message).toMatch(
          /^The archive file is damaged \(.*\); restore a backup\.$/
        )
      }
      await expect(api.createTag({ name: 'Witness', color: '#336699' })).rejects.toThrow(/damaged/)
    } finally {
      await session.stop()
    }
  }, 120_000)

  it('opens a large archive without the quick check; the full check then finds its damage, turns it read-only, and no backup copies it', async () => {
    const dir = tempDir()
    const path = join(dir, 'large.parallax')
    const made = Archive.open({ path, resourcesDir: RESOURCES, withSample: true })
    // Past the size checked on open, written fast (zeros): the pages a large archive would have.
    made.database.exec('CREATE TABLE test_padding (b BLOB)')
    made.database
      .prepare('INSERT INTO test_padding VALUES (zeroblob(?))')
      .run(CHECK_ON_OPEN_BYTES + 4 * 1024 * 1024)
    // Made long ago, so a scheduled backup is due as soon as a session opens it.
    made.database.exec("UPDATE schema_migrations SET applied = '2001-01-01T00:00:00.000Z'")
    made.close()
    damagePages(path)
    // Opened without a full check to follow (the CLI), it is checked, and found damaged, at once.
    const direct = Archive.open({ path, resourcesDir: RESOURCES })
    expect(direct.health.state).toBe('damaged')
    direct.close()

    const session = await ThreadedSession.open({
      path,
      resourcesDir: RESOURCES,
      readWorkers: 1,
      background: true,
      copiesDir: dir,
      logPrefix: 'test: ',
      log: () => undefined
    })
    try {
      expect(session.health.state).toBe('ok')
      await vi.waitFor(
        async () => expect((await session.api.archiveInfo()).health.state).toBe('damaged'),
        { timeout: 100_000, interval: 200 }
      )
      await expect(session.api.createTag({ name: 'Witness', color: '#336699' })).rejects.toThrow(
        /damaged/
      )
      expect(existsSync(join(dir, 'Backups'))).toBe(false)
    } finally {
      await session.stop()
    }
  }, 150_000)
})
