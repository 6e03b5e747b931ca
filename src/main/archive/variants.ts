// Variant sets: spellings search treats as one word (Baku = Bakı = Bakou = Bakü = Баку).

import type { Statement } from 'better-sqlite3'
import { invalid, notFound } from '../../shared/errors'
import type { VariantSet } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import type { VariantLookup } from '../../shared/text/query'
import type { Db } from './db'
import { newId } from './ids'
import { expectString, isRecord } from './validate'
import { LIMITS } from '../../shared/limits'

interface VariantRow {
  id: string
  terms: string
}

const listings = new WeakMap<Db, Statement>()
const lookups = new WeakMap<Db, { key: string; lookup: VariantLookup }>()

function variantRows(db: Db): VariantRow[] {
  let statement = listings.get(db)
  if (!statement) {
    statement = db.prepare('SELECT id, terms FROM variant_sets ORDER BY position, id')
    listings.set(db, statement)
  }
  return statement.all() as VariantRow[]
}

export function listVariantSets(db: Db): VariantSet[] {
  return variantRows(db).map((r) => ({ id: r.id, terms: JSON.parse(r.terms) as string[] }))
}

/**
 * The lookup of the archive's current variant sets, for a search. Rebuilt only when the sets
 * changed since the last search (any change: edits, undo, a bundle), so a query pays one small read.
 */
export function currentVariantLookup(db: Db): VariantLookup {
  const rows = variantRows(db)
  const key = rows.map((r) => `${r.id}\u0000${r.terms}`).join('\u0001')
  const cached = lookups.get(db)
  if (cached?.key === key) return cached.lookup
  const lookup = variantLookup(
    rows.map((r) => ({ id: r.id, terms: JSON.parse(r.terms) as string[] }))
  )
  lookups.set(db, { key, lookup })
  return lookup
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
    const term = expectString(t, 'term', { max: LIMITS.variantTerm }).normalize('NFC').trim()
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
