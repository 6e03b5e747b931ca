// Search: folding in every script, phrases, prefixes, OR and exclusions, variant sets, offsets and snippets, and a safe query parser.

import { afterEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { ArchiveError } from '../../../src/shared/errors'
import type { SearchHit, SearchResults } from '../../../src/shared/model'
import { fold } from '../../../src/shared/text/fold'
import { paragraphNumber, paragraphSpans } from '../../../src/shared/text/paragraphs'
import { markedSpans } from '../../../src/main/archive/search'
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

const ENGLISH = 'Commemoration of the 107th anniversary of the taking of Baku (news report)'
const FRENCH = 'Bataille de Bakou'

/** The original text of every match of every hit, read from the sources at the hit's offsets. */
async function matchedTexts(archive: Archive, results: SearchResults): Promise<string[]> {
  const out: string[] = []
  for (const hit of results.hits) {
    const { text } = await archive.getSource(hit.sourceId)
    for (const m of hit.matches) out.push(text.slice(m.start, m.end))
  }
  return out
}

/** Checks what a reader relies on: offsets point at the matched words, and the snippet marks them. */
async function checkHits(archive: Archive, results: SearchResults): Promise<void> {
  const terms = results.terms.flat()
  const prefix = results.query.trim().endsWith('*')
  const isTerm = (word: string): boolean =>
    terms.some((t) => (prefix ? fold(word).startsWith(t) : fold(word) === t))
  for (const hit of results.hits) {
    const { text } = await archive.getSource(hit.sourceId)
    if (hit.field === 'text') {
      expect(hit.matches.length).toBeGreaterThan(0)
      expect(hit.paragraph).toBe(paragraphNumber(paragraphSpans(text), hit.matches[0].start))
    }
    for (const m of hit.matches) {
      expect(m.start).toBeGreaterThanOrEqual(0)
      expect(m.end).toBeLessThanOrEqual(text.length)
      expect(isTerm(text.slice(m.start, m.end)), text.slice(m.start, m.end)).toBe(true)
    }
    const from = text.indexOf(hit.snippet)
    if (hit.field === 'text') expect(from).toBeGreaterThanOrEqual(0)
    expect(hit.marks.length).toBeGreaterThan(0)
    for (const mark of hit.marks) {
      expect(isTerm(hit.snippet.slice(mark.start, mark.end))).toBe(true)
    }
  }
}

function titles(hits: SearchHit[]): Set<string> {
  return new Set(hits.map((h) => h.sourceTitle))
}

describe('markedSpans', () => {
  it.each([
    ['no match here', []],
    ['\u0001Baku\u0002', [[0, 4]]],
    [
      'the \u0001fleet\u0002 left \u0001Baku\u0002.',
      [
        [4, 9],
        [15, 19]
      ]
    ],
    [
      '\u0001a\u0002\u0001b\u0002',
      [
        [0, 1],
        [1, 2]
      ]
    ],
    // A close without an open, or an open never closed, marks nothing.
    ['x\u0002y \u0001z', []]
  ] as [string, [number, number][]][])('reads the spans of %j', (marked, spans) => {
    expect(markedSpans(marked)).toEqual(spans.map(([start, end]) => ({ start, end })))
  })
})

describe('folding in every script (sample archive)', () => {
  it('"baki" finds "Bakı" in the French article', async () => {
    const archive = sample()
    const results = await archive.search('baki')
    expect(await matchedTexts(archive, results)).toContain('Bakı')
    await checkHits(archive, results)
  })

  it('"turkiye" finds "Türkiye"', async () => {
    const archive = sample()
    const results = await archive.search('turkiye')
    expect(titles(results.hits)).toContain(ENGLISH)
    expect(await matchedTexts(archive, results)).toContain('Türkiye')
    await checkHits(archive, results)
  })

  it('"azerbaidjan" finds "Azerbaïdjan"', async () => {
    const archive = sample()
    const results = await archive.search('azerbaidjan')
    expect(await matchedTexts(archive, results)).toContain('Azerbaïdjan')
    await checkHits(archive, results)
  })

  it('"битва" finds "Битва"', async () => {
    const archive = sample()
    const results = await archive.search('битва')
    expect(titles(results.hits)).toEqual(new Set([FRENCH]))
    expect(await matchedTexts(archive, results)).toContain('Битва')
    await checkHits(archive, results)
  })

  it('"BAKÜ" finds both sources', async () => {
    const archive = sample()
    const results = await archive.search('BAKÜ')
    expect(titles(results.hits)).toEqual(new Set([ENGLISH, FRENCH]))
    const matched = await matchedTexts(archive, results)
    expect(matched).toContain('Bakü')
    expect(matched).toContain('Baku')
    await checkHits(archive, results)
  })
})

describe('folding without variant sets', () => {
  it.each([
    ['baki', 'Bakı'],
    ['BAKI', 'Bakı'],
    ['İSTANBUL', 'istanbul'],
    ['istanbul', 'İstanbul'],
    ['azerbaycan', 'Azərbaycan'],
    ['AZƏRBAYCAN', 'azerbaycan'],
    ['selcuk', 'Selçuk'],
    ['bayraktaroglu', 'Bayraktaroğlu'],
    ['ELEVES', 'élèves'],
    ['ёлка', 'Елка'],
    ['Ελλάδα', 'ελλαδα'],
    ['l’armee', "l'armée"],
    ['lodz', 'Łódź']
  ])('"%s" finds "%s"', async (query, word) => {
    const archive = empty()
    const s = await archive.createSource({ title: 'Words', text: `Before ${word} after.` })
    const results = await archive.search(query)
    expect(results.hits).toHaveLength(1)
    expect(results.hits[0].matches).toEqual([{ start: 7, end: 7 + word.length }])
    expect(results.hits[0].sourceId).toBe(s.id)
    await checkHits(archive, results)
  })
})

describe('query syntax', () => {
  it('finds a phrase, and not the same words in another order', async () => {
    const archive = sample()
    const results = await archive.search('"entrée à Bakou"')
    expect(titles(results.hits)).toEqual(new Set([FRENCH]))
    const matched = await matchedTexts(archive, results)
    expect(matched.map(fold)).toContain('entree a bakou')
    expect((await archive.search('"Bakou à entrée"')).hits).toEqual([])
  })

  it('finds words by prefix', async () => {
    const archive = sample()
    const results = await archive.search('libera*')
    const matched = (await matchedTexts(archive, results)).map(fold)
    expect(matched.length).toBeGreaterThan(2)
    for (const m of matched) expect(m.startsWith('libera')).toBe(true)
    expect(new Set(matched)).toEqual(new Set(['liberation', 'liberate', 'liberated']))
  })

  it('finds either word with OR', async () => {
    const archive = sample()
    const results = await archive.search('Dunsterville OR Hasanov')
    expect(titles(results.hits)).toEqual(new Set([ENGLISH, FRENCH]))
    const matched = new Set(await matchedTexts(archive, results))
    expect(matched).toEqual(new Set(['Dunsterville', 'Hasanov']))
  })

  it('needs every word without OR', async () => {
    const archive = empty()
    await archive.createSource({ title: 'One', text: 'apples and pears' })
    await archive.createSource({ title: 'Two', text: 'apples and plums' })
    expect((await archive.search('apples pears')).hits.map((h) => h.sourceTitle)).toEqual(['One'])
    expect(titles((await archive.search('pears OR plums')).hits)).toEqual(new Set(['One', 'Two']))
  })

  it('excludes passages with a -word', async () => {
    const archive = empty()
    await archive.createSource({ title: 'One', text: 'apples and pears' })
    await archive.createSource({ title: 'Two', text: 'apples and plums' })
    const results = await archive.search('apples -pears')
    expect(results.hits.map((h) => h.sourceTitle)).toEqual(['Two'])
    expect(results.terms).toEqual([['apples']])
  })

  it('refuses queries that are only punctuation or only exclusions, clearly', async () => {
    const archive = sample()
    for (const q of ['', '   ', '!!! ...', '"" ""', '-baku', '-baku -bakou', 'OR', '*']) {
      const error = await expectArchiveError(archive.search(q), 'INVALID_ARGUMENT')
      expect(error.message).not.toMatch(/fts5|sqlite|syntax error/i)
    }
  })

  it.each([
    '"',
    'ba"ku',
    'ba*ku',
    '(baku',
    'baku)',
    'NEAR',
    'NEAR(baku bakou)',
    'baku NEAR bakou',
    'body:baku',
    'passage_text:baku',
    ':',
    '^baku',
    'baku AND',
    'AND OR NOT',
    'NOT baku',
    '+baku',
    '{body}: baku',
    '"unterminated phrase',
    'baku OR OR bakou',
    "l'armée",
    'a-b-c',
    '* baku *',
    '- -',
    '\\',
    "'; DROP TABLE sources; --"
  ])('never fails with an SQL error on %s', async (query) => {
    const archive = sample()
    const before = snapshot(archive)
    let results: SearchResults | undefined
    try {
      results = await archive.search(query)
    } catch (error) {
      expect(error).toBeInstanceOf(ArchiveError)
      expect((error as ArchiveError).code).toBe('INVALID_ARGUMENT')
      expect((error as ArchiveError).message).not.toMatch(/fts5|sqlite|syntax error|no such/i)
    }
    for (const hit of results?.hits ?? []) {
      const { text } = await archive.getSource(hit.sourceId)
      for (const m of hit.matches) expect(text.slice(m.start, m.end)).toMatch(/^[\p{L}\p{N}]/u)
    }
    expect(snapshot(archive)).toEqual(before)
  })

  it.each(['(Bakı)', 'Bakı,', '"Bakı."', '«Bakı»'])(
    'treats %s like the bare word (punctuation does not stop variant expansion)',
    async (query) => {
      const archive = sample()
      const bare = await archive.search('Bakı')
      const results = await archive.search(query)
      expect(titles(results.hits)).toEqual(titles(bare.hits))
      expect(results.terms).toEqual(bare.terms)
      await checkHits(archive, results)
    }
  )

  it('refuses a query over 1,000 characters with INVALID_ARGUMENT', async () => {
    const archive = sample()
    await expectArchiveError(archive.search('baku '.repeat(300)), 'INVALID_ARGUMENT', /too long/)
  })

  it('finds a word with an apostrophe in a quoted phrase', async () => {
    const archive = sample()
    const results = await archive.search("l'armée")
    expect(titles(results.hits)).toEqual(new Set([FRENCH]))
  })
})

describe('variant sets', () => {
  it('expand "baki" to the English "Baku", until the set is deleted (and again when that is undone)', async () => {
    const archive = sample()
    const results = await archive.search('baki')
    expect(titles(results.hits)).toEqual(new Set([ENGLISH, FRENCH]))
    expect(await matchedTexts(archive, results)).toContain('Baku')
    expect(results.terms[0]).toEqual(expect.arrayContaining(['baki', 'baku', 'bakou']))
    await checkHits(archive, results)

    const set = (await archive.listVariantSets()).find((s) => s.terms.includes('Baku'))!
    await archive.deleteVariantSet(set.id)
    const after = await archive.search('baki')
    expect(titles(after.hits)).toEqual(new Set([FRENCH]))
    expect(await matchedTexts(archive, after)).not.toContain('Baku')
    expect(after.terms).toEqual([['baki']])

    await archive.undo()
    expect(titles((await archive.search('baki')).hits)).toEqual(new Set([ENGLISH, FRENCH]))
    await archive.redo()
    expect(titles((await archive.search('baki')).hits)).toEqual(new Set([FRENCH]))
  })

  it('apply to a new set as soon as it is saved', async () => {
    const archive = empty()
    await archive.createSource({ title: 'A', text: 'The port of Batumi.' })
    await archive.createSource({ title: 'B', text: 'Le port de Batoumi.' })
    expect(titles((await archive.search('batumi')).hits)).toEqual(new Set(['A']))
    const saved = await archive.saveVariantSet({ terms: ['Batumi', 'Batoumi', 'Батуми'] })
    expect(saved.terms).toEqual(['Batumi', 'Batoumi', 'Батуми'])
    expect(titles((await archive.search('батуми')).hits)).toEqual(new Set(['A', 'B']))
    const replaced = await archive.saveVariantSet({ id: saved.id, terms: ['Batumi', 'Batum'] })
    expect(replaced).toEqual({ id: saved.id, terms: ['Batumi', 'Batum'] })
    expect(titles((await archive.search('batumi')).hits)).toEqual(new Set(['A']))
    expect(await archive.listVariantSets()).toEqual([replaced])
  })

  it('do not expand phrases or prefixes', async () => {
    const archive = sample()
    expect(titles((await archive.search('"Bakı döyüşü"')).hits)).toEqual(new Set([FRENCH]))
    const results = await archive.search('baki*')
    expect(results.terms).toEqual([['baki']])
  })

  it.each([
    ['one spelling', ['Baku']],
    ['two spellings that fold alike', ['Baku', 'BAKÜ']],
    ['a spelling with a space', ['New York', 'NYC']],
    ['no list', undefined],
    ['spellings that are not text', [1, 2]]
  ])(
    'saveVariantSet refuses %s with INVALID_ARGUMENT and changes nothing',
    async (_what, terms) => {
      const archive = sample()
      const before = snapshot(archive)
      await expectArchiveError(
        archive.saveVariantSet({ terms } as unknown as { terms: string[] }),
        'INVALID_ARGUMENT'
      )
      expect(snapshot(archive)).toEqual(before)
    }
  )

  it('saveVariantSet with an unknown id and deleteVariantSet of an unknown id say NOT_FOUND', async () => {
    const archive = sample()
    const before = snapshot(archive)
    await expectArchiveError(
      archive.saveVariantSet({ id: 'NOPE2345', terms: ['a', 'b'] }),
      'NOT_FOUND'
    )
    await expectArchiveError(archive.deleteVariantSet('NOPE2345'), 'NOT_FOUND')
    expect(snapshot(archive)).toEqual(before)
  })
})

describe('results', () => {
  it('carry offsets and snippets that match the text, for every hit of a common word', async () => {
    const archive = sample()
    for (const q of ['the', 'azerbaijan', 'ottoman', 'bolchev*', 'Baku', 'la']) {
      const results = await archive.search(q, { limit: 500 })
      expect(results.hits.length, q).toBeGreaterThan(0)
      await checkHits(archive, results)
    }
  })

  it('report the paragraph of the match in the current text', async () => {
    const archive = sample()
    const results = await archive.search('Hasanov')
    const hits = results.hits.filter((h) => h.field === 'text')
    expect(hits.map((h) => h.paragraph).sort()).toEqual([4, 5, 6])
  })

  it('find words in titles', async () => {
    const archive = sample()
    const results = await archive.search('commemoration')
    const titleHit = results.hits.find((h) => h.field === 'title')
    expect(titleHit).toMatchObject({ sourceTitle: ENGLISH, paragraph: 0, matches: [] })
    expect(titleHit!.snippet).toBe(ENGLISH)
    expect(titleHit!.snippet.slice(titleHit!.marks[0].start, titleHit!.marks[0].end)).toBe(
      'Commemoration'
    )
  })

  it('respect limit and say when more hits exist', async () => {
    const archive = sample()
    const all = await archive.search('the', { limit: 500 })
    expect(all.truncated).toBe(false)
    expect(all.hits.length).toBeGreaterThan(3)
    const two = await archive.search('the', { limit: 2 })
    expect(two.hits).toHaveLength(2)
    expect(two.truncated).toBe(true)
    for (const limit of [0, -1, 501, 1.5]) {
      await expectArchiveError(archive.search('the', { limit }), 'INVALID_ARGUMENT')
    }
  })

  it('can be restricted to some sources', async () => {
    const archive = sample()
    const english = (await archive.listSources()).find((s) => s.title === ENGLISH)!
    const results = await archive.search('baku', { sourceIds: [english.id] })
    expect(results.hits.length).toBeGreaterThan(0)
    expect(new Set(results.hits.map((h) => h.sourceId))).toEqual(new Set([english.id]))
    await expectArchiveError(
      archive.search('baku', { sourceIds: 'all' as unknown as string[] }),
      'INVALID_ARGUMENT'
    )
  })
})

describe('the index follows the archive', () => {
  it('after a title is edited', async () => {
    const archive = empty()
    const s = await archive.createSource({ title: 'Alpha report', text: 'Nothing special here.' })
    expect((await archive.search('zebra')).hits).toEqual([])
    await archive.updateSource(s.id, { title: 'Zebra report' })
    const results = await archive.search('zebra')
    expect(results.hits).toHaveLength(1)
    expect(results.hits[0]).toMatchObject({ field: 'title', sourceTitle: 'Zebra report' })
    expect((await archive.search('alpha')).hits).toEqual([])
  })

  it('after a source is deleted, and after that delete is undone', async () => {
    const archive = sample()
    const before = await archive.search('Dunsterville')
    expect(before.hits.length).toBeGreaterThan(0)
    const french = (await archive.listSources()).find((s) => s.title === FRENCH)!
    await archive.deleteSource(french.id)
    expect((await archive.search('Dunsterville')).hits).toEqual([])
    await archive.undo()
    expect(await archive.search('Dunsterville')).toEqual(before)
  })

  it('after the archive is reopened', async () => {
    const archive = sample()
    const before = await archive.search('baki')
    const reopened = handle!.reopen()
    expect(await reopened.search('baki')).toEqual(before)
  })
})

describe('long and unusual texts', () => {
  it('splits a 1 MB single paragraph into passages and finds a word at its very end', async () => {
    const archive = empty()
    const words = ['caspian', 'oil', 'city', 'harbour', 'army', 'treaty', 'minister', 'front']
    let text = ''
    for (let i = 0; text.length < 1_000_000; i++) text += `${words[i % words.length]}${i} `
    text += 'zanzibarine'
    const s = await archive.createSource({ title: 'Long', text })
    expect(s.paragraphs).toBe(1)
    const passages = archive.database
      .prepare('SELECT count(*) AS n FROM passages WHERE source_id = ?')
      .get(s.id) as { n: number }
    expect(passages.n).toBeGreaterThan(100)

    const end = await archive.search('zanzibarine')
    expect(end.hits).toHaveLength(1)
    expect(end.hits[0].matches).toEqual([{ start: text.length - 11, end: text.length }])
    expect(end.hits[0].paragraph).toBe(1)
    expect(end.hits[0].snippet.length).toBeLessThan(400)

    // Every word is whole in some passage: a word anywhere is found at its offset.
    for (const n of [1, 333, 4321, 54321, 99999]) {
      const word = `${words[n % words.length]}${n}`
      const at = text.indexOf(`${word} `)
      if (at < 0) continue
      const r = await archive.search(word)
      expect(
        r.hits.flatMap((h) => h.matches),
        word
      ).toEqual([{ start: at, end: at + word.length }])
    }
  })

  it('keeps offsets right after characters outside the BMP', async () => {
    const archive = empty()
    const text =
      '𝔄𝔯𝔪𝔶 😀😀 𓀀 — then Bakı and 🇦🇿 Türkiye.\n\n😀 Second paragraph mentions Bakı again.'
    const s = await archive.createSource({ title: 'Emoji', text })
    const results = await archive.search('baki')
    const matches = results.hits.flatMap((h) => h.matches).sort((a, b) => a.start - b.start)
    const first = text.indexOf('Bakı')
    const second = text.indexOf('Bakı', first + 1)
    expect(matches).toEqual([
      { start: first, end: first + 4 },
      { start: second, end: second + 4 }
    ])
    const t = await archive.search('turkiye')
    expect(t.hits[0].matches).toEqual([
      { start: text.indexOf('Türkiye'), end: text.indexOf('Türkiye') + 7 }
    ])
    await checkHits(archive, results)
    expect(s.length).toBe(text.length)
  })

  it('keeps offsets right in a long paragraph full of surrogate pairs', async () => {
    const archive = empty()
    let text = ''
    while (text.length < 30_000) text += '😀𝔄 word '
    const at = text.length + 1
    text += ' Bakı'
    await archive.createSource({ title: 'Pairs', text })
    const results = await archive.search('baki')
    expect(results.hits.flatMap((h) => h.matches)).toEqual([{ start: at, end: at + 4 }])
  })
})
