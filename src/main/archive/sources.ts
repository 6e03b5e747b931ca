// Sources: rows with metadata and current text; the listing, whole or a window of it (source-list.ts orders it).

import { ArchiveError, invalid, notFound } from '../../shared/errors'
import type {
  Creator,
  Source,
  SourceInput,
  SourceKind,
  SourceMeta,
  SourceMetaPatch,
  SourceOrigin,
  SourcePage,
  SourcePageQuery,
  SourceSummary,
  TextPosition
} from '../../shared/model'
import { normalizeText, paragraphSpans } from '../../shared/text/paragraphs'
import { spansOfPassages, unpackPassages, type Passage } from '../../shared/text/passages'
import type { Statement } from 'better-sqlite3'
import type { Db } from './db'
import { newId, nowIso } from './ids'
import type { PreparedText } from './importers/types'
import { hashText, isTextHash } from './text-hash'
import { LIMITS } from '../../shared/limits'
import { checkListingQuery, deferListing, listingCounts, orderedListing } from './source-list'
import {
  EMPTY_META,
  checkMetaPatch,
  expectId,
  expectInteger,
  expectString,
  optionalRecord
} from './validate'

/**
 * Who signs a new source or revision, named in the INSERT itself: signing after the insert (the
 * triggers of authors.ts) would write a revision's whole text a second time.
 */
const SIGNED = "coalesce(px_author(), '')"

/** Largest text a source may hold (UTF-16 code units): about 20 MB of text. */
export const MAX_TEXT_LENGTH = LIMITS.sourceText

interface SourceRow {
  id: string
  title: string
  creators: string
  publisher: string
  date: string
  language: string
  kind: string
  url: string
  license: string
  accessed: string
  description: string
  text_length: number
  paragraph_count: number
  revision: number
  content_hash: string
  origin: string | null
  created: string
  modified: string
  created_by: string
  modified_by: string
  annotation_count: number
  orphan_count: number
  text?: string
}

/** A source's own columns; the summaries add its annotation counts. */
const SOURCE_COLUMNS = `s.id, s.title, s.creators, s.publisher, s.date, s.language, s.kind, s.url,
  s.license, s.accessed, s.description, s.text_length, s.paragraph_count, s.revision,
  s.content_hash, s.origin, s.created, s.modified, s.created_by, s.modified_by`

const SUMMARY_COLUMNS = `${SOURCE_COLUMNS},
  (SELECT count(*) FROM annotations a WHERE a.source_id = s.id AND a.status = 'anchored') AS annotation_count,
  (SELECT count(*) FROM annotations a WHERE a.source_id = s.id AND a.status = 'orphan') AS orphan_count`

function toSummary(row: SourceRow): SourceSummary {
  return {
    id: row.id,
    title: row.title,
    creators: JSON.parse(row.creators) as Creator[],
    publisher: row.publisher,
    date: row.date,
    language: row.language,
    kind: row.kind as SourceKind,
    url: row.url,
    license: row.license,
    accessed: row.accessed,
    description: row.description,
    created: row.created,
    modified: row.modified,
    revision: row.revision,
    length: row.text_length,
    paragraphs: row.paragraph_count,
    annotationCount: row.annotation_count,
    orphanCount: row.orphan_count,
    contentHash: row.content_hash,
    origin: row.origin ? (JSON.parse(row.origin) as SourceOrigin) : null,
    createdBy: row.created_by,
    modifiedBy: row.modified_by
  }
}

export function sourceExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM sources WHERE id = ?').get(id) !== undefined
}

export function getSummary(db: Db, id: string): SourceSummary {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sources s WHERE s.id = ?`).get(id) as
    SourceRow | undefined
  if (!row) throw notFound('source', id)
  return toSummary(row)
}

/** The summaries of many sources in one query (an import's hundred), in the order given. */
export function getSummaries(db: Db, ids: string[]): SourceSummary[] {
  if (ids.length === 0) return []
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM sources s WHERE s.id IN (SELECT value FROM json_each(?))`
    )
    .all(JSON.stringify(ids)) as SourceRow[]
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.map((id) => {
    const row = byId.get(id)
    if (!row) throw notFound('source', id)
    return toSummary(row)
  })
}

