// Annotations: tagged, noted passages with position and quote selectors; created, edited, listed, removed.

import { ArchiveError, invalid, notFound } from '../../shared/errors'
import type {
  Annotation,
  AnnotationInput,
  AnnotationPatch,
  AnnotationQuery,
  AnchorStatus,
  TextPosition
} from '../../shared/model'
import { occurrences, quoteAt } from '../../shared/anchoring/quote'
import { fold } from '../../shared/text/fold'
import { paragraphNumber } from '../../shared/text/paragraphs'
import type { Db } from './db'
import { newId, nowIso } from './ids'
import { getParagraphs, getText } from './sources'
import {
  checkNote,
  expectId,
  expectInteger,
  expectString,
  isRecord,
  optionalRecord
} from './validate'
import { LIMITS } from '../../shared/limits'

/** Longest quote a search by text may ask for. */
const MAX_QUOTE = LIMITS.quote

interface AnnotationRow {
  id: string
  source_id: string
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
  note: string
  status: string
  created: string
  modified: string
  created_by: string
  modified_by: string
  tag_ids: string[]
}

const COLUMNS =
  'a.id, a.source_id, a.start, a.end, a.status, a.created, a.modified, a.prefix, a.suffix, a.exact, a.note, a.created_by, a.modified_by'
// Compact listings skip the columns they would blank anyway (and reading them).
const COMPACT_COLUMNS =
  "a.id, a.source_id, a.start, a.end, a.status, '' AS created, '' AS modified, '' AS prefix, '' AS suffix, a.exact, a.note, a.created_by, '' AS modified_by"

/** Annotations matching `where`, each with its tag ids in codebook order. */
function selectAnnotations(
  db: Db,
  where: string,
  params: unknown[],
  compact = false
): AnnotationRow[] {
  const clause = where ? `WHERE ${where}` : ''
  const rows = db
    .prepare(
      `SELECT ${compact ? COMPACT_COLUMNS : COLUMNS} FROM annotations a ${clause} ORDER BY a.source_id, a.start, a.end, a.id`
    )
    .all(...params) as AnnotationRow[]
  const pairs = db
    .prepare(
      `SELECT at.annotation_id AS a, at.tag_id AS t FROM annotation_tags at
       JOIN annotations a ON a.id = at.annotation_id JOIN tags g ON g.id = at.tag_id ${clause}
       ORDER BY g.position`
    )
    .all(...params) as { a: string; t: string }[]
  const tags = new Map<string, string[]>()
  for (const { a, t } of pairs) {
    const list = tags.get(a)
    if (list) list.push(t)
    else tags.set(a, [t])
  }
  for (const r of rows) r.tag_ids = tags.get(r.id) ?? []
  return rows
}

/** Paragraph spans per source, cached by text identity for the duration of one listing. */
function paragraphLookup(db: Db): (sourceId: string, offset: number) => number {
  // One lookup of each source's paragraphs per listing, however many annotations it has.
  const spans = new Map<string, ReturnType<typeof getParagraphs>>()
  return (sourceId, offset) => {
    let list = spans.get(sourceId)
    if (!list) spans.set(sourceId, (list = getParagraphs(db, sourceId)))
    return paragraphNumber(list, offset)
  }
}

function toAnnotation(r: AnnotationRow, paragraph: number): Annotation {
  return {
    id: r.id,
    sourceId: r.source_id,
    start: r.start,
    end: r.end,
    exact: r.exact,
    prefix: r.prefix,
    suffix: r.suffix,
    note: r.note,
    status: r.status as AnchorStatus,
    tagIds: r.tag_ids,
    paragraph: r.status === 'orphan' ? 0 : paragraph,
    created: r.created,
    modified: r.modified,
    createdBy: r.created_by,
    modifiedBy: r.modified_by
  }
}

export function listAnnotations(db: Db, rawQuery: unknown): Annotation[] {
  const q = optionalRecord(rawQuery, 'query') as AnnotationQuery
  const where: string[] = []
  const params: unknown[] = []
  if (q.sourceId !== undefined) {
    where.push('a.source_id = ?')
    params.push(expectId(q.sourceId, 'sourceId'))
  }
  if (q.tagId !== undefined) {
    where.push(
      'EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = a.id AND x.tag_id = ?)'
    )
    params.push(expectId(q.tagId, 'tagId'))
  }
  if (q.status !== undefined) {
    if (q.status !== 'anchored' && q.status !== 'orphan')
      throw invalid('status must be "anchored" or "orphan".')
    where.push('a.status = ?')
    params.push(q.status)
  }
  const rows = selectAnnotations(db, where.join(' AND '), params, q.compact === true)
  const para = paragraphLookup(db)
  let list = rows.map((r) =>
    toAnnotation(r, r.status === 'orphan' ? 0 : para(r.source_id, r.start))
  )
  if (q.text !== undefined && q.text !== '') {
    const needle = fold(expectString(q.text, 'text', { max: 1000 }).normalize('NFC'))
    list = list.filter((a) => fold(a.exact).includes(needle) || fold(a.note).includes(needle))
  }
  return list
}

export function getAnnotation(db: Db, id: string): Annotation {
  const [row] = selectAnnotations(db, 'a.id = ?', [id])
  if (!row) throw notFound('annotation', id)
  return toAnnotation(
    row,
    row.status === 'orphan' ? 0 : paragraphLookup(db)(row.source_id, row.start)
  )
}

