// Importing files through importFiles: encodings, line ends, NFC, guessed title and date, Markdown, duplicates, and bad files that change nothing.

import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { MAX_IMPORT_BYTES } from '../../../src/main/archive/importers'
import { MAX_TEXT_LENGTH } from '../../../src/main/archive/sources'
import type { ImportFile, ImportReport, SearchHit } from '../../../src/shared/model'
import {
  RESOURCES,
  expectArchiveError,
  snapshot,
  tempArchive,
  utf8,
  type TempArchive
} from '../../helpers/archive'
import { concatBytes, encodeSingleByte, encodeUtf16, pseudoRandom } from '../../helpers/encodings'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

function fresh(sample = false): Archive {
  handle = tempArchive({ sample })
  return handle.archive
}

const FRENCH =
  "La bataille de Bakou\n\nL'armée ottomane, aidée des troupes azerbaïdjanaises, est entrée à Bakou en septembre 1918. " +
  'Les forces britanniques du général Dunsterville, arrivées en août, se retirèrent par la mer Caspienne. ' +
  "Les Arméniens et les bolcheviques défendaient la ville ; la « Dunsterforce » n'avait que quelques milliers d'hommes. " +
  'Après la prise de la ville, des massacres eurent lieu dans les quartiers arméniens. Le général Mürsel Pacha commandait une division.\n\n' +
  "Ces événements sont décrits dans de nombreuses sources ; leur interprétation reste très discutée aujourd'hui, à Bakou comme à Erevan."

const RUSSIAN =
  'Битва за Баку\n\nБитва за Баку — сражение, происходившее летом 1918 года между Кавказской исламской армией и силами Бакинской коммуны. ' +
  'В сентябре 1918 года турецкие и азербайджанские войска вошли в город. Британский отряд генерала Денстервиля покинул Баку морем. ' +
  'После взятия города в армянских кварталах произошли массовые убийства. События тех дней по-разному описываются в источниках.\n\n' +
  'Историки до сих пор спорят о числе жертв и о роли каждой из сторон в этих событиях.'

function one(report: ImportReport): ImportReport['imported'][number] {
  expect(report.failed, JSON.stringify(report.failed)).toEqual([])
  expect(report.duplicates).toEqual([])
  expect(report.imported).toHaveLength(1)
  return report.imported[0]
}

async function importText(
  archive: Archive,
  name: string,
  data: Uint8Array
): Promise<{
  text: string
  title: string
  date: string
  encoding: string | undefined
}> {
  const summary = one(await archive.importFiles([{ name, data }]))
  const source = await archive.getSource(summary.id)
  return {
    text: source.text,
    title: source.title,
    date: source.date,
    encoding: source.origin?.encoding
  }
}

describe('decoding', () => {
  it('reads UTF-8 without a BOM', async () => {
    const s = await importText(fresh(), 'bakou.txt', utf8(FRENCH))
    expect(s.text).toBe(FRENCH)
    expect(s.encoding).toBe('utf-8')
  })

  it('reads UTF-8 with a BOM and drops the BOM', async () => {
    const s = await importText(
      fresh(),
      'bakou.txt',
      concatBytes(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(FRENCH))
    )
    expect(s.text).toBe(FRENCH)
    expect(s.text.charCodeAt(0)).not.toBe(0xfeff)
    expect(s.encoding).toBe('utf-8')
  })

  it.each(['le', 'be'] as const)('reads UTF-16%s with a BOM', async (endian) => {
    const text = `${RUSSIAN}\n\nBakı döyüşü, Türkiye, Azərbaycan, 𝔅𝔞𝔨𝔲 😀.`
    const s = await importText(fresh(), 'baku16.txt', encodeUtf16(text, endian))
    expect(s.text).toBe(text)
    expect(s.encoding).toBe(`utf-16${endian}`)
  })

  it('reads Windows-1252 French', async () => {
    const text = FRENCH.replace("L'armée", 'L’armée').replace('Ces', 'Cœur : ces')
    const s = await importText(fresh(), 'bakou-1252.txt', encodeSingleByte(text, 'windows-1252'))
    expect(s.text).toBe(text)
    expect(s.encoding).toBe('windows-1252')
  })

  it('reads Windows-1251 Russian', async () => {
    const s = await importText(fresh(), 'baku-1251.txt', encodeSingleByte(RUSSIAN, 'windows-1251'))
    expect(s.text).toBe(RUSSIAN)
    expect(s.encoding).toBe('windows-1251')
  })

  it('reads KOI8-R Russian', async () => {
    // KOI8-R has no em dash.
    const text = RUSSIAN.replace('—', '-')
    const s = await importText(fresh(), 'baku-koi8.txt', encodeSingleByte(text, 'koi8-r'))
    expect(s.text).toBe(text)
    expect(s.encoding).toBe('koi8-r')
  })
})

