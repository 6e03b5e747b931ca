// Archive bundles: identical round trips, merges that never duplicate, and bad bundles refused with nothing changed.

import { strToU8, strFromU8, unzipSync, zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { TABLES } from '../../../src/main/archive/bundle-format'
import { SCHEMA_VERSION } from '../../../src/main/archive/db'
import type { Archive } from '../../../src/main/archive/archive'
import { expectArchiveError, tempArchive, type TempArchive } from '../../helpers/archive'
import { dumpTables, populate, type Populated } from '../../helpers/populated'
import { deflatedZeros, rawZip } from './importers/fixtures'

type Files = Record<string, Uint8Array>

/** A bundle taken apart, changed by `edit`, and zipped again. */
function rebuild(bundle: Uint8Array, edit: (files: Files) => void): Uint8Array {
  const files = unzipSync(bundle)
  edit(files)
  return zipSync(files)
}

type Json = Record<string, unknown>

function editJson<T>(files: Files, name: string, edit: (value: T) => unknown): void {
  files[name] = strToU8(JSON.stringify(edit(JSON.parse(strFromU8(files[name])) as T)))
}

let populated: TempArchive
let made: Populated
let bundle: Uint8Array

beforeAll(async () => {
  populated = tempArchive({ sample: true })
  made = await populate(populated.archive)
  bundle = await populated.archive.exportBundle()
  return () => populated.cleanup()
})

function fresh(sample = false): Archive {
  return tempArchive({ sample }).archive
}

describe('round trip', () => {
  it('a new empty archive that imports the bundle holds every record, ids included', async () => {
    const target = fresh()
    const report = await target.importBundle(bundle)
    expect(dumpTables(target)).toEqual(dumpTables(populated.archive))
    expect(report.sources).toEqual({ added: 3, existing: 0 })
    expect(report.annotations).toEqual({ added: 4, existing: 0 })
    expect(report.links).toEqual({ added: 2, existing: 0 })
    expect(report.relations).toEqual({ added: 1, existing: 5 })
    expect(report.handoutSets).toEqual({ added: 1, existing: 0 })
    // What the user sees: the orphan stays an orphan, the set and the archive name come along.
    expect((await target.getAnnotation(made.orphanId)).status).toBe('orphan')
    expect((await target.getHandoutSet(made.setId)).title).toBe('Baku, September 1918')
    expect((await target.archiveInfo()).name).toBe('Baku 1918')
    expect((await target.search('Bakou')).hits.length).toBeGreaterThan(0)
  })

  it('the import is one undo step', async () => {
    const target = fresh()
    const before = dumpTables(target)
    await target.importBundle(bundle)
    expect((await target.archiveInfo()).undo).toBe('Import bundle')
    await target.undo()
    expect(dumpTables(target)).toEqual(before)
  })

  it('the bundle holds a manifest, one JSON list per table and each text once', () => {
    const files = unzipSync(bundle)
    const manifest = JSON.parse(strFromU8(files['manifest.json']))
    expect(manifest).toMatchObject({
      format: 'parallax-bundle',
      formatVersion: 1,
      schemaVersion: SCHEMA_VERSION
    })
    for (const table of Object.keys(TABLES)) expect(files[`${table}.json`]).toBeDefined()
    const texts = Object.keys(files).filter((f) => f.startsWith('texts/'))
    expect(texts.length).toBe(manifest.counts.texts)
    expect(Object.keys(files)).not.toContain('settings.json')
  })

  it('the bundle format covers every column of every table it carries', () => {
    const db = populated.archive.database
    for (const [table, columns] of Object.entries(TABLES)) {
      const actual = db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table)
      const expected = Object.keys(columns)
      expect(actual.filter((c) => !(table === 'revisions' && c === 'text'))).toEqual(expected)
    }
  })
})

