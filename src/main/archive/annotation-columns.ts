// A source's annotations as compact parallel columns, for the reader: one SQL pass, no per-annotation objects.

import type { Statement } from 'better-sqlite3'
import type { AnnotationColumns, TextPosition } from '../../shared/model'
import type { Db } from './db'
import { getText } from './sources'

interface ColumnStatements {
  revision: Statement
  rows: Statement
  inRange: Statement
  codebook: Statement
}

// Prepared once per database: the reader lists a source's annotations on every open and refresh.
const columnStatements = new WeakMap<Db, ColumnStatements>()

function columnSql(db: Db): ColumnStatements {
  let sql = columnStatements.get(db)
  if (!sql) {
    sql = {
      revision: db.prepare('SELECT revision FROM sources WHERE id = ?').pluck(),
      // One pass over the source's index (in start order, no sorting in SQL), one row per tag;
      // rows come back as arrays: id, start, end, orphan, exact, note, tag id (null if none), maker.
      rows: db
        .prepare(
          `SELECT a.id, a.start, a.end, a.status = 'orphan', a.exact, a.note, at.tag_id, a.created_by
           FROM annotations a LEFT JOIN annotation_tags at ON at.annotation_id = a.id
           WHERE a.source_id = ? ORDER BY a.start`
        )
        .raw(),
      // Anchored annotations overlapping [start, end): source id, end, start.
      inRange: db
        .prepare(
          `SELECT a.id, a.start, a.end, a.status = 'orphan', a.exact, a.note, at.tag_id, a.created_by
           FROM annotations a LEFT JOIN annotation_tags at ON at.annotation_id = a.id
           WHERE a.source_id = ? AND a.start < ? AND a.end > ? AND a.status = 'anchored'
           ORDER BY a.start`
        )
        .raw(),
      codebook: db.prepare('SELECT id FROM tags ORDER BY position').pluck()
    }
    columnStatements.set(db, sql)
  }
  return sql
}

type ColumnRow = [string, number, number, number, string, string, string | null, string]

interface ColumnEntry {
  id: string
  start: number
  end: number
  orphan: number
  exact: string
  note: string
  tags: number[]
  author: number
}

/**
 * One source's annotations as parallel arrays in text order (see AnnotationColumns); with a range,
 * only the anchored ones overlapping it.
 */
export function listAnnotationColumns(
  db: Db,
  sourceId: string,
  range?: TextPosition
): AnnotationColumns {
  const text = getText(db, sourceId)
  const sql = columnSql(db)
  const revision = sql.revision.get(sourceId) as number
  const rows = (
    range ? sql.inRange.all(sourceId, range.end, range.start) : sql.rows.all(sourceId)
  ) as ColumnRow[]
  const codebook = sql.codebook.all() as string[]
  const position = new Map(codebook.map((t, k) => [t, k]))
  const byId = new Map<string, ColumnEntry>()
  const entries: ColumnEntry[] = []
  const used = new Set<number>()
  const authors: string[] = []
  const authorIndex = new Map<string, number>()
  for (const [id, start, end, orphan, exact, note, tag, by] of rows) {
    let e = byId.get(id)
    if (!e) {
      let author = authorIndex.get(by)
      if (author === undefined) {
        author = authors.push(by) - 1
        authorIndex.set(by, author)
      }
      e = { id, start, end, orphan, exact, note, tags: [], author }
      byId.set(id, e)
      entries.push(e)
    }
    if (tag !== null) {
      const k = position.get(tag) as number
      e.tags.push(k)
      used.add(k)
    }
  }
  // Text order as listAnnotations gives it: start, end, id (rows are in start order already).
  entries.sort((x, y) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : 1))
  // The tags in use, in codebook order; each annotation's tags as indexes into them.
  const inUse = [...used].sort((x, y) => x - y)
  const rank = new Map(inUse.map((k, r) => [k, r]))
  const n = entries.length
  const out: AnnotationColumns = {
    sourceId,
    revision,
    id: new Array<string>(n),
    start: new Array<number>(n),
    end: new Array<number>(n),
    orphans: [],
    tagIds: inUse.map((k) => codebook[k]),
    tags: new Array<number[]>(n),
    note: new Array<string>(n),
    quotes: [],
    authors,
    author: new Array<number>(n)
  }
  for (let i = 0; i < n; i++) {
    const e = entries[i]
    out.id[i] = e.id
    out.start[i] = e.start
    out.end[i] = e.end
    out.note[i] = e.note
    out.author[i] = e.author
    out.tags[i] =
      e.tags.length > 1
        ? e.tags.sort((x, y) => x - y).map((k) => rank.get(k) as number)
        : e.tags.map((k) => rank.get(k) as number)
    if (e.orphan) out.orphans.push(i)
    if (e.exact !== text.slice(e.start, e.end)) out.quotes.push({ index: i, exact: e.exact })
  }
  return out
}
