// Reference files in and out: every format read back without loss, matching, and bad input that leaves the archive unchanged.

import { describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import type { ReferenceFormat, SourceInput, SourceSummary } from '../../../src/shared/model'
import { REFERENCE_FORMATS } from '../../../src/shared/model'
import { expectArchiveError, snapshot, tempArchive, utf8 } from '../../helpers/archive'
import { type ZoteroItem, attachmentPdf, zoteroRdf } from '../../helpers/zotero'

const file = (name: string, text: string | Uint8Array): { name: string; data: Uint8Array } => ({
  name,
  data: typeof text === 'string' ? utf8(text) : text
})

/** Sources with every field Parallax keeps, in every precision and role it allows. */
const SOURCES: SourceInput[] = [
  {
    title: 'The Taking of Baku',
    text: 'A book.',
    kind: 'book',
    creators: [
      { name: 'Smith, John', role: 'author' },
      { name: 'Doe, Jane', role: 'editor' },
      { name: 'Müller, Hans', role: 'translator' },
      { name: 'Aliyev, Rauf', role: 'contributor' }
    ],
    publisher: 'Caspian Press',
    date: '1918~',
    language: 'en',
    url: 'https://example.org/baku',
    license: 'CC BY 4.0',
    accessed: '2026-11-02',
    description: 'A memoir of September 1918.'
  },
  {
    title: 'Bataille de Bakou',
    text: 'Un article.',
    kind: 'encyclopedia',
    creators: [{ name: 'Contributeurs de Wikipédia', role: 'author' }],
    publisher: 'Wikipédia (fr)',
    date: '1918-09',
    language: 'fr',
    url: 'https://fr.wikipedia.org/wiki/Bataille_de_Bakou',
    accessed: '2025-11-01'
  },
  {
    title: 'Report on the evacuation',
    text: 'A report.',
    kind: 'report',
    creators: [{ name: 'Dunsterville, Lionel', role: 'author' }],
    publisher: 'War Office',
    date: '1918-09-14'
  },
  {
    title: 'Letter to Enver Pasha',
    text: 'A letter.',
    kind: 'letter',
    creators: [{ name: 'Nuri Pasha', role: 'author' }],
    date: '1918?'
  },
  {
    title: 'News of the day',
    text: 'News.',
    kind: 'article',
    publisher: 'Kaspiy',
    date: '1918-09-16'
  },
  { title: 'A leaflet', text: 'Leaflet.', kind: 'other', date: '1918-06/1918-09' }
]

const FIELDS = [
  'title',
  'creators',
  'publisher',
  'date',
  'language',
  'kind',
  'url',
  'license',
  'accessed',
  'description'
] as const

function metadata(s: SourceSummary): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((f) => [f, s[f]]))
}

async function filled(): Promise<Archive> {
  const t = tempArchive()
  for (const s of SOURCES) await t.archive.createSource(s)
  return t.archive
}

describe('references out and back in', () => {
  it.each(REFERENCE_FORMATS)('%s: a fresh archive reads every field back', async (format) => {
    const from = await filled()
    const text = await from.exportReferences(format as ReferenceFormat)
    const to = tempArchive().archive
    const ext = { bibtex: 'bib', ris: 'ris', 'csl-json': 'json' }[format]
    const report = await to.importReferences([file(`refs.${ext}`, text)])
    expect(report.failed).toEqual([])
    expect(report.warnings).toEqual([])
    expect(report.imported).toHaveLength(SOURCES.length)
    const before = (await from.listSources()).map(metadata)
    const after = (await to.listSources()).map(metadata)
    expect(after).toEqual(before)
  })

  it('imports into the archive it came from as matches, not duplicates', async () => {
    const archive = await filled()
    const text = await archive.exportReferences('csl-json')
    const report = await archive.importReferences([file('refs.json', text)])
    expect(report.imported).toEqual([])
    expect(report.updated).toHaveLength(SOURCES.length)
    expect((await archive.listSources()).length).toBe(SOURCES.length)
  })

  it('exports a handout set’s sources only', async () => {
    const archive = await filled()
    const list = await archive.listSources()
    const set = await archive.createHandoutSet({
      title: 'Two',
      sourceIds: [list[0].id, list[1].id]
    })
    const items = JSON.parse(await archive.exportReferences('csl-json', { setId: set.id })) as {
      title: string
    }[]
    expect(items.map((i) => i.title).sort()).toEqual([list[0].title, list[1].title].sort())
  })
})

