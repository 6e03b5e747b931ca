// Sources: create with metadata, edit metadata, validation that changes nothing, listing with sort and filter, delete.

import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { checkSourceInput } from '../../../src/main/archive/sources'
import { SOURCE_SORT_KEYS, type SourceInput, type SourceSortKey } from '../../../src/shared/model'
import { packPassages, passagesOf } from '../../../src/shared/text/passages'
import { expectArchiveError, snapshot, tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

function fresh(): Archive {
  handle = tempArchive()
  return handle.archive
}

const FULL: SourceInput = {
  title: '  Report on the taking of Baku  ',
  creators: [
    { name: 'Dunsterville, Lionel', role: 'author' },
    { name: 'Məmmədov, Əli', role: 'translator' }
  ],
  publisher: 'War Office',
  date: '1918-09-15?',
  language: 'EN-gb',
  kind: 'report',
  url: 'https://example.org/reports/baku',
  license: 'Public domain',
  accessed: '2025-10-01',
  description: 'A dispatch from the front.',
  text: 'First paragraph about Baku.\n\nSecond paragraph.\n\nThird.'
}

describe('creating a source', () => {
  it('stores every metadata field, normalised, with the text as revision 1', async () => {
    const archive = fresh()
    const created = await archive.createSource(FULL)
    expect(created).toMatchObject({
      title: 'Report on the taking of Baku',
      creators: FULL.creators,
      publisher: 'War Office',
      date: '1918-09-15?',
      language: 'en-GB',
      kind: 'report',
      url: 'https://example.org/reports/baku',
      license: 'Public domain',
      accessed: '2025-10-01',
      description: 'A dispatch from the front.',
      text: FULL.text,
      revision: 1,
      length: FULL.text.length,
      paragraphs: 3,
      annotationCount: 0,
      orphanCount: 0,
      origin: null
    })
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
    expect(created.contentHash).toBe(createHash('sha256').update(FULL.text).digest('hex'))
    expect(await archive.getSource(created.id)).toEqual(created)
    const { text: _text, ...summary } = created
    expect(await archive.listSources()).toEqual([summary])
    const revs = archive.database
      .prepare('SELECT n, text FROM revisions WHERE source_id = ?')
      .all(created.id)
    expect(revs).toEqual([{ n: 1, text: FULL.text }])
  })

  it('fills omitted metadata with empty values and kind "other"', async () => {
    const archive = fresh()
    const s = await archive.createSource({ title: 'Bare', text: 'Words.' })
    expect(s).toMatchObject({
      creators: [],
      publisher: '',
      date: '',
      language: '',
      kind: 'other',
      url: '',
      license: '',
      accessed: '',
      description: ''
    })
  })

  it('accepts creators given as plain names (as authors)', async () => {
    const archive = fresh()
    const s = await archive.createSource({
      title: 'Names',
      text: 'Words.',
      creators: ['Pasha, Nuri', '  '] as unknown as SourceInput['creators']
    })
    expect(s.creators).toEqual([{ name: 'Pasha, Nuri', role: 'author' }])
  })

  it('stores text as NFC with "\\n" line ends and without a BOM', async () => {
    const archive = fresh()
    const s = await archive.createSource({
      title: 'Normalised',
      text: '\uFEFFTu\u0308rkiye\r\nline two\rline three\r\n\r\nnext'
    })
    expect(s.text).toBe('Türkiye\nline two\nline three\n\nnext')
    expect(s.paragraphs).toBe(2)
  })

  it.each([
    '1918',
    '1918-09',
    '1918-09-15',
    '1918-09-15?',
    '1918~',
    '1918-09%',
    '1918-06/1918-09',
    '1918-06-01/1918-09-15',
    '../1918-09',
    '1918/..',
    '-0044-03-15',
    '2025-09-15T10:30:00Z'
  ])('accepts the date %s', async (date) => {
    const archive = fresh()
    const s = await archive.createSource({ title: 'Dated', text: 'Words.', date })
    expect(s.date).toBe(date)
    expect((await archive.getSource(s.id)).date).toBe(date)
  })
})

describe('updating metadata', () => {
  it('changes only the given fields and the modified time', async () => {
    const archive = fresh()
    const s = await archive.createSource(FULL)
    await sleep(5)
    const updated = await archive.updateSource(s.id, {
      title: 'Dispatch from Baku',
      date: '1918-09',
      creators: [{ name: 'Anonymous', role: 'author' }]
    })
    expect(updated).toMatchObject({
      title: 'Dispatch from Baku',
      date: '1918-09',
      creators: [{ name: 'Anonymous', role: 'author' }],
      publisher: 'War Office',
      language: 'en-GB',
      kind: 'report',
      revision: 1
    })
    expect(updated.modified > s.modified).toBe(true)
    expect(updated.created).toBe(s.created)
    const again = await archive.getSource(s.id)
    expect(again.title).toBe('Dispatch from Baku')
    expect(again.text).toBe(FULL.text)
  })

  it('can clear a field with an empty value', async () => {
    const archive = fresh()
    const s = await archive.createSource(FULL)
    const updated = await archive.updateSource(s.id, { date: '', url: '', language: '' })
    expect(updated).toMatchObject({ date: '', url: '', language: '' })
  })

  it('rejects an unknown id with NOT_FOUND and a malformed id with INVALID_ARGUMENT', async () => {
    const archive = fresh()
    await archive.createSource(FULL)
    const before = snapshot(archive)
    await expectArchiveError(archive.updateSource('NOPE2345', { title: 'x' }), 'NOT_FOUND')
    await expectArchiveError(
      archive.updateSource('no such id!', { title: 'x' }),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(archive.getSource('NOPE2345'), 'NOT_FOUND', /No source/)
    expect(snapshot(archive)).toEqual(before)
    expect((await archive.archiveInfo()).undo).toMatch(/Report on the taking of Baku/)
  })
})

describe('validation', () => {
  const bad: [string, Partial<SourceInput> & Record<string, unknown>, RegExp][] = [
    ['a date that is not ISO/EDTF', { date: 'Sept 1918' }, /date "Sept 1918" is not a date/],
    ['a month 13', { date: '1918-13' }, /not a date/],
    ['a day that does not exist', { date: '1918-02-30' }, /not a date/],
    ['an accessed date in words', { accessed: 'yesterday' }, /accessed/],
    ['a malformed language tag', { language: 'english!!' }, /english!!.*language tag/],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, /javascript:/],
    ['a URL that is not one', { url: 'not a url' }, /not a web address/],
    ['an unknown field', { colour: 'red' }, /Unknown metadata field "colour"/],
    ['an unknown kind', { kind: 'poem' as SourceInput['kind'] }, /kind must be one of/],
    ['creators that are not a list', { creators: 'Nuri' as unknown as [] }, /creators/],
    [
      'a creator role that does not exist',
      { creators: [{ name: 'X', role: 'painter' }] as unknown as [] },
      /role/
    ],
    ['an empty title', { title: '' }, /needs a title/],
    ['a blank title', { title: '   ' }, /needs a title/],
    ['a title that is not text', { title: 42 as unknown as string }, /title must be text/]
  ]

  it.each(bad)(
    'createSource refuses %s with INVALID_ARGUMENT and changes nothing',
    async (_what, patch, message) => {
      handle = tempArchive({ sample: true })
      const archive = handle.archive
      const before = snapshot(archive)
      await expectArchiveError(
        archive.createSource({ title: 'A title', text: 'Some text.', ...patch } as SourceInput),
        'INVALID_ARGUMENT',
        message
      )
      expect(snapshot(archive)).toEqual(before)
      expect((await archive.archiveInfo()).undo).toBeNull()
    }
  )

  it.each(bad)(
    'updateSource refuses %s with INVALID_ARGUMENT and changes nothing',
    async (_what, patch, message) => {
      handle = tempArchive({ sample: true })
      const archive = handle.archive
      const [first] = await archive.listSources()
      const before = snapshot(archive)
      await expectArchiveError(
        archive.updateSource(first.id, patch as never),
        'INVALID_ARGUMENT',
        message
      )
      expect(snapshot(archive)).toEqual(before)
      expect((await archive.archiveInfo()).undo).toBeNull()
    }
  )

  it.each([
    ['empty text', ''],
    ['whitespace-only text', ' \n\n\t  \r\n'],
    ['control characters only', '\u0000\u0001\u0007']
  ])('createSource refuses %s', async (_what, text) => {
    const archive = fresh()
    await expectArchiveError(
      archive.createSource({ title: 'Empty', text }),
      'INVALID_ARGUMENT',
      /needs some text/
    )
    expect(await archive.listSources()).toEqual([])
  })

  it('createSource refuses input that is not an object', async () => {
    const archive = fresh()
    await expectArchiveError(
      archive.createSource(null as unknown as SourceInput),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(
      archive.createSource('text' as unknown as SourceInput),
      'INVALID_ARGUMENT'
    )
    expect(await archive.listSources()).toEqual([])
  })
})

describe('listing', () => {
  /** Three sources created in the order Gamma, Alpha, beta; Alpha modified last. */
  async function three(archive: Archive): Promise<Record<string, string>> {
    const ids: Record<string, string> = {}
    ids.Gamma = (await archive.createSource({ title: 'Gamma', text: 'Gamma text.' })).id
    await sleep(5)
    ids.Alpha = (
      await archive.createSource({
        title: 'Alpha',
        text: 'Alpha text.',
        creators: [{ name: 'Zeta, Zoe', role: 'author' }],
        date: '1920',
        language: 'fr',
        kind: 'report'
      })
    ).id
    await sleep(5)
    ids.beta = (
      await archive.createSource({
        title: 'beta',
        text: 'Beta text.',
        creators: [{ name: 'Adams, Ann', role: 'author' }],
        date: '1905-03',
        language: 'en',
        kind: 'article'
      })
    ).id
    await sleep(5)
    await archive.updateSource(ids.Alpha, { description: 'touched' })
    // Two annotations on Alpha and one on Gamma, written directly: the contract has no annotation methods yet.
    const insert = archive.database.prepare(
      `INSERT INTO annotations (id, source_id, start, end, exact, created, modified)
       VALUES (?, ?, 0, 5, 'Alpha', '2025-01-01', '2025-01-01')`
    )
    insert.run('ANN1', ids.Alpha)
    insert.run('ANN2', ids.Alpha)
    insert.run('ANN3', ids.Gamma)
    return ids
  }

  const expected: Record<SourceSortKey, [string[], string[]]> = {
    title: [
      ['Alpha', 'beta', 'Gamma'],
      ['Gamma', 'beta', 'Alpha']
    ],
    creators: [
      ['beta', 'Alpha', 'Gamma'],
      ['Alpha', 'beta', 'Gamma']
    ],
    date: [
      ['beta', 'Alpha', 'Gamma'],
      ['Alpha', 'beta', 'Gamma']
    ],
    language: [
      ['beta', 'Alpha', 'Gamma'],
      ['Alpha', 'beta', 'Gamma']
    ],
    kind: [
      ['beta', 'Gamma', 'Alpha'],
      ['Alpha', 'Gamma', 'beta']
    ],
    annotations: [
      ['beta', 'Gamma', 'Alpha'],
      ['Alpha', 'Gamma', 'beta']
    ],
    created: [
      ['Gamma', 'Alpha', 'beta'],
      ['beta', 'Alpha', 'Gamma']
    ],
    modified: [
      ['Gamma', 'beta', 'Alpha'],
      ['Alpha', 'beta', 'Gamma']
    ]
  }

  it('covers every sort key of the model', () => {
    expect(Object.keys(expected).sort()).toEqual([...SOURCE_SORT_KEYS].sort())
  })

  it('sorts by every key, both ways, with unknown values last', async () => {
    const archive = fresh()
    await three(archive)
    for (const key of SOURCE_SORT_KEYS) {
      const [asc, desc] = expected[key]
      const up = await archive.listSources({ sort: key })
      const down = await archive.listSources({ sort: key, descending: true })
      expect(
        up.map((s) => s.title),
        `${key} ascending`
      ).toEqual(asc)
      expect(
        down.map((s) => s.title),
        `${key} descending`
      ).toEqual(desc)
    }
  })

  it('counts annotations per source', async () => {
    const archive = fresh()
    const ids = await three(archive)
    const list = await archive.listSources()
    expect(Object.fromEntries(list.map((s) => [s.title, s.annotationCount]))).toEqual({
      Alpha: 2,
      beta: 0,
      Gamma: 1
    })
    expect(ids.Alpha).toBeTruthy()
  })

  it('sorts by title by default', async () => {
    const archive = fresh()
    await three(archive)
    expect((await archive.listSources()).map((s) => s.title)).toEqual(['Alpha', 'beta', 'Gamma'])
  })

  it('refuses an unknown sort key', async () => {
    const archive = fresh()
    await expectArchiveError(
      archive.listSources({ sort: 'colour' as SourceSortKey }),
      'INVALID_ARGUMENT',
      /sort must be one of/
    )
  })

  it('filters on folded title, creators, publisher and description', async () => {
    const archive = fresh()
    await archive.createSource({ title: 'Bakı döyüşü', text: 'One.', date: '1918' })
    await archive.createSource({
      title: 'Letter',
      text: 'Two.',
      creators: [{ name: 'Məmmədov, Əli', role: 'author' }]
    })
    await archive.createSource({ title: 'Report', text: 'Three.', publisher: 'Türkiye Gazetesi' })
    await archive.createSource({ title: 'Other', text: 'Four.', description: 'Notes on İstanbul' })
    const titles = async (filter: string): Promise<string[]> =>
      (await archive.listSources({ filter })).map((s) => s.title)
    expect(await titles('BAKI')).toEqual(['Bakı döyüşü'])
    expect(await titles('doyusu')).toEqual(['Bakı döyüşü'])
    expect(await titles('bakı 1918')).toEqual(['Bakı döyüşü'])
    expect(await titles('memmedov')).toEqual(['Letter'])
    expect(await titles('MƏMMƏDOV')).toEqual(['Letter'])
    expect(await titles('turkiye')).toEqual(['Report'])
    expect(await titles('istanbul')).toEqual(['Other'])
    expect(await titles('baki istanbul')).toEqual([])
    expect(await titles('')).toHaveLength(4)
  })

  it('filters by language (a tag and its subtags) and by kind', async () => {
    const archive = fresh()
    await archive.createSource({ title: 'A', text: 'a', language: 'en', kind: 'letter' })
    await archive.createSource({ title: 'B', text: 'b', language: 'en-GB', kind: 'report' })
    await archive.createSource({ title: 'C', text: 'c', language: 'fr', kind: 'letter' })
    await archive.createSource({ title: 'D', text: 'd', language: 'eo' })
    const titles = async (q: Parameters<Archive['listSources']>[0]): Promise<string[]> =>
      (await archive.listSources(q)).map((s) => s.title)
    expect(await titles({ language: 'en' })).toEqual(['A', 'B'])
    expect(await titles({ language: 'fr' })).toEqual(['C'])
    expect(await titles({ kind: 'letter' })).toEqual(['A', 'C'])
    expect(await titles({ language: 'en', kind: 'letter' })).toEqual(['A'])
  })
})

describe('deleting a source', () => {
  it('removes it with its revisions and its search index rows', async () => {
    handle = tempArchive({ sample: true })
    const archive = handle.archive
    const s = await archive.createSource({
      title: 'Quixotic title',
      text: 'A zanzibarine word.\n\nAnother paragraph.'
    })
    await archive.deleteSource(s.id)
    const db = archive.database
    const count = (sql: string, ...args: unknown[]): number =>
      (db.prepare(sql).get(...args) as { n: number }).n
    expect(count('SELECT count(*) AS n FROM sources WHERE id = ?', s.id)).toBe(0)
    expect(count('SELECT count(*) AS n FROM revisions WHERE source_id = ?', s.id)).toBe(0)
    expect(count('SELECT count(*) AS n FROM passages WHERE source_id = ?', s.id)).toBe(0)
    expect(count('SELECT count(*) AS n FROM search_state WHERE source_id = ?', s.id)).toBe(0)
    expect(
      count("SELECT count(*) AS n FROM passage_text WHERE passage_text MATCH 'zanzibarine'")
    ).toBe(0)
    expect(
      count("SELECT count(*) AS n FROM passage_text WHERE passage_text MATCH 'quixotic'")
    ).toBe(0)
    expect((await archive.search('zanzibarine')).hits).toEqual([])
    expect((await archive.search('quixotic')).hits).toEqual([])
    await expectArchiveError(archive.getSource(s.id), 'NOT_FOUND')
    expect(await archive.listSources()).toHaveLength(2)
    // The other sources are still searchable.
    expect((await archive.search('Dunsterville')).hits.length).toBeGreaterThan(0)
  })

  it('refuses an unknown id with NOT_FOUND and changes nothing', async () => {
    handle = tempArchive({ sample: true })
    const before = snapshot(handle.archive)
    await expectArchiveError(handle.archive.deleteSource('NOPE2345'), 'NOT_FOUND')
    await expectArchiveError(handle.archive.deleteSource('../etc'), 'INVALID_ARGUMENT')
    expect(snapshot(handle.archive)).toEqual(before)
  })
})

describe('what an import worker prepared', () => {
  const text = 'Première ligne\n\nUne deuxième, plus longue, pour la recherche.'
  const hash = createHash('sha256').update(text).digest('hex')
  const fitting = { hash, passages: packPassages(passagesOf(text)) }

  it('is taken when it fits the text: its hash and its passages, the text as it came', () => {
    const checked = checkSourceInput({ title: 'T', text }, fitting)
    expect(checked.hash).toBe(hash)
    expect(checked.passages).toEqual(passagesOf(text))
    expect(checked.text).toBe(text)
  })

  it('is ignored when it does not fit: the text normalised and hashed here', () => {
    const raw = 'Première ligne\r\n\r\nUne deuxième, plus longue, pour la recherche.'
    for (const prepared of [
      { hash: 'not a hash', passages: fitting.passages },
      { hash, passages: packPassages([{ start: 0, end: raw.length + 1, paragraph: 1 }]) },
      { hash, passages: [0, 5, 1] as unknown as Int32Array }
    ]) {
      const checked = checkSourceInput({ title: 'T', text: raw }, prepared)
      expect(checked.text).toBe(text)
      expect(checked.hash).toBe(hash)
      expect(checked.passages).toBeUndefined()
    }
  })
})
