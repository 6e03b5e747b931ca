// Re-anchoring after edits: passages stay on their words through inserts, deletes and rewrites, or become orphans.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findQuote, reanchor, type Anchored } from '../../src/shared/anchoring/anchor'
import { diffHunks, mapPoint, mapSpan } from '../../src/shared/anchoring/edit-map'
import { quoteAt } from '../../src/shared/anchoring/quote'

const english = readFileSync('resources/sample-archive/000_c5a335b3e3892825.txt', 'utf8')
const french = readFileSync('resources/sample-archive/001_7cb4cb3c1af32e13.txt', 'utf8')

function anchorOn(text: string, phrase: string, id = phrase, occurrence = 1): Anchored {
  let start = -1
  for (let i = 0; i < occurrence; i++) start = text.indexOf(phrase, start + 1)
  if (start < 0) throw new Error(`not in text: ${phrase}`)
  return { id, start, end: start + phrase.length, ...quoteAt(text, start, start + phrase.length) }
}

function placed(newText: string, results: ReturnType<typeof reanchor>, id: string): string | null {
  const r = results.find((x) => x.id === id)
  if (!r || r.status === 'orphan') return null
  return newText.slice(r.start, r.end)
}

describe('diff mapping', () => {
  it('shifts spans after an insertion and keeps spans before it', () => {
    const hunks = diffHunks('abc def ghi', 'abc XYZ def ghi')
    expect(mapSpan(hunks, 0, 3)).toEqual({ start: 0, end: 3 })
    expect(mapSpan(hunks, 4, 7)).toEqual({ start: 8, end: 11 })
    expect(mapSpan(hunks, 8, 11)).toEqual({ start: 12, end: 15 })
  })

  it('refuses spans an edit falls inside', () => {
    const hunks = diffHunks('abc def ghi', 'abc dXf ghi')
    expect(mapSpan(hunks, 4, 7)).toBeNull()
  })

  it('maps boundaries around an insertion at a passage start or end to the outside', () => {
    const hunks = diffHunks('say Baku now', 'say in Baku now')
    // "Baku" is 4..8 in the old text; the insertion "in " sits right before it.
    expect(mapPoint(hunks, 4, 'start')).toBe(7)
    expect(mapPoint(hunks, 8, 'end')).toBe(11)
  })
})

