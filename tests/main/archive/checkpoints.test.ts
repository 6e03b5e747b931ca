// Checkpoints made in a worker thread of their own: what was written reaches the archive's file, and when the worker cannot make them the writes go on and SQLite makes them itself.

import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { BACKSTOP_FRAMES, Checkpoints } from '../../../src/main/archive/checkpoints'
import { RESOURCES, tempDir, titlesInFileAlone } from '../../helpers/archive'

const open: { archive: Archive; checkpoints: Checkpoints }[] = []

afterEach(async () => {
  for (const { archive, checkpoints } of open.splice(0)) {
    await checkpoints.close()
    archive.close()
  }
})

function setUp(checkpointPath?: string): {
  archive: Archive
  checkpoints: Checkpoints
  lines: string[]
} {
  const archive = Archive.open({ path: join(tempDir(), 'a.parallax'), resourcesDir: RESOURCES })
  const lines: string[] = []
  const checkpoints = new Checkpoints(checkpointPath ?? archive.path, (line) => lines.push(line))
  open.push({ archive, checkpoints })
  return { archive, checkpoints, lines }
}

describe('Checkpoints', () => {
  it('copies what a write added into the archive file; a call that wrote nothing starts none', async () => {
    const { archive, checkpoints, lines } = setUp()
    await archive.createSource({ title: 'Telegram', text: 'Enzeli, noon.' })
    expect(titlesInFileAlone(archive.path)).not.toContain('Telegram')
    checkpoints.afterCall(archive.database)
    await expect
      .poll(() => titlesInFileAlone(archive.path), { timeout: 60_000 })
      .toContain('Telegram')
    expect(archive.database.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_FRAMES)
    await archive.listSources()
    checkpoints.afterCall(archive.database)
    expect(lines).toEqual([])
  }, 120_000)

  it('when the worker cannot checkpoint, says so once and the writes go on', async () => {
    const { archive, checkpoints, lines } = setUp(join(tempDir(), 'missing', 'a.parallax'))
    for (const title of ['Telegram', 'Dispatch', 'Signal']) {
      await archive.createSource({ title, text: `${title}: Baku, evening.` })
      checkpoints.afterCall(archive.database)
    }
    await expect.poll(() => lines, { timeout: 60_000 }).toHaveLength(1)
    expect(lines[0]).toMatch(/^a checkpoint in its own thread failed \(.+\); the writes checkpoint/)
    await archive.createSource({ title: 'Note', text: 'Petrovsk, dawn.' })
    checkpoints.afterCall(archive.database)
    expect((await archive.listSources()).map((s) => s.title)).toEqual(
      expect.arrayContaining(['Telegram', 'Dispatch', 'Signal', 'Note'])
    )
  }, 120_000)
})
