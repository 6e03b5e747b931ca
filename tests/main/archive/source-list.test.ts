// The library's listing in windows: totals, pages, finding a source, counts, and a listing that follows every write.

import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { MIGRATIONS, openDatabase } from '../../../src/main/archive/db'
import { deferListing } from '../../../src/main/archive/source-list'
import type { SourceSummary } from '../../../src/shared/model'
import { RESOURCES, expectArchiveError, tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

function fresh(): Archive {
  handle = tempArchive()
  return handle.archive
}

const titles = (list: SourceSummary[]): string[] => list.map((s) => s.title)

/** Letters 1 to n, added in a shuffled order, every third in French. */
async function letters(archive: Archive, n: number): Promise<void> {
  const order = Array.from({ length: n }, (_, i) => ((i * 7) % n) + 1)
  for (const i of order) {
    await archive.createSource({
      title: `Letter ${i}`,
      text: `Letter number ${i}.`,
      language: i % 3 === 0 ? 'fr' : 'en',
      creators: [{ name: i % 2 ? 'Əliyev, Ə.' : 'Smith, J.', role: 'author' }]
    })
  }
}

describe('a window of the listing', () => {
  it('gives the total, the rows from an offset in order, numbers sorted as numbers', async () => {
    const archive = fresh()
    await letters(archive, 12)
    const page = await archive.listSourcePage({ offset: 8, limit: 3 })
    expect(page.total).toBe(12)
    expect(page.offset).toBe(8)
    expect(titles(page.sources)).toEqual(['Letter 9', 'Letter 10', 'Letter 11'])
    const down = await archive.listSourcePage({ descending: true, limit: 2 })
    expect(titles(down.sources)).toEqual(['Letter 12', 'Letter 11'])
    const past = await archive.listSourcePage({ offset: 50 })
    expect(past).toMatchObject({ total: 12, sources: [] })
  })

  it('filters folded, by language, and agrees with listSources', async () => {
    const archive = fresh()
    await letters(archive, 12)
    const page = await archive.listSourcePage({ filter: 'ƏLIYEV', language: 'fr', limit: 10 })
    expect(titles(page.sources)).toEqual(['Letter 3', 'Letter 9'])
    expect(page.total).toBe(2)
    // Words shorter than three letters, and a quote, mean what they say too.
    const short = await archive.listSourcePage({ filter: 'er 1', limit: 20 })
    expect(titles(short.sources)).toEqual(['Letter 1', 'Letter 10', 'Letter 11', 'Letter 12'])
    expect((await archive.listSourcePage({ filter: 'let"ter' })).total).toBe(0)
    const whole = await archive.listSources({ filter: 'eliyev', sort: 'creators' })
    const paged = await archive.listSourcePage({ filter: 'eliyev', sort: 'creators' })
    expect(paged.sources).toEqual(whole)
  })

  it('finds a source in the listing, or says it is not there', async () => {
    const archive = fresh()
    await letters(archive, 12)
    const all = await archive.listSources()
    const tenth = all[9]
    const page = await archive.listSourcePage({ limit: 0, find: tenth.id })
    expect(page.sources).toEqual([])
    expect(page.found).toEqual({ index: 9, source: tenth })
    const french = await archive.listSourcePage({ language: 'fr', find: all[0].id })
    expect(french.found).toBeNull()
  })

  it('counts the archive per language whatever the filter', async () => {
    const archive = fresh()
    await letters(archive, 12)
    const page = await archive.listSourcePage({ filter: 'nothing like this', counts: true })
    expect(page.total).toBe(0)
    expect(page.counts).toEqual({
      sources: 12,
      languages: [
        { language: 'en', count: 8 },
        { language: 'fr', count: 4 }
      ]
    })
  })

  it('refuses a bad window with a clear error', async () => {
    const archive = fresh()
    await expectArchiveError(
      archive.listSourcePage({ offset: -1 }),
      'INVALID_ARGUMENT',
      /offset must be a whole number/
    )
    await expectArchiveError(
      archive.listSourcePage({ limit: 5000 }),
      'INVALID_ARGUMENT',
      /limit must be a whole number from 0 to 1000/
    )
    await expectArchiveError(
      archive.listSourcePage({ find: 'no such id!' }),
      'INVALID_ARGUMENT',
      /find must be an id/
    )
  })
})

describe('the listing follows every write', () => {
  it('re-sorts and re-filters after a metadata edit, and after its undo', async () => {
    const archive = fresh()
    await letters(archive, 3)
    const [first] = await archive.listSources()
    await archive.updateSource(first.id, { title: 'Zakat in Şəki', description: 'Tax records' })
    expect(titles(await archive.listSources())).toEqual(['Letter 2', 'Letter 3', 'Zakat in Şəki'])
    expect(titles(await archive.listSources({ filter: 'seki records' }))).toEqual(['Zakat in Şəki'])
    await archive.undo()
    expect(titles(await archive.listSources())).toEqual(['Letter 1', 'Letter 2', 'Letter 3'])
    expect(await archive.listSources({ filter: 'seki' })).toEqual([])
  })

  it('counts and sorts by annotations as they are made, orphaned, deleted and undone', async () => {
    const archive = fresh()
    await letters(archive, 3)
    const [one, two] = await archive.listSources()
    const a = await archive.createAnnotation({ sourceId: two.id, target: { quote: 'Letter' } })
    await archive.createAnnotation({ sourceId: two.id, target: { quote: 'number' } })
    await archive.createAnnotation({ sourceId: one.id, target: { quote: 'number' } })
    const counts = async (): Promise<Record<string, [number, number]>> =>
      Object.fromEntries(
        (await archive.listSources()).map((s) => [s.title, [s.annotationCount, s.orphanCount]])
      )
    expect(await counts()).toEqual({ 'Letter 1': [1, 0], 'Letter 2': [2, 0], 'Letter 3': [0, 0] })
    expect(titles(await archive.listSources({ sort: 'annotations', descending: true }))).toEqual([
      'Letter 2',
      'Letter 1',
      'Letter 3'
    ])
    // An edit that removes the quoted word orphans the annotation on it.
    await archive.editSourceText(two.id, 'Something else entirely.')
    expect(await counts()).toMatchObject({ 'Letter 2': [0, 2] })
    await archive.undo()
    expect(await counts()).toMatchObject({ 'Letter 2': [2, 0] })
    await archive.deleteAnnotation(a.id)
    expect(await counts()).toMatchObject({ 'Letter 2': [1, 0] })
    // A deleted source's annotations come back with it.
    await archive.deleteSource(two.id)
    expect(titles(await archive.listSources())).toEqual(['Letter 1', 'Letter 3'])
    await archive.undo()
    expect(await counts()).toEqual({ 'Letter 1': [1, 0], 'Letter 2': [1, 0], 'Letter 3': [0, 0] })
    expect(await archive.listSources()).toEqual(
      await Promise.all((await archive.listSources()).map((s) => archive.getSource(s.id))).then(
        (full) => full.map(({ text: _text, ...summary }) => summary)
      )
    )
  })

  it('lists a bulk import as the trigger lists a source added alone, in the order imported', async () => {
    const archive = fresh()
    // Same titles: ties in every order keep the order the files were imported in.
    const files = [1, 2, 3].map((i) => ({
      name: `lettre-${i}.html`,
      data: new TextEncoder().encode(
        `<html lang="fr"><head><title>Lettre de Bakı</title><meta name="author" content="Əliyev, Ə."></head>
         <body><p>Lettre numéro ${i}, écrite à Bakı en septembre 1918.</p></body></html>`
      )
    }))
    const report = await archive.importFiles(files)
    const ids = report.imported.map((s) => s.id)
    await archive.createAnnotation({ sourceId: ids[1], target: { quote: 'Bakı' } })
    const rows = (): Record<string, unknown>[] =>
      archive.database.prepare('SELECT * FROM source_list ORDER BY n').all() as Record<
        string,
        unknown
      >[]
    expect(rows().map((r) => r.source_id)).toEqual(ids)
    expect((await archive.listSources({ sort: 'title' })).map((s) => s.id)).toEqual(ids)
    expect((await archive.listSources({ filter: 'eliyev baki' })).map((s) => s.id)).toEqual(ids)
    const list = await archive.listSources()
    expect(list.map((s) => [s.language, s.creators[0]?.name, s.annotationCount])).toEqual([
      ['fr', 'Əliyev, Ə.', 0],
      ['fr', 'Əliyev, Ə.', 1],
      ['fr', 'Əliyev, Ə.', 0]
    ])
    // The same sources put back by undo have their rows written by the trigger: the same rows.
    const withoutN = (list: Record<string, unknown>[]): Record<string, unknown>[] =>
      list
        .map(({ n: _n, ...row }) => row)
        .sort((x, y) => String(x.source_id).localeCompare(String(y.source_id)))
    const imported = withoutN(rows())
    for (const id of ids) {
      await archive.deleteSource(id)
      await archive.undo()
    }
    expect(withoutN(rows())).toEqual(imported)
  })

  it('writes the listing by trigger again after an import batch that failed', async () => {
    const archive = fresh()
    expect(() =>
      deferListing(archive.database, () => {
        throw new Error('the disk is full')
      })
    ).toThrow('the disk is full')
    await archive.createSource({ title: 'Report from Baku', text: 'The Turks attacked.' })
    expect(titles(await archive.listSources({ filter: 'baku' }))).toEqual(['Report from Baku'])
  })

  it('lists the sources of an archive made before the listing existed', async () => {
    handle = tempArchive()
    const path = handle.path
    handle.archive.close()
    // An archive of schema 2, as the previous version wrote it.
    rmSync(path, { force: true })
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 2) })
    const insert = old.prepare(
      `INSERT INTO sources (id, content_hash, text_length, paragraph_count, created, modified, title, creators, description)
       VALUES (?, 'h', 5, 1, '2025-01-01', '2025-01-01', ?, ?, ?)`
    )
    insert.run('OLD1', 'Report 10', '[{"name":"Dunsterville, L.","role":"author"}]', 'Bakı')
    insert.run('OLD2', 'Report 9', '[]', '')
    for (const id of ['OLD1', 'OLD2']) {
      old
        .prepare(
          `INSERT INTO revisions (source_id, n, content_hash, created, text) VALUES (?, 1, 'h', '2025-01-01', 'Report')`
        )
        .run(id)
    }
    old
      .prepare(
        `INSERT INTO annotations (id, source_id, start, end, exact, created, modified)
         VALUES ('A1', 'OLD1', 0, 6, 'Report', '2025-01-01', '2025-01-01')`
      )
      .run()
    old.close()
    handle.archive = Archive.open({ path, resourcesDir: RESOURCES })
    const list = await handle.archive.listSources()
    expect(titles(list)).toEqual(['Report 9', 'Report 10'])
    expect(list[1].annotationCount).toBe(1)
    expect(titles(await handle.archive.listSources({ filter: 'baki dunsterville' }))).toEqual([
      'Report 10'
    ])
  })
})