/** Trims whitespace off both ends of a span; refuses spans outside the text or of whitespace only. */
export function checkSpan(text: string, start: unknown, end: unknown): TextPosition {
  const s = expectInteger(start, 'start', 0, text.length)
  const e = expectInteger(end, 'end', 0, text.length)
  if (e <= s) throw invalid(`The selection is empty (start ${s}, end ${e}).`)
  let a = s
  let b = e
  while (a < b && /\s/.test(text[a])) a++
  while (b > a && /\s/.test(text[b - 1])) b--
  if (a === b) throw invalid('The selection holds only spaces; select some words.')
  // Never cut a surrogate pair in two.
  if (a > 0 && /[\uDC00-\uDFFF]/.test(text[a])) a--
  if (b < text.length && /[\uDC00-\uDFFF]/.test(text[b])) b++
  return { start: a, end: b }
}

/** Resolves where a new annotation goes: a checked span, or the n-th occurrence of a quote. */
export function resolveTarget(text: string, target: unknown): TextPosition {
  if (!isRecord(target)) throw invalid('target must be { start, end } or { quote, occurrence }.')
  if (target.quote !== undefined) {
    const quote = expectString(target.quote, 'quote', { max: MAX_QUOTE }).normalize('NFC')
    if (quote.trim() === '') throw invalid('The quote is empty.')
    const found = occurrences(text, quote)
    if (found.length === 0) {
      throw new ArchiveError(
        'NOT_FOUND',
        `The text does not contain “${quote.length > 60 ? `${quote.slice(0, 60)}…` : quote}”.`
      )
    }
    const n =
      target.occurrence === undefined
        ? 1
        : expectInteger(target.occurrence, 'occurrence', 1, found.length)
    return checkSpan(text, found[n - 1], found[n - 1] + quote.length)
  }
  return checkSpan(text, target.start, target.end)
}

export function checkTagIds(db: Db, raw: unknown): string[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw invalid('tagIds must be a list of tag ids.')
  const ids = [...new Set(raw.map((t) => expectId(t, 'tag id')))]
  const exists = db.prepare('SELECT 1 FROM tags WHERE id = ?')
  for (const id of ids) if (!exists.get(id)) throw notFound('tag', id)
  return ids
}

export function setTags(db: Db, annotationId: string, tagIds: readonly string[]): void {
  const current = new Set(
    (
      db
        .prepare('SELECT tag_id FROM annotation_tags WHERE annotation_id = ?')
        .all(annotationId) as { tag_id: string }[]
    ).map((r) => r.tag_id)
  )
  const wanted = new Set(tagIds)
  const remove = db.prepare('DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?')
  const add = db.prepare('INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)')
  for (const id of current) if (!wanted.has(id)) remove.run(annotationId, id)
  for (const id of wanted) if (!current.has(id)) add.run(annotationId, id)
}

/** Validates an AnnotationInput against the archive; returns what insertAnnotation needs. */
export function checkAnnotationInput(
  db: Db,
  raw: unknown
): { sourceId: string; span: TextPosition; tagIds: string[]; note: string } {
  if (!isRecord(raw)) throw invalid('An annotation is { sourceId, target, tagIds, note }.')
  const input = raw as unknown as AnnotationInput
  const sourceId = expectId(input.sourceId, 'sourceId')
  const text = getText(db, sourceId)
  return {
    sourceId,
    span: resolveTarget(text, input.target),
    tagIds: checkTagIds(db, input.tagIds),
    note: checkNote(input.note)
  }
}

export function insertAnnotation(
  db: Db,
  a: {
    sourceId: string
    span: TextPosition
    tagIds: string[]
    note: string
    id?: string
    created?: string
    modified?: string
    /** Who made it, when that is someone else than the writer (an import); else signed. */
    createdBy?: string
  }
): string {
  const text = getText(db, a.sourceId)
  const q = quoteAt(text, a.span.start, a.span.end)
  const id = a.id ?? newId()
  const now = nowIso()
  db.prepare(
    `INSERT INTO annotations (id, source_id, start, end, exact, prefix, suffix, note, status, created, modified, created_by, modified_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'anchored', ?, ?, ?, ?)`
  ).run(
    id,
    a.sourceId,
    a.span.start,
    a.span.end,
    q.exact,
    q.prefix,
    q.suffix,
    a.note,
    a.created ?? now,
    a.modified ?? a.created ?? now,
    a.createdBy ?? '',
    a.createdBy ?? ''
  )
  setTags(db, id, a.tagIds)
  return id
}

export function updateAnnotation(db: Db, id: string, raw: unknown): void {
  const patch = optionalRecord(raw, 'patch') as AnnotationPatch
  for (const key of Object.keys(patch)) {
    if (!['tagIds', 'note', 'target'].includes(key))
      throw invalid(`Unknown annotation field "${key}".`)
  }
  const current = getAnnotation(db, id)
  const now = nowIso()
  if (patch.tagIds != null) setTags(db, id, checkTagIds(db, patch.tagIds))
  if (patch.note != null)
    db.prepare('UPDATE annotations SET note = ? WHERE id = ?').run(checkNote(patch.note), id)
  if (patch.target != null) {
    const text = getText(db, current.sourceId)
    const span = resolveTarget(text, patch.target)
    const q = quoteAt(text, span.start, span.end)
    db.prepare(
      `UPDATE annotations SET start = ?, end = ?, exact = ?, prefix = ?, suffix = ?, status = 'anchored' WHERE id = ?`
    ).run(span.start, span.end, q.exact, q.prefix, q.suffix, id)
  }
  db.prepare('UPDATE annotations SET modified = ? WHERE id = ?').run(now, id)
}

export function deleteAnnotation(db: Db, id: string): void {
  if (db.prepare('DELETE FROM annotations WHERE id = ?').run(id).changes === 0)
    throw notFound('annotation', id)
}