const BIB = `@book{smith1918,
  author = {Smith, John and Doe, Jane},
  editor = {Roe, Richard},
  translator = {Müller, Hans},
  title = {The Taking of Baku},
  date = {1918~},
  publisher = {Caspian Press},
  location = {London},
  doi = {10.1000/baku.1918},
}
@article{broken, title = {Missing brace, author = {X}
@article{jones1920,
  author = {Jones, Mary},
  title = {Oil and Empire},
  journaltitle = {Journal of Caspian History},
  date = {1920-05},
  volume = {3},
  pages = {1--20},
  langid = {english},
}
`

describe('references in', () => {
  it('reads BibLaTeX: roles, precision, container fields; a broken entry is named and the others imported', async () => {
    const { archive } = tempArchive()
    const report = await archive.importReferences([file('library.bib', BIB)])
    expect(report.failed).toHaveLength(1)
    expect(report.failed[0].message).toMatch(/^library\.bib, broken \(line 11\): /)
    const list = await archive.listSources()
    const book = list.find((s) => s.title === 'The Taking of Baku')!
    expect(book.creators).toEqual([
      { name: 'Smith, John', role: 'author' },
      { name: 'Doe, Jane', role: 'author' },
      { name: 'Roe, Richard', role: 'editor' },
      { name: 'Müller, Hans', role: 'translator' }
    ])
    expect(book.date).toBe('1918~')
    expect(book.kind).toBe('book')
    const article = list.find((s) => s.title === 'Oil and Empire')!
    expect(article).toMatchObject({ date: '1920-05', language: 'en', kind: 'article' })
    // What Parallax has no field for travels on: the journal, volume and pages come back out.
    const out = JSON.parse(await archive.exportReferences('csl-json', { sourceIds: [article.id] }))
    expect(out[0]).toMatchObject({
      'container-title': 'Journal of Caspian History',
      volume: '3',
      page: '1-20',
      type: 'article-journal'
    })
  })

  it('with strict, a broken entry stops the whole import and the archive is unchanged', async () => {
    const { archive } = tempArchive()
    const before = snapshot(archive)
    const report = await archive.importReferences([file('library.bib', BIB)], { strict: true })
    expect(report.written).toBe(false)
    expect(report.failed).toHaveLength(1)
    expect(report.warnings.join(' ')).toMatch(/Nothing was imported/)
    expect(snapshot(archive)).toEqual(before)
  })

  it('fills in the metadata of a source already here (same DOI, URL, or title and date)', async () => {
    const { archive } = tempArchive()
    const mine = await archive.createSource({
      title: 'The Taking of Baku',
      text: 'My own transcription.',
      date: '1918~'
    })
    const report = await archive.importReferences([file('library.bib', BIB)])
    expect(report.updated).toEqual([
      expect.objectContaining({ sourceId: mine.id, entry: 'library.bib, smith1918 (line 1)' })
    ])
    expect(report.updated[0].fields).toEqual(
      expect.arrayContaining(['creators', 'publisher', 'DOI'])
    )
    const after = await archive.getSource(mine.id)
    expect(after.text).toBe('My own transcription.')
    expect(after.publisher).toBe('Caspian Press')
    // A second import of the same file matches by DOI now.
    const again = await archive.importReferences([file('library.bib', BIB)])
    expect(again.imported).toEqual([])
  })

  it('reads RIS in a legacy encoding and says so', async () => {
    const ris = 'TY  - BOOK\r\nAU  - Müller, Jürgen\r\nTI  - Über Baku\r\nPY  - 1918\r\nER  - \r\n'
    const latin1 = Uint8Array.from([...ris].map((c) => c.charCodeAt(0)))
    const { archive } = tempArchive()
    const report = await archive.importReferences([file('old.ris', latin1)])
    expect(report.failed).toEqual([])
    expect(report.warnings[0]).toMatch(
      /^old\.ris is not UTF-8: it was read as (windows-1252|iso-8859-1)/
    )
    const [s] = await archive.listSources()
    expect(s).toMatchObject({
      title: 'Über Baku',
      creators: [{ name: 'Müller, Jürgen', role: 'author' }]
    })
  })

  it('refuses a CSL-JSON item of an unknown type by name and imports the rest', async () => {
    const items = [
      { id: 'good', type: 'book', title: 'Good book', issued: { 'date-parts': [[1918, 9]] } },
      { id: 'odd', type: 'spaceship', title: 'Odd item' }
    ]
    const { archive } = tempArchive()
    const report = await archive.importReferences([file('items.json', JSON.stringify(items))])
    expect(report.failed.map((f) => f.message)).toEqual([
      'items.json, item 2 (odd): its type "spaceship" is not a CSL item type (such as "book", "article-journal", "chapter").'
    ])
    expect((await archive.listSources()).map((s) => [s.title, s.date])).toEqual([
      ['Good book', '1918-09']
    ])
  })

  it('refuses files that are not reference files, and leaves the archive unchanged', async () => {
    const { archive } = tempArchive()
    const before = snapshot(archive)
    await expectArchiveError(
      archive.importReferences([file('notes.txt', 'hello')]),
      'INVALID_ARGUMENT',
      /reference file/
    )
    expect(snapshot(archive)).toEqual(before)
  })
})

