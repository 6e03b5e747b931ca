// Full-text search: passages of folded text in FTS5, queries expanded through variant sets, snippets from the original.

import { invalid } from '../../shared/errors'
import type { SearchHit, SearchOptions, SearchResults, TextPosition } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import { paragraphSpans } from '../../shared/text/paragraphs'
import { parseQuery, type VariantLookup } from '../../shared/text/query'
import type { Db } from './db'
import { expectString, optionalRecord } from './validate'

/** Passages longer than this are cut at a space, so snippets and highlights stay cheap. */
const MAX_PASSAGE = 2000
const SNIPPET_BEFORE = 60
const SNIPPET_LENGTH = 220
const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

export interface Passage {
  start: number
  end: number
  /** 1-based paragraph; 0 for the title. */
  paragraph: number
}

/** Cuts a text into passages: paragraphs, with long ones split at whitespace. */
export function passagesOf(text: string): Passage[] {
  const out: Passage[] = []
  paragraphSpans(text).forEach((span, i) => {
    let start = span.start
    while (span.end - start > MAX_PASSAGE) {
      let cut = text.lastIndexOf(' ', start + MAX_PASSAGE)
      if (cut <= start + MAX_PASSAGE / 2) cut = start + MAX_PASSAGE
      // Never split a surrogate pair.
      if (/[\uD800-\uDBFF]/.test(text[cut - 1])) cut--
      out.push({ start, end: cut, paragraph: i + 1 })
      start = cut
    }
    out.push({ start, end: span.end, paragraph: i + 1 })
  })
  return out
}

/** Keeps the passage index in step with the sources table. */
export class SearchIndex {
  private readonly insertPassage
  private readonly insertFts
  private readonly deleteFts
  private readonly passagesOfSource
  private readonly deletePassages
  private readonly setState
  private readonly deleteState
  private readonly staleSources
  private readonly removedSources

  constructor(private readonly db: Db) {
    this.insertPassage = db.prepare(
      'INSERT INTO passages (source_id, start, paragraph, body) VALUES (?, ?, ?, ?)'
    )
    this.insertFts = db.prepare('INSERT INTO passage_text (rowid, body) VALUES (?, ?)')
    this.deleteFts = db.prepare(
      "INSERT INTO passage_text (passage_text, rowid, body) VALUES ('delete', ?, ?)"
    )
    this.passagesOfSource = db.prepare('SELECT id, body FROM passages WHERE source_id = ?')
    this.deletePassages = db.prepare('DELETE FROM passages WHERE source_id = ?')
    this.setState = db.prepare('INSERT OR REPLACE INTO search_state (source_id, key) VALUES (?, ?)')
    this.deleteState = db.prepare('DELETE FROM search_state WHERE source_id = ?')
    this.staleSources =
      db.prepare(`SELECT s.id, s.title, r.text, s.content_hash || char(31) || s.title AS key
      FROM sources s LEFT JOIN search_state st ON st.source_id = s.id
      JOIN revisions r ON r.source_id = s.id AND r.n = s.revision
      WHERE st.key IS NULL OR st.key <> s.content_hash || char(31) || s.title`)
    this.removedSources = db.prepare(
      'SELECT source_id FROM search_state WHERE source_id NOT IN (SELECT id FROM sources)'
    )
  }

  private remove(sourceId: string): void {
    for (const p of this.passagesOfSource.all(sourceId) as { id: number; body: string }[]) {
      this.deleteFts.run(p.id, fold(p.body))
    }
    this.deletePassages.run(sourceId)
    this.deleteState.run(sourceId)
  }

  private add(sourceId: string, title: string, text: string, key: string): void {
    const folded = fold(text)
    if (title) {
      const id = this.insertPassage.run(sourceId, 0, 0, title).lastInsertRowid
      this.insertFts.run(id, fold(title))
    }
    for (const p of passagesOf(text)) {
      const id = this.insertPassage.run(
        sourceId,
        p.start,
        p.paragraph,
        text.slice(p.start, p.end)
      ).lastInsertRowid
      this.insertFts.run(id, folded.slice(p.start, p.end))
    }
    this.setState.run(sourceId, key)
  }

