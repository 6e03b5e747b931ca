// Two connections (as two Parallax processes) on one archive file: writers wait their turn, undo stays one's own.

import { fork } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { immediate } from '../../../src/main/archive/db'
import { RESOURCES, expectArchiveError, tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive | undefined
const others: Archive[] = []
afterEach(() => {
  for (const a of others.splice(0)) a.close()
  handle?.cleanup()
  handle = undefined
})

function second(path: string): Archive {
  const other = Archive.open({ path, resourcesDir: RESOURCES })
  others.push(other)
  return other
}

describe('two writers on one archive', () => {
  it('undoing my metadata edit leaves the field another process changed meanwhile', async () => {
    handle = tempArchive({ sample: true })
    const mine = handle.archive
    const theirs = second(handle.path)
    const [source] = await mine.listSources()
    await mine.updateSource(source.id, { title: 'My title' })
    await theirs.updateSource(source.id, { publisher: 'Their publisher' })
    await mine.undo()
    const now = await theirs.getSource(source.id)
    expect(now.title).toBe(source.title)
    expect(now.publisher).toBe('Their publisher')
  })

  it('undoing my note leaves the note another process wrote over it', async () => {
    handle = tempArchive({ sample: true })
    const mine = handle.archive
    const theirs = second(handle.path)
    const [source] = await mine.listSources()
    const a = await mine.createAnnotation({ sourceId: source.id, target: { start: 1, end: 9 } })
    await mine.updateAnnotation(a.id, { note: 'mine' })
    await theirs.updateAnnotation(a.id, { note: 'theirs' })
    await mine.undo()
    expect((await theirs.getAnnotation(a.id)).note).toBe('theirs')
    // Undoing further still takes away only what was mine: the annotation I made.
    await mine.undo()
    await expectArchiveError(theirs.getAnnotation(a.id), 'NOT_FOUND')
  })

  it('a write sees what another process wrote just before, and indexes only its own change', async () => {
    handle = tempArchive()
    const mine = handle.archive
    const theirs = second(handle.path)
    const a = await theirs.createSource({
      title: 'Letter from Lankaran',
      text: 'Rain in Lankaran.'
    })
    const b = await mine.createSource({ title: 'Letter from Quba', text: 'Snow in Quba.' })
    expect((await mine.search('lankaran')).hits.map((h) => h.sourceId)).toContain(a.id)
    expect((await theirs.search('quba')).hits.map((h) => h.sourceId)).toContain(b.id)
    await theirs.deleteSource(a.id)
    expect((await mine.search('lankaran')).hits).toEqual([])
  })

  it('a writer held up past the timeout gets one clear line, and its change is not half made', async () => {
    handle = tempArchive({ sample: true })
    const path = handle.path
    const [source] = await handle.archive.listSources()
    const before = await handle.archive.listAnnotations()
    // A child process takes the write lock and holds it for longer than the busy timeout.
    const holder = fork(join(__dirname, 'hold-write-lock.mjs'), [path, '7000'], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc']
    })
    await new Promise<void>((ok, fail) => {
      holder.once('message', () => ok())
      holder.once('exit', (code) => fail(new Error(`lock holder exited with ${code}`)))
    })
    try {
      await expectArchiveError(
        handle.archive.createAnnotation({
          sourceId: source.id,
          target: { start: 0, end: 10 },
          note: 'waits'
        }),
        'BUSY',
        /another Parallax is writing/
      )
    } finally {
      holder.kill()
    }
    expect(await handle.archive.listAnnotations()).toEqual(before)
  }, 30_000)

  it('writers wait their turn instead of failing at once', async () => {
    handle = tempArchive({ sample: true })
    const path = handle.path
    const [source] = await handle.archive.listSources()
    const holder = fork(join(__dirname, 'hold-write-lock.mjs'), [path, '1500'], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc']
    })
    await new Promise<void>((ok, fail) => {
      holder.once('message', () => ok())
      holder.once('exit', (code) => fail(new Error(`lock holder exited with ${code}`)))
    })
    const made = await handle.archive.createAnnotation({
      sourceId: source.id,
      target: { start: 0, end: 10 },
      note: 'waited'
    })
    expect((await handle.archive.getAnnotation(made.id)).note).toBe('waited')
    holder.kill()
  }, 30_000)

  it('nested writes become savepoints of the one transaction', () => {
    handle = tempArchive()
    const db = handle.archive.database
    db.exec('CREATE TABLE t (x)')
    expect(() =>
      immediate(db, () => {
        db.prepare('INSERT INTO t VALUES (1)').run()
        immediate(db, () => db.prepare('INSERT INTO t VALUES (2)').run())
        throw new Error('roll back both')
      })
    ).toThrow('roll back both')
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 })
  })
})

describe('undo after another process changed the same records', () => {
  it('an undo that can no longer apply says so in one line and leaves both changes', async () => {
    handle = tempArchive({ sample: true })
    const mine = handle.archive
    const theirs = second(handle.path)
    const [source] = await mine.listSources()
    const annotation = await mine.createAnnotation({
      sourceId: source.id,
      target: { start: 1, end: 12 },
      note: 'mine'
    })
    await mine.deleteAnnotation(annotation.id)
    // The other process deletes the source: my deleted annotation has nowhere to come back to.
    await theirs.deleteSource(source.id)
    await expectArchiveError(
      mine.undo(),
      'CONFLICT',
      /cannot be undone: what it changed was changed elsewhere/
    )
    await expectArchiveError(theirs.getSource(source.id), 'NOT_FOUND')
    // The step is gone; the one before it (creating the annotation) is next.
    expect((await mine.archiveInfo()).undo).toMatch(/^Annotate/)
  })
})

describe('watching for changes made elsewhere', () => {
  it('a waiter wakes when another process commits, and not for its own writes', async () => {
    handle = tempArchive({ sample: true })
    const mine = handle.archive
    const theirs = second(handle.path)
    const { version } = await mine.watchChanges(-1)
    // My own write does not wake me: the waiter times out with nothing.
    const [source] = await mine.listSources()
    const quiet = mine.watchChanges(version, 600)
    await mine.updateSource(source.id, { publisher: 'Mine' })
    expect(await quiet).toEqual({ version, sourceIds: [] })
    const woken = mine.watchChanges(version, 20_000)
    await theirs.updateSource(source.id, { publisher: 'Theirs' })
    const change = await woken
    expect(change.version).toBeGreaterThan(version)
    expect(change.sourceIds).toBeNull()
    // A change noted by this connection (as a sync pull does) names its sources.
    const next = mine.watchChanges(change.version, 20_000)
    mine.noteChanges([source.id])
    expect(await next).toEqual({ version: change.version + 1, sourceIds: [source.id] })
  })

  it('refuses a malformed version or wait', async () => {
    handle = tempArchive()
    await expectArchiveError(handle.archive.watchChanges(1.5), 'INVALID_ARGUMENT')
    await expectArchiveError(handle.archive.watchChanges(0, 3_600_000), 'INVALID_ARGUMENT')
  })
})
