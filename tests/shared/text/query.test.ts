// parseQuery(): words, "phrases", prefix*, OR and -exclusions into an FTS5 expression where every term is quoted.

import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../src/shared/errors'
import { parseQuery, type VariantLookup } from '../../../src/shared/text/query'

const plain = { prefix: false, phrase: false, negated: false }

/** True when every piece of the expression outside quotes is FTS5 syntax we generate (no user text). */
function onlyQuotedTerms(fts: string): boolean {
  return /^(?:\s+|\(|\)|\*|AND|OR|NOT|"(?:[^"]|"")*")+$/.test(fts)
}

describe('parseQuery', () => {
  it('folds and quotes a word', () => {
    expect(parseQuery('Bakı')).toEqual({
      groups: [[{ alternatives: ['baki'], ...plain }]],
      fts: '"baki"'
    })
  })

  it('ANDs several words', () => {
    const q = parseQuery('Türkiye  Azerbaïdjan')
    expect(q.groups.map((g) => g.map((t) => t.alternatives))).toEqual([
      [['turkiye']],
      [['azerbaidjan']]
    ])
    expect(q.fts).toBe('("turkiye" AND "azerbaidjan")')
  })

  it('reads a phrase', () => {
    const q = parseQuery('"entrée à  Bakou"')
    expect(q.groups).toEqual([
      [{ alternatives: ['entree a bakou'], prefix: false, phrase: true, negated: false }]
    ])
    expect(q.fts).toBe('"entree a bakou"')
  })

  it('treats a quoted single word as a word', () => {
    expect(parseQuery('"Baku"').groups[0][0]).toMatchObject({
      alternatives: ['baku'],
      phrase: false
    })
  })

  it('reads a prefix', () => {
    const q = parseQuery('libera*')
    expect(q.groups[0][0]).toMatchObject({ alternatives: ['libera'], prefix: true })
    expect(q.fts).toBe('"libera" *')
  })

  it('reads OR between two clauses', () => {
    const q = parseQuery('Dunsterville OR Hasanov')
    expect(q.groups).toHaveLength(1)
    expect(q.groups[0].map((t) => t.alternatives[0])).toEqual(['dunsterville', 'hasanov'])
    expect(q.fts).toBe('("dunsterville" OR "hasanov")')
  })

  it('ignores a leading or trailing OR', () => {
    expect(parseQuery('OR baku').fts).toBe('"baku"')
    expect(parseQuery('baku OR').fts).toBe('"baku"')
  })

  it('reads exclusions and puts them after NOT', () => {
    const q = parseQuery('baku -armenian -"red army"')
    expect(q.groups.map((g) => g[0].negated)).toEqual([false, true, true])
    expect(q.fts).toBe('"baku" NOT "armenian" NOT "red army"')
  })

  it('keeps a lone hyphen and inner hyphens as part of words', () => {
    expect(parseQuery('anti-bolchevique').fts).toBe('"anti-bolchevique"')
  })

  it('expands single words through variant sets, but not phrases or prefixes', () => {
    const sets: Record<string, string[]> = { baku: ['baku', 'baki', 'bakou', 'баку'] }
    const lookup: VariantLookup = (w) => sets[w]
    const q = parseQuery('baku', lookup)
    expect(q.groups[0][0].alternatives).toEqual(['baku', 'baki', 'bakou', 'баку'])
    expect(q.fts).toBe('("baku" OR "baki" OR "bakou" OR "баку")')
    expect(parseQuery('baku*', lookup).fts).toBe('"baku" *')
    expect(parseQuery('"baku port"', lookup).fts).toBe('"baku port"')
    expect(parseQuery('city', lookup).fts).toBe('"city"')
  })

  it('expands variants inside OR groups and exclusions', () => {
    const lookup: VariantLookup = (w) => (w === 'baku' ? ['baku', 'bakou'] : undefined)
    expect(parseQuery('oil OR baku', lookup).fts).toBe('("oil" OR ("baku" OR "bakou"))')
    expect(parseQuery('oil -baku', lookup).fts).toBe('"oil" NOT ("baku" OR "bakou")')
  })

  it.each([
    'a"b',
    '"unterminated',
    'NEAR(a b)',
    'body:baku',
    '^baku',
    '(baku)',
    'a AND b',
    'NOT a',
    "'; DROP TABLE x; --",
    '{body}: x',
    'x*y*',
    '"a""b" c'
  ])('quotes every term of %s', (query) => {
    const q = parseQuery(query)
    expect(onlyQuotedTerms(q.fts), q.fts).toBe(true)
  })

  it.each(['', '   ', '!!!', '... ,,,', 'OR', '*', '""', '-'])(
    'refuses %j: there is no word',
    (query) => {
      expect(() => parseQuery(query)).toThrow(ArchiveError)
      expect(() => parseQuery(query)).toThrow(/Type a word/)
    }
  )

  it.each(['-baku', '-baku -bakou', '-"red army"'])('refuses %j: only exclusions', (query) => {
    expect(() => parseQuery(query)).toThrow(/not excluded/)
  })
})
