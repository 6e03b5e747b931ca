// A damaged archive through the writing thread: SQLite's errors reach the caller as the same one-line ArchiveErrors as on the main thread.

import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
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
})
