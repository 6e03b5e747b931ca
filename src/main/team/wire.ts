// Records between this copy and the server: local rows read for sending, server rows turned back into local ones.

import type { Db } from '../archive/db'
import { TAGS_FIELD } from '../archive/outbox'
import { q, type Shape } from './shapes'

/** A record as the server holds it: its columns, with per-field clocks and the deletion flag. */
export interface ServerRow {
  [column: string]: unknown
  clocks: Record<string, string>
  deleted: boolean
  seq?: string | number
  changed_by?: string
}

/** Records read per statement when many are sent at once. */
const READ_CHUNK = 900

/**
 * Local rows by the records' keys, in server terms (a source's current revision as its uid, an
 * annotation's tags as a list), read a chunk of keys per statement; missing keys are left out.
 */
export function readLocalMany(
  db: Db,
  shape: Shape,
  ids: readonly string[]
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>()
  const revision =
    shape.table === 'sources'
      ? ', (SELECT uid FROM revisions r WHERE r.source_id = t.id AND r.n = t.revision) AS "revision_uid"'
      : ''
  const rows = db.prepare(
    `SELECT t.*${revision} FROM ${q(shape.table)} t WHERE ${q(shape.key)} IN (SELECT value FROM json_each(?))`
  )
  const tags = db.prepare(
    `SELECT annotation_id, tag_id FROM annotation_tags
     WHERE annotation_id IN (SELECT value FROM json_each(?)) ORDER BY annotation_id, tag_id`
  )
  for (let i = 0; i < ids.length; i += READ_CHUNK) {
    const chunk = JSON.stringify(ids.slice(i, i + READ_CHUNK))
    const tagsOf = new Map<string, string[]>()
    if (shape.table === 'annotations') {
      for (const t of tags.all(chunk) as { annotation_id: string; tag_id: string }[]) {
        const list = tagsOf.get(t.annotation_id)
        if (list) list.push(t.tag_id)
        else tagsOf.set(t.annotation_id, [t.tag_id])
      }
    }
    for (const row of rows.all(chunk) as Record<string, unknown>[]) {
      const id = String(row[shape.key])
      const record: Record<string, unknown> = {}
      for (const c of shape.columns) {
        record[c.server] =
          c.local === TAGS_FIELD
            ? (tagsOf.get(id) ?? [])
            : row[c.server in row ? c.server : c.local]
      }
      out.set(id, record)
    }
  }
  return out
}

/** One local row by its key, in server terms, or undefined. */
export function readLocal(db: Db, shape: Shape, id: string): Record<string, unknown> | undefined {
  return readLocalMany(db, shape, [id]).get(id)
}

/** Server values as SQLite takes them: bigint columns arrive as text from node-postgres. */
export function localValue(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (type === 'bigint') return Number(value)
  return value
}

/** The outbox field a server column's clock belongs to (they share names but for the revision). */
export function localField(shape: Shape, serverColumn: string): string {
  const c = shape.columns.find((x) => x.server === serverColumn)
  return c ? c.local : serverColumn
}

export function serverColumn(shape: Shape, field: string): string {
  const c = shape.columns.find((x) => x.local === field)
  return c ? c.server : field
}