describe('short legacy-encoded files', () => {
  it.each([
    ['Turkish', 'Türkiye Cumhuriyeti, Atatürk ve İstanbul şehri, ağaç.', 'windows-1254'],
    ['Russian', 'Битва за Баку произошла в 1918 году.', 'windows-1251'],
    ['German', 'Größe, Straße und Übermut in München.', 'windows-1252'],
    ['French', 'Café crème à Noël.', 'windows-1252'],
    ['Polish', 'Zażółć gęślą jaźń w Krakowie i Łodzi.', 'windows-1250']
  ])('decodes %s text right or refuses it, never garbled', async (_language, text, encoding) => {
    const archive = fresh()
    const name = `short-${encoding}.txt`
    const report = await archive.importFiles([{ name, data: encodeSingleByte(text, encoding) }])
    if (report.imported.length === 1) {
      expect((await archive.getSource(report.imported[0].id)).text).toBe(text)
    } else {
      expect(report.failed).toHaveLength(1)
      expect(report.failed[0].code).toBe('UNSUPPORTED_FILE')
      expect(report.failed[0].message.startsWith(`${name}: `)).toBe(true)
    }
  })
})

describe('normalisation', () => {
  it('turns CRLF and CR line ends into "\\n"', async () => {
    const archive = fresh()
    const crlf = await importText(
      archive,
      'crlf.txt',
      utf8('Title one\r\n\r\nLine a\r\nLine b\r\n')
    )
    expect(crlf.text).toBe('Title one\n\nLine a\nLine b\n')
    const cr = await importText(archive, 'cr.txt', utf8('Title two\r\rLine c\rLine d'))
    expect(cr.text).toBe('Title two\n\nLine c\nLine d')
  })

  it('stores NFD input as NFC', async () => {
    const nfc = 'Türkiye and Azerbaïdjan: entrée à Bakou, Selçuk.'
    const s = await importText(fresh(), 'nfd.txt', utf8(nfc.normalize('NFD')))
    expect(s.text).toBe(nfc)
    expect(s.text).not.toMatch(/\p{M}/u)
  })
})

describe('guessing title and date', () => {
  it('takes the title from a short first line followed by a blank line', async () => {
    const s = await importText(fresh(), 'file_0042.txt', utf8(FRENCH))
    expect(s.title).toBe('La bataille de Bakou')
  })

  it('takes the title from the file name when the first line is a sentence', async () => {
    const s = await importText(
      fresh(),
      'letter_from_nuri_pasha.txt',
      utf8(
        'On the fifteenth we entered the city after a long fight, and the people welcomed us.\nMore text.'
      )
    )
    expect(s.title).toBe('letter from nuri pasha')
  })

  it('finds a date glued to the start of the text ("date 2025-09-15")', async () => {
    const s = await importText(
      fresh(),
      'report.txt',
      utf8(' date 2025-09-15 Monday was the 107th anniversary of the taking of Baku.')
    )
    expect(s.date).toBe('2025-09-15')
  })

  it('finds a labelled date in the header', async () => {
    const s = await importText(
      fresh(),
      'dispatch.txt',
      utf8('Dispatch\n\nDate: 1918-09-16\n\nThe city fell.')
    )
    expect(s.date).toBe('1918-09-16')
    expect(s.title).toBe('Dispatch')
  })

  it('leaves the date empty when the text gives none', async () => {
    const s = await importText(fresh(), 'undated.txt', utf8('No date here.\n\nJust words.'))
    expect(s.date).toBe('')
  })
})

