// The shape of each shared record on the team server, derived from the archive's own schema, so the two never drift.

import { MIGRATIONS, openDatabase } from '../archive/db'
import { SYNC_KINDS, TAGS_FIELD, type SyncKind } from '../archive/outbox'

/** A column of a record kind: its name here and on the server, and its PostgreSQL type. */
export interface Column {
  local: string
  server: string
  type: 'text' | 'bigint' | 'jsonb'
}

export interface Shape extends SyncKind {
  /** The record's id column on the server (the same name as here). */
  columns: Column[]
}

/** The server's own columns on every record table (see schema.ts). */
export const SERVER_COLUMNS = ['clocks', 'deleted', 'seq', 'changed_by'] as const

let cached: Shape[] | undefined

/**
 * Every shared kind with its columns, read from an in-memory archive of the current schema.
 * Local-only columns stay out; a source's current revision travels as the revision's id
 * (revision_uid), and an annotation carries its tags as a JSON list (tags).
 */
export function shapes(): Shape[] {
  if (cached) return cached
  const db = openDatabase(':memory:', { migrations: MIGRATIONS })
  try {
    cached = SYNC_KINDS.map((kind) => {
      const info = db
        .prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid')
        .all(kind.table) as { name: string; type: string }[]
      const columns: Column[] = info
        .filter((c) => !kind.local.includes(c.name))
        .map((c) =>
          kind.table === 'sources' && c.name === 'revision'
            ? { local: 'revision', server: 'revision_uid', type: 'text' }
            : {
                local: c.name,
                server: c.name,
                type: /INT/i.test(c.type) ? 'bigint' : 'text'
              }
        )
      if (kind.table === 'annotations')
        columns.push({ local: TAGS_FIELD, server: TAGS_FIELD, type: 'jsonb' })
      return { ...kind, columns }
    })
    return cached
  } finally {
    db.close()
  }
}

export function shapeOf(table: string): Shape {
  const shape = shapes().find((s) => s.table === table)
  if (!shape) throw new Error(`not a shared record kind: ${table}`)
  return shape
}

/** A PostgreSQL identifier, quoted. */
export function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