describe('reanchor on the seed texts', () => {
  const items = [
    anchorOn(english, 'Bolshevik and Armenian gangs', 'gangs'),
    anchorOn(english, 'Baku was liberated', 'liberated'),
    anchorOn(english, 'Selçuk Bayraktaroğlu', 'general'),
    anchorOn(english, '1,130 martyrs', 'martyrs')
  ]

  it('keeps every passage when the text is unchanged', () => {
    const results = reanchor(english, english, items)
    expect(results.map((r) => r.status)).toEqual(['kept', 'kept', 'kept', 'kept'])
  })

  it('keeps passages on their words when text is inserted before them', () => {
    const edited = `An introduction added by the editor.\n\n${english}`
    const results = reanchor(english, edited, items)
    for (const item of items) {
      expect(placed(edited, results, item.id)).toBe(item.exact)
      expect(results.find((r) => r.id === item.id)?.status).toBe('kept')
    }
  })

  it('keeps passages when text between them is deleted', () => {
    const cut = english.indexOf('Turkish diplomats')
    const edited =
      english.slice(0, cut) + english.slice(english.indexOf('Turkish Chief of General Staff'))
    const results = reanchor(english, edited, items)
    for (const item of items) expect(placed(edited, results, item.id)).toBe(item.exact)
  })

  it('stretches a passage over words inserted inside it', () => {
    const edited = english.replace(
      'Bolshevik and Armenian gangs',
      'Bolshevik and Armenian armed gangs'
    )
    const results = reanchor(english, edited, items)
    expect(placed(edited, results, 'gangs')).toBe('Bolshevik and Armenian armed gangs')
    expect(results.find((r) => r.id === 'gangs')?.status).toBe('moved')
    expect(placed(edited, results, 'liberated')).toBe('Baku was liberated')
  })

  it('follows a passage to a new place when its paragraph is moved', () => {
    const paragraph = english.slice(
      english.indexOf('On Sept. 15, 1918'),
      english.indexOf('\n', english.indexOf('On Sept. 15, 1918'))
    )
    const without = english.replace(`${paragraph}\n\n`, '')
    const edited = `${paragraph}\n\n${without}`
    const results = reanchor(english, edited, items)
    expect(placed(edited, results, 'liberated')).toBe('Baku was liberated')
    for (const item of items) expect(placed(edited, results, item.id)).toBe(item.exact)
  })

  it('rewrites around a passage leave it on its words', () => {
    const edited = english.replace(
      'On Sept. 15, 1918, after 30 hours of intense clashes, Baku was liberated. Ottoman troops',
      'On 15 September 1918, after thirty hours of fighting, Baku was liberated. The Ottoman army'
    )
    const results = reanchor(english, edited, items)
    expect(placed(edited, results, 'liberated')).toBe('Baku was liberated')
  })

  it('follows a small correction inside a passage by fuzzy match', () => {
    const item = anchorOn(english, 'the Caucasus Islamic Army taking back Baku', 'army')
    const edited = english
      .replace(
        'the Caucasus Islamic Army taking back Baku',
        'the Caucasian Islamic Army taking back Baku'
      )
      .replace('Monday was', 'On Monday it was')
    const [r] = reanchor(english, edited, [item])
    expect(r.status).toBe('moved')
    expect(placed(edited, [r], 'army')).toBe('the Caucasian Islamic Army taking back Baku')
  })

  it('orphans a passage whose words were rewritten, and never puts it on other words', () => {
    const edited = english.replace('Baku was liberated', 'the city was taken')
    const results = reanchor(english, edited, items)
    expect(results.find((r) => r.id === 'liberated')?.status).toBe('orphan')
    expect(placed(edited, results, 'gangs')).toBe('Bolshevik and Armenian gangs')
  })

  it('orphans a passage whose paragraph was deleted', () => {
    const start = english.indexOf('Today, Azerbaijan remembers')
    const end = english.indexOf('\n\n', start)
    const edited = english.slice(0, start) + english.slice(end + 2)
    const results = reanchor(english, edited, items)
    expect(results.find((r) => r.id === 'martyrs')?.status).toBe('orphan')
  })

  it('picks the occurrence whose context matches when the quote repeats', () => {
    const text = 'Baku fell. Later, in Baku, the army paraded. Baku was quiet.'
    const second = anchorOn(text, 'Baku', 'b2', 2)
    const edited = `Note. ${text.replace('Baku fell', 'The city fell')}`
    const [r] = reanchor(text, edited, [second])
    expect(r.status).not.toBe('orphan')
    if (r.status !== 'orphan') expect(edited.slice(r.start - 10, r.end)).toBe('Later, in Baku')
  })

  it('re-anchors ten thousand passages of a long text', () => {
    const long = Array.from({ length: 40 }, () => `${english}\n\n${french}`).join('\n\n')
    const many: Anchored[] = []
    for (let i = 0; many.length < 10_000 && i < long.length - 40; i += 23) {
      const start = long.indexOf(' ', i) + 1
      many.push({
        id: String(many.length),
        start,
        end: start + 12,
        ...quoteAt(long, start, start + 12)
      })
    }
    const middle = long.length >> 1
    const edited = `${long.slice(0, middle)} INSERTED ${long.slice(middle)}`
    const results = reanchor(long, edited, many)
    const orphans = results.filter((r) => r.status === 'orphan')
    expect(orphans.length).toBeLessThan(5)
    for (const r of results) {
      if (r.status === 'orphan') continue
      const item = many[Number(r.id)]
      if (r.status === 'kept') expect(edited.slice(r.start, r.end)).toBe(item.exact)
    }
  })
})

describe('findQuote', () => {
  it('finds a quote exactly, preferring its context', () => {
    const q = quoteAt(french, french.indexOf('Bakou le .'), french.indexOf('Bakou le .') + 10)
    const m = findQuote(french, q, 0)
    expect(m && french.slice(m.start, m.end)).toBe('Bakou le .')
  })

  it('returns null for a quote that is not in the text', () => {
    expect(
      findQuote(french, { exact: 'Tbilissi est tombée', prefix: '', suffix: '' }, 0)
    ).toBeNull()
  })
})
