// A source's reference data (sources.csl): the CSL-JSON fields beyond Parallax's own metadata.

import type { Db } from './db'

/** The reference data of each source asked for ({} when it has none). */
export function referenceData(
  db: Db,
  ids: readonly string[]
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>()
  const read = db.prepare('SELECT csl FROM sources WHERE id = ?').pluck()
  for (const id of ids) {
    const raw = read.get(id) as string | undefined
    let value: unknown
    try {
      value = raw ? JSON.parse(raw) : {}
    } catch {
      value = {}
    }
    out.set(
      id,
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {}
    )
  }
  return out
}

/** Replaces a source's reference data. */
export function setReferenceData(db: Db, id: string, data: Record<string, unknown>): void {
  db.prepare('UPDATE sources SET csl = ? WHERE id = ?').run(JSON.stringify(data), id)
}
