// Full-text search: passages of folded text in FTS5, queries expanded through variant sets, snippets from the original.

import type { Statement } from 'better-sqlite3'
import { invalid } from '../../shared/errors'
import type { SearchHit, SearchOptions, SearchResults, TextPosition } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import { paragraphNumber, paragraphSpans } from '../../shared/text/paragraphs'
import { passagesOf, type Passage } from '../../shared/text/passages'
import { parseQuery, type VariantLookup } from '../../shared/text/query'
import type { Db } from './db'
import { forgetWritten, getTextAndParagraphs } from './sources'
import { expectString, optionalRecord } from './validate'

const SNIPPET_BEFORE = 60
const SNIPPET_LENGTH = 220
const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

/**
 * Keeps the passage index in step with the sources table. Temporary triggers note every source
 * whose text or title a write of this connection touches, so a write re-indexes what it changed
 * and nothing else, however many sources the archive holds. Other processes writing the same file
 * index their own changes in their own transactions; `syncAll` catches up with anything else (an
 * archive written by an older version) when the archive opens.
 */
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
  private readonly dirtySources
  private readonly clearDirty

  constructor(private readonly db: Db) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS search_dirty (source_id TEXT PRIMARY KEY);
      CREATE TEMP TRIGGER IF NOT EXISTS search_dirty_ins AFTER INSERT ON main.sources BEGIN
        INSERT OR IGNORE INTO search_dirty VALUES (NEW.id);
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS search_dirty_upd AFTER UPDATE OF content_hash, title, id
        ON main.sources BEGIN
        INSERT OR IGNORE INTO search_dirty VALUES (OLD.id);
        INSERT OR IGNORE INTO search_dirty VALUES (NEW.id);
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS search_dirty_del AFTER DELETE ON main.sources BEGIN
        INSERT OR IGNORE INTO search_dirty VALUES (OLD.id);
      END;`)
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
    const keyed = `SELECT s.id, s.title, s.content_hash || char(31) || s.title AS key
      FROM sources s LEFT JOIN search_state st ON st.source_id = s.id
      WHERE (st.key IS NULL OR st.key <> s.content_hash || char(31) || s.title)`
    this.staleSources = db.prepare(keyed)
    this.removedSources = db.prepare(
      'SELECT source_id FROM search_state WHERE source_id NOT IN (SELECT id FROM sources)'
    )
    // What the triggers noted: removed sources (no row any more) and stale ones, by primary key.
    this.dirtySources = db.prepare(`SELECT d.source_id, s.id, s.title,
        s.content_hash || char(31) || s.title AS key, st.key AS indexed
      FROM temp.search_dirty d LEFT JOIN sources s ON s.id = d.source_id
        LEFT JOIN search_state st ON st.source_id = d.source_id`)
    this.clearDirty = db.prepare('DELETE FROM temp.search_dirty')
  }

  private remove(sourceId: string): void {
    for (const p of this.passagesOfSource.all(sourceId) as { id: number; body: string }[]) {
      this.deleteFts.run(p.id, fold(p.body))
    }
    this.deletePassages.run(sourceId)
    this.deleteState.run(sourceId)
  }

  private add(
    sourceId: string,
    title: string,
    text: string,
    passages: readonly Passage[],
    key: string
  ): void {
    const folded = fold(text)
    if (title) {
      const id = this.insertPassage.run(sourceId, 0, 0, title).lastInsertRowid
      this.insertFts.run(id, fold(title))
    }
    for (const p of passages) {
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

  /** Indexes a source afresh; `indexed: false` says it has no passages yet (a new source). */
  private reindex(s: { id: string; title: string; key: string }, indexed = true): void {
    if (indexed) this.remove(s.id)
    // Usually in the text cache already: the write that made the source stale just stored it
    // (an import's with its passages, cut by the import worker).
    const { text, spans, passages } = getTextAndParagraphs(this.db, s.id)
    this.add(s.id, s.title, text, passages ?? passagesOf(text, spans), s.key)
  }

  /** Re-indexes the sources this connection's writes touched since the last sync. Call inside the write. */
  sync(): void {
    try {
      this.syncDirty()
    } finally {
      forgetWritten(this.db)
    }
  }

  private syncDirty(): void {
    const dirty = this.dirtySources.all() as {
      source_id: string
      id: string | null
      title: string
      key: string
      indexed: string | null
    }[]
    if (dirty.length === 0) return
    for (const d of dirty) {
      if (d.id === null) {
        if (d.indexed !== null) this.remove(d.source_id)
      } else if (d.indexed !== d.key) {
        // A source never indexed (an import's) has no passages to look up and remove.
        this.reindex({ id: d.id, title: d.title, key: d.key }, d.indexed !== null)
      }
    }
    this.clearDirty.run()
  }

  /** Compares the whole index with the sources table and mends every difference (on open). */
  syncAll(): void {
    for (const { source_id } of this.removedSources.all() as { source_id: string }[]) {
      this.remove(source_id)
    }
    for (const s of this.staleSources.all() as { id: string; title: string; key: string }[]) {
      this.reindex(s)
    }
    this.clearDirty.run()
    forgetWritten(this.db)
  }
}

/**
 * Most matching passages one search ranks. Ranking (BM25) costs time in proportion to the
 * matches, and a word found in most passages of a large archive has hundreds of thousands:
 * beyond this many, the hits are the best of the first FIRST_PASS matches in the order passages
 * were indexed, and the results say so (`scanned`). 5,000 keep the heaviest search within a few
 * tens of milliseconds at 400 MB (bench/read-pool.bench.ts).
 */
export const FIRST_PASS = 5000

interface Scored {
  id: number
  score: number
}

/** Matching passages with their source and their matches marked, for the WHERE that follows. */
const MARKED_PASSAGES = `SELECT passage_text.rowid AS id, p.source_id, p.start, p.paragraph, p.body,
    highlight(passage_text, 0, char(1), char(2)) AS marked, s.title, s.language
  FROM passage_text JOIN passages p ON p.id = passage_text.rowid
    JOIN sources s ON s.id = p.source_id`

/**
 * Answers searches over the passage index. It only reads, so it also serves a read-only
 * connection (a read pool's worker), where SearchIndex, which writes, cannot be made.
 */
export class PassageSearch {
  private readonly firstPasses: (Statement | undefined)[] = []
  private passages: Statement | undefined
  private passagesInRange: Statement | undefined
  private beyond: Statement | undefined
  private ranked: Statement | undefined

  constructor(
    private readonly db: Db,
    private readonly firstPass = FIRST_PASS
  ) {}

  /**
   * The first pass: the BM25 score of each matching passage in index order, up to one more than
   * FIRST_PASS (so a search knows there were more). bm25() is figured only for rows read, so
   * this costs what it returns, not what matches.
   */
  private scores(filtered: boolean): Statement {
    const key = filtered ? 1 : 0
    let statement = this.firstPasses[key]
    if (!statement) {
      statement = filtered
        ? this.db.prepare(`SELECT passage_text.rowid AS id, bm25(passage_text) AS score
            FROM passage_text JOIN passages p ON p.id = passage_text.rowid
            WHERE passage_text MATCH ? AND p.source_id IN (SELECT value FROM json_each(?))
            LIMIT ?`)
        : this.db.prepare(`SELECT rowid AS id, bm25(passage_text) AS score
            FROM passage_text WHERE passage_text MATCH ? LIMIT ?`)
      this.firstPasses[key] = statement
    }
    return statement
  }

  /** Whether more passages than the first pass holds match: reads that many, in index order. */
  private matchesBeyond(fts: string): boolean {
    this.beyond ??= this.db.prepare(
      'SELECT 1 FROM passage_text WHERE passage_text MATCH ? LIMIT 1 OFFSET ?'
    )
    return this.beyond.get(fts, this.firstPass) !== undefined
  }

  /**
   * The ranked passages with their matches marked, in the order of `ids`. Without a prefix term,
   * FTS5 seeks each rowid of the list (one statement: asking for one rowid per statement run gave
   * stale highlights). A prefix term is looked up afresh at every seek (all the words it begins,
   * their entries merged: 0.2-0.5 s for 51 rows in a table of 200,000 where the first pass took
   * 12-24 ms), so then the matches between the first and the last id are read once, in order, and
   * the list only filters them: the first pass read as many.
   */
  private rows(fts: string, ids: number[], prefix: boolean): Row[] {
    if (ids.length === 0) return []
    let found: (Row & { id: number })[]
    if (prefix) {
      // The unary + keeps the list out of FTS5's hands: it filters the rows the range reads.
      this.passagesInRange ??= this.db.prepare(`${MARKED_PASSAGES}
        WHERE passage_text MATCH ? AND passage_text.rowid BETWEEN ? AND ?
          AND +passage_text.rowid IN (SELECT value FROM json_each(?))`)
      found = this.passagesInRange.all(
        fts,
        Math.min(...ids),
        Math.max(...ids),
        JSON.stringify(ids)
      ) as (Row & { id: number })[]
    } else {
      this.passages ??= this.db.prepare(`${MARKED_PASSAGES}
        WHERE passage_text MATCH ? AND passage_text.rowid IN (SELECT value FROM json_each(?))`)
      found = this.passages.all(fts, JSON.stringify(ids)) as (Row & { id: number })[]
    }
    const byId = new Map<number, Row>()
    for (const row of found) byId.set(row.id, row)
    return ids.flatMap((id) => byId.get(id) ?? [])
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
    let rows: Row[]
    let bounded = false
    try {
      // Most searches match fewer passages than the first pass holds: FTS5 ranks them all and
      // marks only the best, in one statement (two passes cost up to twice as much there).
      if (!sourceIds && !this.matchesBeyond(parsed.fts)) {
        this.ranked ??= this.db.prepare(
          `${MARKED_PASSAGES} WHERE passage_text MATCH ? ORDER BY rank LIMIT ?`
        )
        rows = this.ranked.all(parsed.fts, limit + 1) as Row[]
      } else {
        const params: unknown[] = [parsed.fts]
        if (sourceIds) params.push(JSON.stringify(sourceIds))
        params.push(this.firstPass + 1)
        // Read in one transaction: the scores and the rows come from the same state of the index.
        ;[rows, bounded] = this.db.transaction((): [Row[], boolean] => {
          const scored = this.scores(sourceIds !== undefined).all(...params) as Scored[]
          const over = scored.length > this.firstPass
          if (over) scored.length = this.firstPass
          // Best (lowest BM25) first; a stable sort keeps equal scores in index order.
          scored.sort((a, b) => a.score - b.score)
          const best = scored.slice(0, limit + 1)
          return [
            this.rows(
              parsed.fts,
              best.map((s) => s.id),
              parsed.groups.some((g) => g.some((t) => t.prefix))
            ),
            over
          ]
        })()
      }
    } catch (error) {
      throw invalid(`Cannot search for ${JSON.stringify(query)}: ${(error as Error).message}`)
    }
    const hits = rows.slice(0, limit).flatMap(toHits)
    return {
      query,
      terms: parsed.groups
        .filter((g) => !g[0].negated)
        .flatMap((g) => g.map((t) => t.alternatives)),
      hits: hits.slice(0, limit),
      truncated: bounded || rows.length > limit || hits.length > limit,
      ...(bounded ? { scanned: this.firstPass } : {})
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

// eslint-disable-next-line no-control-regex -- the markers are control characters
const MARKERS = /[\u0001\u0002]/g

/**
 * Reads the match spans out of highlight()'s markers (U+0001 opens, U+0002 closes), finding the
 * markers with one native search each rather than looking at every character of the passage.
 */
export function markedSpans(marked: string): TextPosition[] {
  const spans: TextPosition[] = []
  let markers = 0
  let open = -1
  MARKERS.lastIndex = 0
  for (let m = MARKERS.exec(marked); m; m = MARKERS.exec(marked)) {
    // Where the marker stands in the text without markers.
    const offset = m.index - markers++
    if (marked.charCodeAt(m.index) === 1) open = offset
    else {
      if (open >= 0) spans.push({ start: open, end: offset })
      open = -1
    }
  }
  return spans
}

/** The hits of one passage: one per paragraph that holds matches, each with its own snippet. */
function toHits(row: Row): SearchHit[] {
  const matches = markedSpans(row.marked)
  const body = row.body
  const isTitle = row.paragraph === 0
  const paragraphs = paragraphSpans(body)
  const groups = new Map<number, TextPosition[]>()
  for (const m of matches) {
    const k = isTitle ? 0 : Math.max(0, paragraphNumber(paragraphs, m.start) - 1)
    groups.set(k, [...(groups.get(k) ?? []), m])
  }
  if (groups.size === 0) groups.set(0, [])
  return [...groups].map(([k, inParagraph]) => {
    const para = paragraphs[k] ?? { start: 0, end: body.length }
    const first = inParagraph[0] ?? { start: para.start, end: para.start }
    let from = Math.max(para.start, first.start - SNIPPET_BEFORE)
    if (from > para.start) {
      const space = body.indexOf(' ', from)
      if (space >= 0 && space < first.start) from = space + 1
    }
    let to = Math.min(para.end, from + SNIPPET_LENGTH)
    if (to < para.end) {
      const space = body.lastIndexOf(' ', to)
      if (space > first.end) to = space
    }
    const offset = isTitle ? 0 : row.start
    return {
      sourceId: row.source_id,
      sourceTitle: row.title,
      language: row.language,
      paragraph: isTitle ? 0 : row.paragraph + k,
      field: isTitle ? ('title' as const) : ('text' as const),
      matches: isTitle
        ? []
        : inParagraph.map((m) => ({ start: m.start + offset, end: m.end + offset })),
      snippet: body.slice(from, to),
      marks: inParagraph
        .filter((m) => m.start >= from && m.end <= to)
        .map((m) => ({ start: m.start - from, end: m.end - from })),
      clippedStart: from > para.start,
      clippedEnd: to < para.end
    }
  })
}