  /** Re-indexes sources whose text or title changed and drops deleted ones. Call inside the write. */
  sync(): void {
    for (const { source_id } of this.removedSources.all() as { source_id: string }[]) {
      this.remove(source_id)
    }
    const stale = this.staleSources.all() as {
      id: string
      title: string
      text: string
      key: string
    }[]
    for (const s of stale) {
      this.remove(s.id)
      this.add(s.id, s.title, s.text, s.key)
    }
  }

  /** Runs a query. Hits are passages, best first (BM25). */
  search(rawQuery: unknown, rawOptions: unknown, variants: VariantLookup): SearchResults {
    const query = expectString(rawQuery, 'query', { max: 1000 })
    const options = optionalRecord(rawOptions, 'options') as SearchOptions
    const limit = options.limit ?? DEFAULT_LIMIT
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw invalid(`limit must be a whole number from 1 to ${MAX_LIMIT}.`)
    }
    const sourceIds = options.sourceIds
    if (
      sourceIds !== undefined &&
      (!Array.isArray(sourceIds) || sourceIds.some((s) => typeof s !== 'string'))
    ) {
      throw invalid('sourceIds must be a list of source ids.')
    }
    const parsed = parseQuery(query, variants)
    const filter = sourceIds ? `AND p.source_id IN (SELECT value FROM json_each(?))` : ''
    const sql = `SELECT p.source_id, p.start, p.paragraph, p.body,
        highlight(passage_text, 0, char(1), char(2)) AS marked, s.title, s.language
      FROM passage_text JOIN passages p ON p.id = passage_text.rowid JOIN sources s ON s.id = p.source_id
      WHERE passage_text MATCH ? ${filter}
      ORDER BY rank LIMIT ?`
    const params: unknown[] = [parsed.fts]
    if (sourceIds) params.push(JSON.stringify(sourceIds))
    params.push(limit + 1)
    let rows: Row[]
    try {
      rows = this.db.prepare(sql).all(...params) as Row[]
    } catch (error) {
      throw invalid(`Cannot search for ${JSON.stringify(query)}: ${(error as Error).message}`)
    }
    const truncated = rows.length > limit
    return {
      query,
      terms: parsed.groups
        .filter((g) => !g[0].negated)
        .flatMap((g) => g.map((t) => t.alternatives)),
      hits: rows.slice(0, limit).map(toHit),
      truncated
    }
  }
}

interface Row {
  source_id: string
  start: number
  paragraph: number
  body: string
  marked: string
  title: string
  language: string
}

/** Reads the match spans out of highlight()'s markers (U+0001 opens, U+0002 closes). */
export function markedSpans(marked: string): TextPosition[] {
  const spans: TextPosition[] = []
  let offset = 0
  let open = -1
  for (let i = 0; i < marked.length; i++) {
    const c = marked.charCodeAt(i)
    if (c === 1) open = offset
    else if (c === 2) {
      if (open >= 0) spans.push({ start: open, end: offset })
      open = -1
    } else offset++
  }
  return spans
}

function toHit(row: Row): SearchHit {
  const inPassage = markedSpans(row.marked)
  const body = row.body
  const first = inPassage[0] ?? { start: 0, end: 0 }
  let from = Math.max(0, first.start - SNIPPET_BEFORE)
  if (from > 0) {
    const space = body.indexOf(' ', from)
    if (space >= 0 && space < first.start) from = space + 1
  }
  let to = Math.min(body.length, from + SNIPPET_LENGTH)
  if (to < body.length) {
    const space = body.lastIndexOf(' ', to)
    if (space > first.end) to = space
  }
  const isTitle = row.paragraph === 0
  const offset = isTitle ? 0 : row.start
  return {
    sourceId: row.source_id,
    sourceTitle: row.title,
    language: row.language,
    paragraph: row.paragraph,
    field: isTitle ? 'title' : 'text',
    matches: isTitle
      ? []
      : inPassage.map((s) => ({ start: s.start + offset, end: s.end + offset })),
    snippet: body.slice(from, to),
    marks: inPassage
      .filter((s) => s.start >= from && s.end <= to)
      .map((s) => ({ start: s.start - from, end: s.end - from })),
    clippedStart: from > 0,
    clippedEnd: to < body.length
  }
}