describe('Markdown', () => {
  const MD = [
    '---',
    'title: Report from Baku',
    'authors:',
    '  - Dunsterville, Lionel',
    '  - Smith, John',
    'date: 1918-09-20',
    'lang: en-GB',
    'url: https://example.org/report',
    '---',
    '',
    '# The Fall of the City',
    '',
    'Some *emphasis*, **strong** words and a [link text](https://example.com/x) in `code`.',
    '',
    '## Losses',
    '',
    '- item one',
    '- item _two_',
    '',
    '1. first',
    '2. second',
    '',
    '> A quoted line.'
  ].join('\n')

  it('reads metadata from the YAML front matter', async () => {
    const archive = fresh()
    const summary = one(await archive.importFiles([{ name: 'report.md', data: utf8(MD) }]))
    expect(summary).toMatchObject({
      title: 'Report from Baku',
      creators: [
        { name: 'Dunsterville, Lionel', role: 'author' },
        { name: 'Smith, John', role: 'author' }
      ],
      date: '1918-09-20',
      language: 'en-GB',
      url: 'https://example.org/report'
    })
    expect(summary.origin).toMatchObject({ fileName: 'report.md', format: 'markdown' })
  })

  it('turns the body into plain paragraphs: headings, lists and links keep their text, markup goes', async () => {
    const archive = fresh()
    const summary = one(await archive.importFiles([{ name: 'report.md', data: utf8(MD) }]))
    const { text } = await archive.getSource(summary.id)
    const paragraphs = text.split('\n\n')
    expect(paragraphs[0]).toBe('The Fall of the City')
    expect(paragraphs).toContain('Some emphasis, strong words and a link text in code.')
    expect(paragraphs).toContain('Losses')
    expect(paragraphs.some((p) => /item one$/.test(p))).toBe(true)
    expect(paragraphs.some((p) => /item two$/.test(p))).toBe(true)
    expect(paragraphs.some((p) => /first$/.test(p))).toBe(true)
    expect(paragraphs).toContain('A quoted line.')
    expect(text).not.toMatch(/[*_#`>]|\]\(|https:\/\/example\.com|^---/m)
    expect(text).not.toContain('title:')
  })

  it('takes a single author and the first heading as title when front matter has no title', async () => {
    const archive = fresh()
    const md = '---\nauthor: Pasha, Nuri\n---\n\n# Memoirs\n\nText of the memoirs.'
    const summary = one(await archive.importFiles([{ name: 'm.md', data: utf8(md) }]))
    expect(summary.title).toBe('Memoirs')
    expect(summary.creators).toEqual([{ name: 'Pasha, Nuri', role: 'author' }])
  })

  it('imports a front-matter value that fails validation without that value', async () => {
    const archive = fresh()
    const md = '---\ntitle: Odd\ndate: sometime in 1918\nlang: english!!\n---\n\nBody.'
    const summary = one(await archive.importFiles([{ name: 'odd.md', data: utf8(md) }]))
    expect(summary).toMatchObject({ title: 'Odd', date: '', language: '' })
  })
})

describe('a batch of many files', () => {
  it('indexes every text of the batch under its own source, and undo takes them all out of search', async () => {
    const archive = fresh()
    // More files than the text cache keeps: each one's word must be found in that file's source.
    const words = Array.from(
      { length: 40 },
      (_, i) => `zephyrword${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`
    )
    const report = await archive.importFiles(
      words.map((w, i) => ({
        name: `letter ${i}.txt`,
        data: utf8(
          `Letter ${i}\n\nThe courier carried the ${w} to the harbour.\n\nNothing else came.`
        )
      }))
    )
    expect(report.imported).toHaveLength(40)
    for (const [i, w] of words.entries()) {
      const { hits } = await archive.search(w)
      expect(hits.map((h) => h.sourceTitle)).toEqual([`Letter ${i}`])
      expect(hits[0].snippet).toContain(w)
    }
    await archive.undo()
    expect(await archive.listSources()).toEqual([])
    expect((await archive.search(words[0])).hits).toEqual([])
  })
})

describe('what the import workers work out for the write', () => {
  it('stores and indexes a file read in a worker exactly as the same text added by hand', async () => {
    const archive = fresh()
    // CRLF line ends, a BOM, NFD accents and a paragraph long enough to be cut into passages: all
    // of it normalised, hashed and cut in the worker, the rest here.
    const long = Array.from({ length: 700 }, (_, i) => `mot${i}`).join(' ')
    const raw = `\uFEFFLettre de Bake\u0301\r\n\r\n${long} fin.\r\n\r\nUne ligne: quasarword.`
    const imported = one(await archive.importFiles([{ name: 'lettre.txt', data: utf8(raw) }]))
    const byHand = await archive.createSource({
      title: 'By hand',
      text: raw.replace('quasarword', 'pulsarword')
    })
    const source = await archive.getSource(imported.id)
    expect(source.text.startsWith('Lettre de Baké\n\n')).toBe(true)
    expect(source.paragraphs).toBe(3)
    expect(byHand.paragraphs).toBe(3)
    expect(source.length).toBe(byHand.length)
    expect(source.contentHash).toBe(createHash('sha256').update(source.text).digest('hex'))
    // Every word of the long paragraph is found at its place, in the same passage as in the
    // source added by hand.
    const hitIn = async (word: string, id: string): Promise<SearchHit | undefined> =>
      (await archive.search(word)).hits.find((h) => h.sourceId === id)
    for (const word of ['mot0', 'mot350', 'mot699', 'quasarword']) {
      const hit = await hitIn(word, imported.id)
      expect(hit).toBeDefined()
      expect(source.text.slice(hit!.matches[0].start, hit!.matches[0].end)).toBe(word)
      const twin = await hitIn(word === 'quasarword' ? 'pulsarword' : word, byHand.id)
      expect(hit!.paragraph).toBe(twin?.paragraph)
      expect(hit!.matches).toEqual(twin?.matches)
    }
    expect((await archive.search('quasarword')).hits).toHaveLength(1)
  })

  it('keeps characters outside the Basic Multilingual Plane, CJK and combining marks at their places, read in a worker', async () => {
    const archive = fresh()
    const raw =
      'Notes 𝔅aku\n\nThe 🌊 flotilla reached 巴库 at dawn; the e\u0301migre\u0301s stayed.'
    const imported = one(await archive.importFiles([{ name: 'notes.txt', data: utf8(raw) }]))
    const source = await archive.getSource(imported.id)
    expect(source.text).toBe(raw.normalize('NFC'))
    expect(source.contentHash).toBe(createHash('sha256').update(source.text).digest('hex'))
    for (const word of ['巴库', 'flotilla', 'émigrés']) {
      const [hit] = (await archive.search(word)).hits
      expect(source.text.slice(hit.matches[0].start, hit.matches[0].end)).toBe(word)
    }
  })
})

describe('duplicates', () => {
  it('reports a file whose text is already in the archive and imports nothing', async () => {
    const archive = fresh()
    const first = one(await archive.importFiles([{ name: 'a.txt', data: utf8(FRENCH) }]))
    const before = snapshot(archive)
    const undoBefore = (await archive.archiveInfo()).undo
    const report = await archive.importFiles([{ name: 'copy of a.txt', data: utf8(FRENCH) }])
    expect(report.imported).toEqual([])
    expect(report.failed).toEqual([])
    expect(report.duplicates).toEqual([
      { name: 'copy of a.txt', sourceId: first.id, title: first.title }
    ])
    expect(snapshot(archive)).toEqual(before)
    expect((await archive.archiveInfo()).undo).toBe(undoBefore)
  })

  it('takes a text once when several imports of it run at once (a drop while the CLI imports the same folder)', async () => {
    const archive = fresh()
    const reports = await Promise.all(
      [1, 2, 3, 4].map((n) => archive.importFiles([{ name: `copy ${n}.txt`, data: utf8(FRENCH) }]))
    )
    expect(reports.flatMap((r) => r.imported)).toHaveLength(1)
    expect(reports.flatMap((r) => r.duplicates)).toHaveLength(3)
    expect(await archive.listSources()).toHaveLength(1)
  })

  it('recognises the same text in another encoding or with other line ends', async () => {
    const archive = fresh()
    one(await archive.importFiles([{ name: 'utf8.txt', data: utf8(RUSSIAN) }]))
    const report = await archive.importFiles([
      { name: 'cp1251.txt', data: encodeSingleByte(RUSSIAN.replace(/\n/g, '\r\n'), 'windows-1251') }
    ])
    expect(report.imported).toEqual([])
    expect(report.duplicates.map((d) => d.name)).toEqual(['cp1251.txt'])
  })

  it('recognises a seed file whose source was since cleaned (its text is revision 1)', async () => {
    const archive = fresh(true)
    const english = (await archive.listSources()).find((s) => s.revision === 2)!
    const seed = readFileSync(join(RESOURCES, 'sample-archive', english.origin!.fileName))
    const report = await archive.importFiles([{ name: english.origin!.fileName, data: seed }])
    expect(report.imported).toEqual([])
    expect(report.duplicates).toEqual([
      { name: english.origin!.fileName, sourceId: english.id, title: english.title }
    ])
  })

  it('names the source whose current text it is before one that had it earlier, for each file of a batch', async () => {
    const archive = fresh()
    const earlier = one(await archive.importFiles([{ name: 'a.txt', data: utf8(FRENCH) }]))
    await archive.editSourceText(earlier.id, `${FRENCH}\n\nUne note ajoutée.`)
    const current = await archive.createSource({ title: 'Copie', text: FRENCH })
    const report = await archive.importFiles([
      { name: 'again.txt', data: utf8(FRENCH) },
      { name: 'russian.txt', data: utf8(RUSSIAN) },
      { name: 'edited.txt', data: utf8(`${FRENCH}\n\nUne note ajoutée.`) }
    ])
    expect(report.imported.map((s) => s.title)).toEqual(['Битва за Баку'])
    expect(report.duplicates).toEqual([
      { name: 'again.txt', sourceId: current.id, title: 'Copie' },
      { name: 'edited.txt', sourceId: earlier.id, title: earlier.title }
    ])
  })

  it('imports one of two identical files in one batch and reports the other', async () => {
    const archive = fresh()
    const report = await archive.importFiles([
      { name: 'one.txt', data: utf8(FRENCH) },
      { name: 'two.txt', data: utf8(FRENCH) }
    ])
    expect(report.imported).toHaveLength(1)
    // The duplicate names the source its twin just became.
    expect(report.duplicates).toEqual([
      { name: 'two.txt', sourceId: report.imported[0].id, title: report.imported[0].title }
    ])
    expect(report.failed).toEqual([])
    expect(await archive.listSources()).toHaveLength(1)
  })
})

describe('bad files', () => {
  const rnd = pseudoRandom(1918)
  const highBytes = Array.from({ length: 128 }, (_, i) => 0x80 + i)
  for (let i = highBytes.length - 1; i > 0; i--) {
    const j = rnd() % (i + 1)
    ;[highBytes[i], highBytes[j]] = [highBytes[j], highBytes[i]]
  }
  const png = Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89
  ])
  const pdf = utf8(
    '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n'
  )

  const cases: [string, () => ImportFile, string][] = [
    ['an empty file', () => ({ name: 'empty.txt', data: new Uint8Array(0) }), 'UNSUPPORTED_FILE'],
    [
      'a whitespace-only file',
      () => ({ name: 'blank.txt', data: utf8('  \n\n\t \r\n ') }),
      'INVALID_ARGUMENT'
    ],
    ['a PNG renamed .txt', () => ({ name: 'photo.txt', data: png }), 'UNSUPPORTED_FILE'],
    ['a PDF renamed .txt', () => ({ name: 'paper.txt', data: pdf }), 'UNSUPPORTED_FILE'],
    ['a PNG renamed .md', () => ({ name: 'photo.md', data: png }), 'UNSUPPORTED_FILE'],
    [
      'high bytes that decode in no encoding',
      () => ({ name: 'noise.txt', data: Uint8Array.from(highBytes) }),
      'UNSUPPORTED_FILE'
    ],
    [
      'a binary file without a known signature',
      () => ({
        name: 'blob.txt',
        data: Uint8Array.from({ length: 4096 }, () => rnd() & 0xff)
      }),
      'UNSUPPORTED_FILE'
    ],
    [
      'a file over the size limit',
      () => ({ name: 'huge.txt', data: new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61) }),
      'TOO_LARGE'
    ]
  ]

  it.each(cases)(
    'reports %s in failed with a one-line message and changes nothing',
    async (_what, make, code) => {
      const archive = fresh(true)
      const before = snapshot(archive)
      const file = make()
      const report = await archive.importFiles([file])
      expect(report.imported).toEqual([])
      expect(report.duplicates).toEqual([])
      expect(report.failed).toHaveLength(1)
      const [failure] = report.failed
      expect(failure.name).toBe(file.name)
      expect(failure.code).toBe(code)
      expect(failure.message.startsWith(`${file.name}: `)).toBe(true)
      expect(failure.message).not.toContain('\n')
      expect(failure.message.length).toBeLessThan(300)
      expect(snapshot(archive)).toEqual(before)
      expect((await archive.archiveInfo()).undo).toBeNull()
    }
  )

  it('says what a renamed binary is', async () => {
    const archive = fresh()
    const report = await archive.importFiles([
      { name: 'photo.txt', data: png },
      { name: 'paper.txt', data: pdf }
    ])
    expect(report.failed.map((f) => f.message)).toEqual([
      expect.stringMatching(/^photo\.txt: .*PNG/),
      expect.stringMatching(/^paper\.txt: .*PDF/)
    ])
  })

  it('states the size limit for a file that is too large', async () => {
    const archive = fresh()
    const report = await archive.importFiles([
      { name: 'huge.txt', data: new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61) }
    ])
    expect(report.failed[0].message).toMatch(/^huge\.txt: .*50 MB/)
  })

  it('reports a text longer than a source may hold, though under the file size limit', async () => {
    const archive = fresh(true)
    const before = snapshot(archive)
    const line = 'The army entered the city in September. '.repeat(25) + '\n\n'
    const text = line.repeat(Math.ceil((MAX_TEXT_LENGTH + 1) / line.length))
    const report = await archive.importFiles([{ name: 'long.txt', data: utf8(text) }])
    expect(report.imported).toEqual([])
    expect(report.failed).toHaveLength(1)
    expect(report.failed[0].message).toMatch(/^long\.txt: .*too long/)
    expect(report.failed[0].message).not.toContain('\n')
    expect(snapshot(archive)).toEqual(before)
  })

  it('imports the good files of a batch and reports the bad one', async () => {
    const archive = fresh(true)
    const report = await archive.importFiles([
      { name: 'french.txt', data: utf8(FRENCH) },
      { name: 'photo.txt', data: png },
      { name: 'russian.txt', data: utf8(RUSSIAN) }
    ])
    expect(report.imported.map((s) => s.title)).toEqual(['La bataille de Bakou', 'Битва за Баку'])
    expect(report.failed.map((f) => f.name)).toEqual(['photo.txt'])
    expect((await archive.listSources()).map((s) => s.title)).toEqual(
      expect.arrayContaining(['La bataille de Bakou', 'Битва за Баку'])
    )
    expect(await archive.listSources()).toHaveLength(4)
  })

  it('reports entries that are not { name, data } instead of throwing', async () => {
    const archive = fresh()
    const report = await archive.importFiles([
      { name: 'text-as-string.txt', data: 'hello' as unknown as Uint8Array },
      null as unknown as ImportFile,
      { name: 'ok.txt', data: utf8('Fine text.') }
    ])
    expect(report.imported).toHaveLength(1)
    expect(report.failed).toHaveLength(2)
    expect(report.failed[0].message.startsWith('text-as-string.txt: ')).toBe(true)
  })

  it('refuses an argument that is not a list', async () => {
    const archive = fresh()
    await expectArchiveError(
      archive.importFiles({ name: 'a.txt' } as unknown as ImportFile[]),
      'INVALID_ARGUMENT'
    )
  })
})
