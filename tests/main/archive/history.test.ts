// Session undo/redo: every write is one step that undo reverts exactly and redo re-applies, with labels for the menu.

import { afterEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { History } from '../../../src/main/archive/history'
import { utf8 } from '../../helpers/archive'
import { expectArchiveError, snapshot, tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

function sample(): Archive {
  handle = tempArchive({ sample: true })
  return handle.archive
}

function empty(): Archive {
  handle = tempArchive()
  return handle.archive
}

describe('undo and redo', () => {
  it('undo removes a created source; redo brings it back with the same id, searchable', async () => {
    const archive = empty()
    const created = await archive.createSource({
      title: 'Letter',
      text: 'Greetings from Zanzibar.'
    })
    expect((await archive.archiveInfo()).undo).toContain('Letter')

    const step = await archive.undo()
    expect(step.label).toContain('Letter')
    expect(await archive.listSources()).toEqual([])
    await expectArchiveError(archive.getSource(created.id), 'NOT_FOUND')
    expect((await archive.search('zanzibar')).hits).toEqual([])
    const info = await archive.archiveInfo()
    expect(info.undo).toBeNull()
    expect(info.redo).toContain('Letter')

    await archive.redo()
    expect(await archive.getSource(created.id)).toEqual(created)
    const results = await archive.search('zanzibar')
    expect(results.hits.map((h) => h.sourceId)).toEqual([created.id])
    expect((await archive.archiveInfo()).redo).toBeNull()
  })

  it('undo restores metadata; redo re-applies the edit', async () => {
    const archive = sample()
    const [first] = await archive.listSources()
    const before = snapshot(archive)
    await archive.updateSource(first.id, { title: 'Renamed zebra', date: '1918' })
    const edited = snapshot(archive)
    await archive.undo()
    expect(snapshot(archive)).toEqual(before)
    expect((await archive.getSource(first.id)).title).toBe(first.title)
    expect((await archive.search('zebra')).hits).toEqual([])
    await archive.redo()
    expect(snapshot(archive)).toEqual(edited)
    expect((await archive.search('zebra')).hits.map((h) => h.sourceId)).toEqual([first.id])
  })

  it('undo of a delete restores the source with all its revisions, identical', async () => {
    const archive = sample()
    const english = (await archive.listSources()).find((s) => s.revision === 2)!
    const before = snapshot(archive)
    const search = await archive.search('Hasanov')
    await archive.deleteSource(english.id)
    expect(snapshot(archive)).not.toEqual(before)
    await archive.undo()
    expect(snapshot(archive)).toEqual(before)
    expect(await archive.search('Hasanov')).toEqual(search)
    await archive.redo()
    await expectArchiveError(archive.getSource(english.id), 'NOT_FOUND')
    const revisions = archive.database
      .prepare('SELECT count(*) AS n FROM revisions WHERE source_id = ?')
      .get(english.id) as { n: number }
    expect(revisions.n).toBe(0)
  })

  it('undoes an import of several files in one step', async () => {
    const archive = empty()
    const before = snapshot(archive)
    const report = await archive.importFiles([
      { name: 'a.txt', data: utf8('First file.') },
      { name: 'b.txt', data: utf8('Second file.') }
    ])
    expect(report.imported).toHaveLength(2)
    await archive.undo()
    expect(snapshot(archive)).toEqual(before)
    await archive.redo()
    expect((await archive.listSources()).map((s) => s.id).sort()).toEqual(
      report.imported.map((s) => s.id).sort()
    )
  })

  it('undoes a bulk import sent in several requests as one step', async () => {
    const archive = empty()
    const before = snapshot(archive)
    const files = (from: number, n: number): { name: string; data: Uint8Array }[] =>
      Array.from({ length: n }, (_, k) => ({
        name: `f${from + k}.txt`,
        data: utf8(`File number ${from + k}.`)
      }))
    await archive.importFiles(files(0, 3), { batch: 'folder-1' })
    expect((await archive.archiveInfo()).undo).toBe('Import 3 files')
    await archive.importFiles(files(3, 2), { batch: 'folder-1' })
    await archive.importFiles(files(5, 1), { batch: 'folder-1' })
    expect((await archive.archiveInfo()).undo).toBe('Import 6 files')
    const all = snapshot(archive)
    await archive.undo()
    expect(snapshot(archive)).toEqual(before)
    expect((await archive.archiveInfo()).undo).toBeNull()
    await archive.redo()
    expect(snapshot(archive)).toEqual(all)
    expect((await archive.search('number')).hits).toHaveLength(6)
  })

  it('keeps requests apart when another change, or another import, comes between them', async () => {
    const archive = empty()
    await archive.importFiles([{ name: 'a.txt', data: utf8('First file.') }], { batch: 'x' })
    await archive.createTag({ name: 'Place', color: '#117733' })
    await archive.importFiles([{ name: 'b.txt', data: utf8('Second file.') }], { batch: 'x' })
    await archive.importFiles([{ name: 'c.txt', data: utf8('Third file.') }], { batch: 'y' })
    await archive.importFiles([{ name: 'd.txt', data: utf8('Fourth file.') }])
    await archive.importFiles([{ name: 'e.txt', data: utf8('Fifth file.') }])
    const titles = async (): Promise<string[]> =>
      (await archive.listSources()).map((s) => s.title).sort()
    // Each import is its own step (titles come from the file names): e, d, c (batch y), b.
    for (const expected of [['a', 'b', 'c', 'd'], ['a', 'b', 'c'], ['a', 'b'], ['a']]) {
      await archive.undo()
      expect(await titles()).toEqual(expected)
    }
    expect((await archive.archiveInfo()).undo).toMatch(/Place/)
  })

  it('refuses a batch that is not a string, and imports nothing', async () => {
    const archive = empty()
    const before = snapshot(archive)
    await expectArchiveError(
      archive.importFiles([{ name: 'a.txt', data: utf8('Text.') }], {
        batch: 42 as unknown as string
      }),
      'INVALID_ARGUMENT'
    )
    expect(snapshot(archive)).toEqual(before)
  })

  it('undoes the deletion of a variant set, and search expands again', async () => {
    const archive = sample()
    const set = (await archive.listVariantSets()).find((s) => s.terms.includes('Baku'))!
    const before = await archive.search('baki')
    await archive.deleteVariantSet(set.id)
    expect((await archive.search('baki')).hits.length).toBeLessThan(before.hits.length)
    await archive.undo()
    expect(await archive.listVariantSets()).toContainEqual(set)
    expect(await archive.search('baki')).toEqual(before)
  })

  it('walks back and forth through several steps in order', async () => {
    const archive = empty()
    const states = [snapshot(archive)]
    const a = await archive.createSource({ title: 'A', text: 'Alpha.' })
    states.push(snapshot(archive))
    await archive.updateSource(a.id, { title: 'A2' })
    states.push(snapshot(archive))
    await archive.createSource({ title: 'B', text: 'Beta.' })
    states.push(snapshot(archive))
    await archive.deleteSource(a.id)
    states.push(snapshot(archive))
    for (let i = states.length - 2; i >= 0; i--) {
      await archive.undo()
      expect(snapshot(archive), `after undo to state ${i}`).toEqual(states[i])
    }
    await expectArchiveError(archive.undo(), 'NOTHING_TO_UNDO')
    for (let i = 1; i < states.length; i++) {
      await archive.redo()
      expect(snapshot(archive), `after redo to state ${i}`).toEqual(states[i])
    }
    await expectArchiveError(archive.redo(), 'NOTHING_TO_UNDO')
  })

  it('a new change after undo clears redo', async () => {
    const archive = empty()
    await archive.createSource({ title: 'A', text: 'Alpha.' })
    await archive.undo()
    expect((await archive.archiveInfo()).redo).toContain('A')
    await archive.createSource({ title: 'B', text: 'Beta.' })
    expect((await archive.archiveInfo()).redo).toBeNull()
    await expectArchiveError(archive.redo(), 'NOTHING_TO_UNDO')
    expect((await archive.listSources()).map((s) => s.title)).toEqual(['B'])
  })

  it('says NOTHING_TO_UNDO with nothing to undo or redo, and changes nothing', async () => {
    const archive = sample()
    const before = snapshot(archive)
    await expectArchiveError(archive.undo(), 'NOTHING_TO_UNDO', /undo/i)
    await expectArchiveError(archive.redo(), 'NOTHING_TO_UNDO', /redo/i)
    expect(snapshot(archive)).toEqual(before)
  })

  it('records no step for a call that failed or changed nothing', async () => {
    const archive = sample()
    const [first] = await archive.listSources()
    await expectArchiveError(
      archive.updateSource(first.id, { date: 'Sept 1918' }),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(archive.deleteSource('NOPE2345'), 'NOT_FOUND')
    await archive.updateSource(first.id, {})
    await archive.importFiles([{ name: 'empty.txt', data: new Uint8Array(0) }])
    expect((await archive.archiveInfo()).undo).toBeNull()
  })

  it('does not undo settings', async () => {
    const archive = empty()
    await archive.setSetting('reader.layout', { columns: 2 })
    await expectArchiveError(archive.undo(), 'NOTHING_TO_UNDO')
    expect(await archive.getSetting('reader.layout')).toEqual({ columns: 2 })
  })

  it('belongs to the session: a reopened archive has nothing to undo', async () => {
    const archive = empty()
    await archive.createSource({ title: 'A', text: 'Alpha.' })
    const reopened = handle!.reopen()
    await expectArchiveError(reopened.undo(), 'NOTHING_TO_UNDO')
    expect(await reopened.listSources()).toHaveLength(1)
  })

  it('labels steps so the Edit menu can say what undo and redo will do', async () => {
    const archive = sample()
    const [first] = await archive.listSources()
    await archive.updateSource(first.id, { date: '1918' })
    const edit = (await archive.archiveInfo()).undo
    expect(edit).toBeTruthy()
    await archive.deleteSource(first.id)
    const info = await archive.archiveInfo()
    expect(info.undo).toContain(first.title)
    expect(info.undo).not.toBe(edit)
    await archive.undo()
    expect(await archive.archiveInfo()).toMatchObject({ undo: edit, redo: info.undo })
  })
})

describe('the bounds of the undo history', () => {
  function notes(
    maxSteps: number,
    maxBytes: number
  ): { history: History; write: (n: number) => void; count: () => number } {
    handle = tempArchive()
    const db = handle.archive.database
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)')
    const history = new History(db, ['notes'], { maxSteps, maxBytes })
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)')
    return {
      history,
      write: (n) => history.record(`note ${n}`, [], () => insert.run('x'.repeat(100_000))),
      count: () => (db.prepare('SELECT count(*) AS n FROM temp.undo_log').get() as { n: number }).n
    }
  }

  it('keeps at most the newest steps the step bound allows, oldest dropped first', () => {
    const { history, write, count } = notes(3, 1e9)
    for (let n = 1; n <= 5; n++) write(n)
    expect(count()).toBe(3)
    const undone: string[] = []
    for (;;) {
      try {
        undone.push(history.undo().label)
      } catch {
        break
      }
    }
    expect(undone).toEqual(['note 5', 'note 4', 'note 3'])
  })

  it('drops the oldest steps once their inverse statements pass the byte bound, keeping the newest', () => {
    // Each inverse is a DELETE of a few dozen bytes; inserting large rows would make small inverses,
    // so delete the rows instead: their inverse INSERT carries the 100 kB body.
    const { history, write, count } = notes(1000, 250_000)
    for (let n = 1; n <= 4; n++) write(n)
    const db = handle!.archive.database
    const del = db.prepare('DELETE FROM notes WHERE id = ?')
    for (let id = 1; id <= 4; id++) history.record(`delete ${id}`, [], () => del.run(id))
    // Two 100 kB inverses fit in 250 kB with the small ones; the older deletions are dropped.
    expect(history.undo().label).toBe('delete 4')
    expect(history.undo().label).toBe('delete 3')
    expect(() => history.undo()).toThrow()
    expect(count()).toBeGreaterThan(0)
  })
})
