// Variant sets: spellings search treats as one word (Baku = Bakı = Bakou = Bakü = Баку).

import { invalid, notFound } from '../../shared/errors'
import type { VariantSet } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import type { VariantLookup } from '../../shared/text/query'
import type { Db } from './db'
import { newId } from './ids'
import { expectString, isRecord } from './validate'

export function listVariantSets(db: Db): VariantSet[] {
  const rows = db.prepare('SELECT id, terms FROM variant_sets ORDER BY position, id').all() as {
    id: string
    terms: string
  }[]
  return rows.map((r) => ({ id: r.id, terms: JSON.parse(r.terms) as string[] }))
}

/** Folded term -> every folded spelling of its set(s). */
export function variantLookup(sets: readonly VariantSet[]): VariantLookup {
  const map = new Map<string, Set<string>>()
  for (const set of sets) {
    const folded = set.terms.map((t) => fold(t))
    for (const term of folded) {
      const entry = map.get(term) ?? new Set<string>()
      for (const t of folded) entry.add(t)
      map.set(term, entry)
    }
  }
  return (term) => {
    const entry = map.get(term)
    return entry ? [...entry] : undefined
  }
}

export function checkVariantSet(raw: unknown): { id?: string; terms: string[] } {
  if (!isRecord(raw) || !Array.isArray(raw.terms))
    throw invalid('A variant set is { terms: [..] }.')
  const seen = new Set<string>()
  const terms: string[] = []
  for (const t of raw.terms) {
    const term = expectString(t, 'term', { max: 200 }).normalize('NFC').trim()
    if (!term) continue
    if (/\s/.test(term)) throw invalid(`"${term}": a variant is a single word, without spaces.`)
    const key = fold(term)
    if (!seen.has(key)) {
      seen.add(key)
      terms.push(term)
    }
  }
  if (terms.length < 2) throw invalid('A variant set needs at least two different spellings.')
  if (terms.length > 100) throw invalid('A variant set can hold at most 100 spellings.')
  return { id: raw.id === undefined ? undefined : expectString(raw.id, 'id', { max: 64 }), terms }
}

export function saveVariantSet(db: Db, set: { id?: string; terms: string[] }): VariantSet {
  if (set.id) {
    const result = db
      .prepare('UPDATE variant_sets SET terms = ? WHERE id = ?')
      .run(JSON.stringify(set.terms), set.id)
    if (result.changes === 0) throw notFound('variant set', set.id)
    return { id: set.id, terms: set.terms }
  }
  const id = newId()
  const next = db.prepare('SELECT coalesce(max(position) + 1, 0) AS p FROM variant_sets').get() as {
    p: number
  }
  db.prepare('INSERT INTO variant_sets (id, terms, position) VALUES (?, ?, ?)').run(
    id,
    JSON.stringify(set.terms),
    next.p
  )
  return { id, terms: set.terms }
}

export function deleteVariantSet(db: Db, id: string): void {
  if (db.prepare('DELETE FROM variant_sets WHERE id = ?').run(id).changes === 0)
    throw notFound('variant set', id)
}