describe('a Zotero export with files', () => {
  it('imports items with their metadata and the text of their attachments; a missing file is named', async () => {
    const items: ZoteroItem[] = [
      {
        type: 'book',
        title: 'The Caucasus Front',
        authors: [['Allen', 'William']],
        editors: [['Muratoff', 'Paul']],
        translators: [['Gray', 'Anne']],
        date: 'ca. 1953',
        publisher: 'Cambridge University Press',
        place: 'Cambridge',
        language: 'en',
        attachments: [{ name: 'Allen - Caucasus.pdf', mimeType: 'application/pdf' }]
      },
      {
        type: 'journalArticle',
        title: 'Baku in September',
        authors: [['Swietochowski', 'Tadeusz']],
        date: 'September 1985',
        journal: { title: 'Central Asian Survey', volume: '4', number: '2' },
        pages: '31-48',
        doi: '10.1080/02634938508400533',
        attachments: [{ name: 'missing.pdf', mimeType: 'application/pdf' }]
      },
      {
        type: 'letter',
        title: 'Letter from Baku',
        authors: [['Pasha', 'Nuri']],
        date: '15 September 1918'
      }
    ]
    const pdf = await attachmentPdf('The Caucasus Front', 3)
    const { archive } = tempArchive()
    const report = await archive.importReferences([
      file('My Library.rdf', zoteroRdf(items)),
      file('files/1/Allen - Caucasus.pdf', pdf)
    ])
    expect(report.failed).toEqual([])
    expect(report.warnings).toEqual([
      'My Library.rdf, item 2 “Baku in September”: its attachment files/2/missing.pdf is not among the files; imported without its text.'
    ])
    const list = await archive.listSources()
    const book = list.find((s) => s.title === 'The Caucasus Front')!
    expect(book).toMatchObject({
      date: '1953~',
      kind: 'book',
      publisher: 'Cambridge University Press',
      creators: [
        { name: 'Allen, William', role: 'author' },
        { name: 'Muratoff, Paul', role: 'editor' },
        { name: 'Gray, Anne', role: 'translator' }
      ],
      origin: { fileName: 'files/1/Allen - Caucasus.pdf', format: 'pdf' }
    })
    expect((await archive.getSource(book.id)).text).toContain('The Caucasus Front')
    expect(book.paragraphs).toBeGreaterThan(5)
    const article = list.find((s) => s.title === 'Baku in September')!
    expect(article).toMatchObject({ date: '1985-09', kind: 'article' })
    expect(list.find((s) => s.title === 'Letter from Baku')).toMatchObject({
      date: '1918-09-15',
      kind: 'letter'
    })
    const csl = JSON.parse(await archive.exportReferences('csl-json', { sourceIds: [article.id] }))
    expect(csl[0]).toMatchObject({
      DOI: '10.1080/02634938508400533',
      'container-title': 'Central Asian Survey',
      volume: '4',
      issue: '2',
      page: '31-48'
    })
  })
})