describe('merging into a non-empty archive', () => {
  it('importing the same bundle twice adds nothing the second time', async () => {
    const target = fresh()
    await target.importBundle(bundle)
    const once = dumpTables(target)
    const report = await target.importBundle(bundle)
    expect(dumpTables(target)).toEqual(once)
    expect(report.sources).toEqual({ added: 0, existing: 3 })
    expect(report.annotations).toEqual({ added: 0, existing: 4 })
    expect(report.tags.added + report.links.added + report.revisions.added).toBe(0)
  })

  it('into the archive it came from, nothing is added', async () => {
    const before = dumpTables(populated.archive)
    const report = await populated.archive.importBundle(bundle)
    expect(dumpTables(populated.archive)).toEqual(before)
    expect(Object.values(report).every((t) => t.added === 0)).toBe(true)
  })

  it('into another archive with the sample: same texts and tag names are matched, annotations attach there', async () => {
    const target = fresh(true)
    const sources = await target.listSources()
    const tags = await target.listTags()
    const report = await target.importBundle(bundle)
    // The two sample sources have other ids here but the same texts: only the memo is new.
    expect(report.sources).toEqual({ added: 1, existing: 2 })
    expect(report.tags).toEqual({ added: 0, existing: tags.length })
    expect(await target.listSources()).toHaveLength(3)
    expect(await target.listTags()).toHaveLength(tags.length)
    const tagged = await target.getAnnotation(made.annotationIds[0])
    const english = sources.find((s) => s.language === 'en')
    expect(tagged.sourceId).toBe(english?.id)
    expect(tagged.exact).toBe('Baku')
    // Tags map by name onto this archive's own tags.
    expect(tagged.tagIds.sort()).toEqual([tags[0].id, tags[1].id].sort())
    const set = await target.getHandoutSet(made.setId)
    expect(set.sourceIds.sort()).toEqual(sources.map((s) => s.id).sort())
    expect(set.selection.tagIds).toEqual([tags[0].id])
    // The sample's variant sets are already here; only the new one is added.
    expect(report.variantSets).toEqual({ added: 1, existing: 6 })
  })

  it('a source edited here keeps its text; the bundle annotations are re-anchored onto it', async () => {
    const target = fresh()
    await target.importBundle(bundle)
    const [sourceId] = made.sourceIds
    const text = (await target.getSource(sourceId)).text
    await target.editSourceText(sourceId, `A new first line.\n\n${text}`)
    const edited = (await target.getSource(sourceId)).text
    // Another copy of the original archive, with one more annotation made there.
    const other = fresh()
    await other.importBundle(bundle)
    const extra = await other.createAnnotation({ sourceId, target: { quote: 'Ottoman Empire' } })
    const report = await target.importBundle(await other.exportBundle())
    expect(report.annotations).toEqual({ added: 1, existing: 4 })
    const moved = await target.getAnnotation(extra.id)
    expect(moved.status).toBe('anchored')
    expect(edited.slice(moved.start, moved.end)).toBe('Ottoman Empire')
    expect((await target.getSource(sourceId)).text).toBe(edited)
  })
})