export function getSource(db: Db, id: string): Source {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, r.text FROM sources s
       JOIN revisions r ON r.source_id = s.id AND r.n = s.revision WHERE s.id = ?`
    )
    .get(id) as SourceRow | undefined
  if (!row) throw notFound('source', id)
  return { ...toSummary(row), text: row.text as string }
}

interface CachedText {
  hash: string
  text: string
  spans?: TextPosition[]
  /** The search index's passages, when the import worker cut them (only while the write lasts). */
  passages?: Passage[]
}

/** Recently read texts per database, checked against the current content hash (so undo cannot stale them). */
const textCache = new WeakMap<Db, Map<string, CachedText>>()
const CACHED_TEXTS = 8

const statements = new WeakMap<Db, { hash: Statement; text: Statement }>()

function cachedText(db: Db, id: string): CachedText {
  let sql = statements.get(db)
  if (!sql) {
    sql = {
      hash: db.prepare('SELECT content_hash AS hash FROM sources WHERE id = ?'),
      text: db.prepare(
        'SELECT r.text FROM sources s JOIN revisions r ON r.source_id = s.id AND r.n = s.revision WHERE s.id = ?'
      )
    }
    statements.set(db, sql)
  }
  const row = sql.hash.get(id) as { hash: string } | undefined
  if (!row) throw notFound('source', id)
  let cache = textCache.get(db)
  if (!cache) textCache.set(db, (cache = new Map()))
  const hit = cache.get(id)
  if (hit && hit.hash === row.hash) return hit
  const fresh = writtenTexts.get(db)?.get(id)
  if (fresh && fresh.hash === row.hash) return fresh
  const { text } = sql.text.get(id) as { text: string }
  return remember(db, id, { hash: row.hash, text })
}

/**
 * The texts inserted since the search index last caught up, which it reads right after: a bulk
 * import inserts a hundred sources before the index reads them, more than the cache keeps. They
 * are the texts the write holds anyway, and the index forgets them as it finishes (forgetWritten).
 */
const writtenTexts = new WeakMap<Db, Map<string, CachedText>>()

/** Forgets the texts kept for the search index (see writtenTexts). */
export function forgetWritten(db: Db): void {
  writtenTexts.get(db)?.clear()
}

/** Puts a text in the cache (the newest entry; the oldest goes when there are too many). */
function remember(db: Db, id: string, entry: CachedText): CachedText {
  let cache = textCache.get(db)
  if (!cache) textCache.set(db, (cache = new Map()))
  cache.delete(id)
  cache.set(id, entry)
  if (cache.size > CACHED_TEXTS) cache.delete(cache.keys().next().value as string)
  return entry
}

/** The current text of a source. */
export function getText(db: Db, id: string): string {
  return cachedText(db, id).text
}

/** The paragraph spans of a source's current text (computed once per text). */
export function getParagraphs(db: Db, id: string): TextPosition[] {
  return getTextAndParagraphs(db, id).spans
}

/** The current text of a source with its paragraphs, from one look at the cache. */
export function getTextAndParagraphs(
  db: Db,
  id: string
): { text: string; spans: TextPosition[]; passages?: Passage[] } {
  const entry = cachedText(db, id)
  entry.spans ??= paragraphSpans(entry.text)
  return { text: entry.text, spans: entry.spans, passages: entry.passages }
}

/** A source that has (or had, in any revision) exactly this text. */
export function findByHash(db: Db, hash: string): { id: string; title: string } | undefined {
  return findByHashes(db, [hash]).get(hash)
}

/**
 * For each of `hashes` that a source has (or had, in any revision) as its text, that source, in
 * one query for a whole import batch; a source whose current text it is comes first.
 */
export function findByHashes(db: Db, hashes: string[]): Map<string, { id: string; title: string }> {
  const found = new Map<string, { id: string; title: string }>()
  if (hashes.length === 0) return found
  const rows = db
    .prepare(
      `SELECT r.content_hash AS hash, s.id, s.title FROM revisions r
       JOIN sources s ON s.id = r.source_id
       WHERE r.content_hash IN (SELECT value FROM json_each(?))
       ORDER BY r.n = s.revision DESC`
    )
    .all(JSON.stringify(hashes)) as { hash: string; id: string; title: string }[]
  for (const { hash, id, title } of rows) if (!found.has(hash)) found.set(hash, { id, title })
  return found
}

/** The summary columns with the counts the listing keeps (source_list), for many rows at once. */
const LISTED_COLUMNS = `l.n, ${SOURCE_COLUMNS}, l.annotations AS annotation_count,
  l.orphans AS orphan_count`

/** The summaries of listing rows, in the order given. */
function summariesAt(db: Db, ns: ArrayLike<number>): SourceSummary[] {
  if (ns.length === 0) return []
  const rows = db
    .prepare(
      `SELECT ${LISTED_COLUMNS} FROM source_list l JOIN sources s ON s.id = l.source_id
       WHERE l.n IN (SELECT value FROM json_each(?))`
    )
    .all(JSON.stringify(Array.from(ns))) as (SourceRow & { n: number })[]
  const byN = new Map(rows.map((r) => [r.n, r]))
  const out: SourceSummary[] = []
  for (let i = 0; i < ns.length; i++) {
    const row = byN.get(ns[i])
    if (row) out.push(toSummary(row))
  }
  return out
}

/** Lists sources. Sorting puts unknown (empty) values last in either direction. */
export function listSources(db: Db, rawQuery: unknown): SourceSummary[] {
  return summariesAt(db, orderedListing(db, checkListingQuery(rawQuery)))
}

/** Rows a page holds unless asked for fewer; the most one request may ask for. */
const PAGE_ROWS = 100
const MAX_PAGE_ROWS = 1000

/** A window of the listing, where one source is in it, and the archive's counts (see the contract). */
export function listSourcePage(db: Db, rawQuery: unknown): SourcePage {
  const query = optionalRecord(rawQuery, 'query') as SourcePageQuery
  const ns = orderedListing(db, checkListingQuery(query))
  const offset =
    query.offset === undefined
      ? 0
      : expectInteger(query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER)
  const limit =
    query.limit === undefined ? PAGE_ROWS : expectInteger(query.limit, 'limit', 0, MAX_PAGE_ROWS)
  const page: SourcePage = {
    total: ns.length,
    offset,
    sources: summariesAt(db, ns.subarray(offset, offset + limit))
  }
  if (query.find !== undefined) {
    const id = expectId(query.find, 'find')
    const row = db.prepare('SELECT n FROM source_list WHERE source_id = ?').get(id) as
      { n: number } | undefined
    const index = row ? ns.indexOf(row.n) : -1
    page.found = index < 0 ? null : { index, source: summariesAt(db, [row!.n])[0] }
  }
  if (query.counts === true) page.counts = listingCounts(db)
  return page
}

/** A new source, validated and normalised, with its text's hash computed once. */
export type CheckedSource = SourceMeta & {
  text: string
  hash: string
  origin: SourceOrigin | null
  /** The search index's passages of the text, when an import worker cut them. */
  passages?: Passage[]
}

/**
 * Checks a new source: its metadata, and its text normalised and hashed. `prepared` is what an
 * import worker worked out for a text it read and normalised (its hash and passages): when it fits
 * the text, the write takes it instead of doing that work again on the archive's thread; when it
 * does not, it is ignored and the work is done here.
 */
export function checkSourceInput(raw: unknown, prepared?: PreparedText): CheckedSource {
  const input = optionalRecord(raw, 'source') as Partial<SourceInput>
  const { text: rawText, origin, ...meta } = input
  if (typeof rawText === 'string' && rawText.length > MAX_TEXT_LENGTH) {
    throw new ArchiveError(
      'TOO_LARGE',
      `The text is too long: ${rawText.length.toLocaleString('en')} characters, and a source holds at most ${MAX_TEXT_LENGTH.toLocaleString('en')}.`
    )
  }
  const given = expectString(rawText, 'text', { max: MAX_TEXT_LENGTH })
  const passages =
    prepared && isTextHash(prepared.hash) ? unpackPassages(prepared.passages, given.length) : null
  const text = passages ? given : normalizeText(given)
  if (text.trim() === '') throw invalid('A source needs some text; this one is empty.')
  const patch = checkMetaPatch({ ...meta, title: meta.title ?? '' })
  const hash = passages ? prepared!.hash : hashText(text)
  const checked: CheckedSource = {
    ...EMPTY_META,
    ...patch,
    text,
    hash,
    origin: checkOrigin(origin)
  }
  if (passages) checked.passages = passages
  return checked
}

/** Where a source came from: { fileName, format, encoding? }, or null. */
export function checkOrigin(raw: unknown): SourceOrigin | null {
  if (raw === undefined || raw === null) return null
  const origin = optionalRecord(raw, 'origin')
  for (const key of Object.keys(origin)) {
    if (!['fileName', 'format', 'encoding'].includes(key))
      throw invalid(`Unknown origin field "${key}".`)
  }
  return {
    fileName: expectString(origin.fileName, 'origin.fileName', { max: 1000 }),
    format: expectString(origin.format, 'origin.format', { max: 50 }),
    ...(origin.encoding
      ? { encoding: expectString(origin.encoding, 'origin.encoding', { max: 50 }) }
      : {})
  }
}

/** Inserts a checked source with its first revision; returns the new id. */
export function insertSource(db: Db, source: CheckedSource, revisionNote = 'Imported'): string {
  const id = newId()
  const now = nowIso()
  // Kept with the text in the cache: the search index cuts the same paragraphs right after.
  const spans = source.passages ? spansOfPassages(source.passages) : paragraphSpans(source.text)
  db.prepare(
    `INSERT INTO sources (id, revision, content_hash, text_length, paragraph_count, kind, language, date,
      accessed, created, modified, title, creators, publisher, url, license, origin, description,
      created_by, modified_by)
     VALUES (@id, 1, @hash, @length, @paragraphs, @kind, @language, @date, @accessed, @now, @now, @title,
      @creators, @publisher, @url, @license, @origin, @description, ${SIGNED}, ${SIGNED})`
  ).run({
    ...source,
    id,
    creators: JSON.stringify(source.creators),
    length: source.text.length,
    paragraphs: spans.length,
    origin: source.origin ? JSON.stringify(source.origin) : null,
    now
  })
  db.prepare(
    `INSERT INTO revisions (source_id, n, uid, parent, content_hash, text_length, created, created_by, note, text)
     VALUES (?, 1, ?, '', ?, ?, ?, ${SIGNED}, ?, ?)`
  ).run(id, newId(), source.hash, source.text.length, now, revisionNote, source.text)
  let written = writtenTexts.get(db)
  if (!written) writtenTexts.set(db, (written = new Map()))
  written.set(id, { hash: source.hash, text: source.text, spans, passages: source.passages })
  return id
}

/**
 * Inserts the sources of one import batch (see insertSource) and writes their listing rows with
 * one statement at the end rather than a trigger program per source: a folder of small letters
 * imports about a sixth faster (bench/import-small.bench.ts). Returns the ids in the order given.
 */
export function insertSources(db: Db, list: CheckedSource[]): string[] {
  const ids = deferListing(db, () => list.map((source) => insertSource(db, source)))
  // In the order imported, as the trigger would have numbered them (ties in an order keep it).
  db.prepare(
    `INSERT INTO source_list (source_id, title_key, creators_key, date, language, kind, created,
       modified, annotations, orphans, search)
     SELECT r.source_id, r.title_key, r.creators_key, r.date, r.language, r.kind, r.created,
       r.modified, r.annotations, r.orphans, r.search
     FROM json_each(?) j JOIN source_list_row r ON r.source_id = j.value ORDER BY j.key`
  ).run(JSON.stringify(ids))
  return ids
}

export function updateMeta(db: Db, id: string, patch: SourceMetaPatch): void {
  const entries = Object.entries(patch)
  if (entries.length === 0) return
  const sets = entries.map(([k]) => `${k} = @${k}`).join(', ')
  const values: Record<string, unknown> = { id, modified: nowIso() }
  for (const [k, v] of entries) values[k] = k === 'creators' ? JSON.stringify(v) : v
  const result = db
    .prepare(`UPDATE sources SET ${sets}, modified = @modified WHERE id = @id`)
    .run(values)
  if (result.changes === 0) throw notFound('source', id)
}

/**
 * Replaces the current text, recording it as a new revision made from the current one (its
 * parent); returns the new revision's number.
 */
export function replaceText(db: Db, id: string, text: string, note: string): number {
  const last = db
    .prepare(
      `SELECT max(r.n) AS n, (SELECT uid FROM revisions c WHERE c.source_id = s.id AND c.n = s.revision) AS parent
       FROM sources s JOIN revisions r ON r.source_id = s.id WHERE s.id = ?`
    )
    .get(id) as { n: number | null; parent: string | null }
  if (last.n === null) throw notFound('source', id)
  const n = last.n + 1
  const now = nowIso()
  const hash = hashText(text)
  db.prepare(
    `INSERT INTO revisions (source_id, n, uid, parent, content_hash, text_length, created, created_by, note, text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ${SIGNED}, ?, ?)`
  ).run(id, n, newId(), last.parent ?? '', hash, text.length, now, note, text)
  db.prepare(
    `UPDATE sources SET revision = ?, content_hash = ?, text_length = ?, paragraph_count = ?,
      modified = ? WHERE id = ?`
  ).run(n, hash, text.length, paragraphSpans(text).length, now, id)
  return n
}

export function deleteSource(db: Db, id: string): void {
  // Links reference annotations, which cascade from the source.
  const result = db.prepare('DELETE FROM sources WHERE id = ?').run(id)
  if (result.changes === 0) throw notFound('source', id)
}
