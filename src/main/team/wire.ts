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

/** A local row by the record's key, in server terms (revision uid, tag list), or undefined. */
export function readLocal(db: Db, shape: Shape, id: string): Record<string, unknown> | undefined {
  const row = db.prepare(`SELECT * FROM ${q(shape.table)} WHERE ${q(shape.key)} = ?`).get(id) as
    Record<string, unknown> | undefined
  if (!row) return undefined
  const out: Record<string, unknown> = {}
  for (const c of shape.columns) {
    if (c.local === TAGS_FIELD) {
      out[c.server] = db
        .prepare('SELECT tag_id FROM annotation_tags WHERE annotation_id = ? ORDER BY tag_id')
        .pluck()
        .all(id)
    } else if (shape.table === 'sources' && c.local === 'revision') {
      out[c.server] = db
        .prepare('SELECT uid FROM revisions WHERE source_id = ? AND n = ?')
        .pluck()
        .get(id, row.revision)
    } else out[c.server] = row[c.local]
  }
  return out
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