describe('bad bundles are refused with one reason and change nothing', () => {
  async function refused(
    data: Uint8Array,
    code: Parameters<typeof expectArchiveError>[1],
    message: RegExp
  ): Promise<void> {
    const target = tempArchive({ sample: true })
    const before = dumpTables(target.archive)
    await expectArchiveError(target.archive.importBundle(data), code, message)
    expect(dumpTables(target.archive)).toEqual(before)
    expect((await target.archive.archiveInfo()).undo).toBeNull()
  }

  it('not a ZIP file', async () => {
    await refused(strToU8('just some text, not a bundle'), 'UNSUPPORTED_FILE', /not a ZIP file/)
  })

  it('a ZIP without a manifest', async () => {
    await refused(zipSync({ 'notes.txt': strToU8('hello') }), 'UNSUPPORTED_FILE', /no manifest/)
  })

  it('a bundle from a newer format or schema', async () => {
    for (const field of ['formatVersion', 'schemaVersion']) {
      const newer = rebuild(bundle, (f) =>
        editJson<Record<string, number>>(f, 'manifest.json', (m) => ({
          ...m,
          [field]: m[field] + 1
        }))
      )
      await refused(newer, 'NEWER_ARCHIVE', /written by a newer version of Parallax/)
    }
  })

  it('a truncated bundle', async () => {
    await refused(bundle.slice(0, bundle.length >> 1), 'UNSUPPORTED_FILE', /damaged or incomplete/)
  })

  it('damaged JSON', async () => {
    const broken = rebuild(bundle, (f) => {
      f['tags.json'] = strToU8('[{"id": "AAAA2222", "name": ')
    })
    await refused(broken, 'UNSUPPORTED_FILE', /tags\.json is not valid JSON/)
  })

  it('an annotation pointing at a source that is not in the bundle', async () => {
    const broken = rebuild(bundle, (f) =>
      editJson<Json[]>(f, 'annotations.json', (rows) =>
        rows.map((r, i) => (i === 0 ? { ...r, source_id: 'MISSING2' } : r))
      )
    )
    await refused(broken, 'UNSUPPORTED_FILE', /points at source MISSING2/)
  })

  it('a text that does not match its checksum', async () => {
    const broken = rebuild(bundle, (f) => {
      const name = Object.keys(f).find((n) => n.startsWith('texts/')) as string
      f[name] = strToU8('Something else entirely.')
    })
    await refused(broken, 'UNSUPPORTED_FILE', /fails its checksum/)
  })

  it('a path-traversal entry name', async () => {
    const evil = rebuild(bundle, (f) => {
      f['../../evil.txt'] = strToU8('escape')
    })
    await refused(evil, 'UNSUPPORTED_FILE', /unsafe file name/)
  })

  /** The bundle with one field of the first record of `table` replaced. */
  const withField = (table: string, field: string, value: unknown): Uint8Array =>
    rebuild(bundle, (f) =>
      editJson<Json[]>(f, `${table}.json`, (rows) =>
        rows.map((r, i) => (i === 0 ? { ...r, [field]: value } : r))
      )
    )

  it('records the API would refuse: every field of a source is checked as createSource checks it', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['creators', JSON.stringify([null, 5, { name: 'X' }]), /creators\[0\] must be/],
      ['url', 'javascript:alert(1)', /Only http, https and ftp addresses/],
      ['language', 'not a language!', /is not a language tag/],
      ['date', 'yesterday', /is not a date/],
      ['origin', JSON.stringify({ fileName: 5 }), /origin\.fileName must be text/],
      ['kind', 'pamphlet', /kind must be one of/],
      ['title', '   ', /A source needs a title/],
      ['created', 'a while ago', /created must be a date and time/],
      ['created_by', 'two\nlines', /A name is one line/]
    ]
    for (const [field, value, reason] of cases) {
      await refused(
        withField('sources', field, value),
        'UNSUPPORTED_FILE',
        new RegExp(`sources\\.json, record 1, source \\w+: .*${reason.source}`)
      )
    }
  })

  it('annotations, tags, links, variant sets and handout sets are checked as the API checks them', async () => {
    await refused(
      withField('annotations', 'note', 'x'.repeat(100_001)),
      'UNSUPPORTED_FILE',
      /annotations\.json, record 1, annotation \w+: note is too long/
    )
    await refused(
      withField('tags', 'color', 'red'),
      'UNSUPPORTED_FILE',
      /tags\.json, record 1, tag \w+: "red" is not a colour/
    )
    await refused(
      withField('links', 'note', 'x'.repeat(100_001)),
      'UNSUPPORTED_FILE',
      /links\.json, record 1, link \w+: note is too long/
    )
    await refused(
      withField('variant_sets', 'terms', JSON.stringify(['Baku'])),
      'UNSUPPORTED_FILE',
      /variant set \w+: A variant set needs at least two different spellings/
    )
    await refused(
      withField('handout_sets', 'layout', 'poster'),
      'UNSUPPORTED_FILE',
      /handout set \w+: layout must be one of/
    )
  })

  it('ZIP bombs: an entry compressed 1,000:1, and sizes declared past the limit', async () => {
    const zeros = await deflatedZeros(2)
    const manifest = unzipSync(bundle)['manifest.json']
    const dense = rawZip([
      { name: 'manifest.json', data: manifest, size: manifest.length, method: 0 },
      { name: 'sources.json', data: zeros.data, size: 2 * 1024 * 1024, crc: zeros.crc }
    ])
    await refused(dense, 'TOO_LARGE', /ZIP bomb/)
    const huge = rawZip([
      { name: 'manifest.json', data: manifest, size: manifest.length, method: 0 },
      { name: 'texts/a.txt', data: zeros.data, size: 4_000_000_000, crc: zeros.crc }
    ])
    await refused(huge, 'TOO_LARGE', /ZIP bomb/)
  })
})

describe('bundles written before authors were recorded (schema 1 and 2)', () => {
  it('import with their revisions numbered as the migration numbers them, attributed to the importer', async () => {
    const legacy = rebuild(bundle, (f) => {
      editJson<Json>(f, 'manifest.json', (m) => ({ ...m, schemaVersion: 2 }))
      // The columns schema 3 added.
      const added = (table: string, column: string): boolean =>
        column === 'created_by' ||
        column === 'modified_by' ||
        (table === 'revisions' && ['uid', 'parent', 'text_length'].includes(column))
      for (const table of Object.keys(TABLES)) {
        editJson<Json[]>(f, `${table}.json`, (rows) =>
          rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !added(table, k))))
        )
      }
    })
    const target = tempArchive({ sample: false })
    await target.archive.setSetting('author.name', 'Importer')
    const report = await target.archive.importBundle(legacy)
    expect(report.sources.added).toBe(3)
    const revisions = target.archive.database
      .prepare(
        'SELECT source_id, n, uid, parent, text_length, created_by FROM revisions ORDER BY source_id, n'
      )
      .all() as {
      source_id: string
      n: number
      uid: string
      parent: string
      text_length: number
      created_by: string
    }[]
    for (const r of revisions) {
      expect(r.uid).toBe(`${r.source_id}-${r.n}`)
      expect(r.parent).toBe(r.n > 1 ? `${r.source_id}-${r.n - 1}` : '')
      expect(r.text_length).toBeGreaterThan(0)
      expect(r.created_by).toBe('Importer')
    }
    const [annotation] = await target.archive.listAnnotations()
    expect(annotation.createdBy).toBe('Importer')
    target.cleanup()
  })
})
