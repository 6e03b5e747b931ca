// Agreement figures, coder comparison and settling differences on one source, over the archive's annotations.

import { sourceAgreement } from '../../shared/agreement-source'
import type { AgreementReport } from '../../shared/agreement'
import {
  byPosition,
  compareMarks,
  type CompareMark,
  type Comparison,
  type SeenMark,
  type SettleAction
} from '../../shared/compare-coders'
import { ArchiveError, invalid, notFound } from '../../shared/errors'
import type { Annotation } from '../../shared/model'
import { paragraphNumber, paragraphSpans } from '../../shared/text/paragraphs'
import { checkAuthorName } from './authors'
import * as annotations from './annotations'
import type { Db } from './db'
import { getText } from './sources'
import { createTag, nameKey } from './tags'
import { expectId, optionalRecord } from './validate'

/** The tag settling a difference puts on the annotations that stand as agreed. */
export const AGREED_TAG = 'Agreed'
const AGREED_COLOR = '#2e7d32'

/**
 * Which members' annotations a reader may see (all, unless a rule such as blind coding says
 * otherwise); agreement and comparison only ever look at visible ones.
 */
export type AuthorFilter = (author: string) => boolean

export function agreedTagId(db: Db): string | null {
  return (
    (db.prepare('SELECT id FROM tags WHERE name_key = ?').pluck().get(nameKey(AGREED_TAG)) as
      string | undefined) ?? null
  )
}

type MarkRow = [string, number, number, string, string, string, string, string | null]

/** The source's anchored annotations with their tags in codebook order, in text order. */
function loadMarks(db: Db, sourceId: string, visible?: AuthorFilter): CompareMark[] {
  const text = getText(db, sourceId)
  const spans = paragraphSpans(text)
  // One pass, one row per tag (as the reader's columns are read): no per-annotation subquery.
  const rows = db
    .prepare(
      `SELECT a.id, a.start, a.end, a.note, a.created_by, a.modified, a.exact, at.tag_id
       FROM annotations a LEFT JOIN annotation_tags at ON at.annotation_id = a.id
       WHERE a.source_id = ? AND a.status = 'anchored'`
    )
    .raw()
    .all(sourceId) as MarkRow[]
  const position = new Map(
    (db.prepare('SELECT id FROM tags ORDER BY position').pluck().all() as string[]).map((t, i) => [
      t,
      i
    ])
  )
  const agreed = agreedTagId(db)
  const byId = new Map<string, CompareMark>()
  for (const [id, start, end, note, createdBy, modified, exact, tag] of rows) {
    let m = byId.get(id)
    if (!m) {
      if (visible && !visible(createdBy)) continue
      m = {
        id,
        start,
        end,
        tagIds: [],
        note,
        exact,
        createdBy,
        modified,
        paragraph: 0,
        agreed: false
      }
      byId.set(id, m)
    }
    if (tag === null) continue
    if (tag === agreed) m.agreed = true
    else m.tagIds.push(tag)
  }
  const out = [...byId.values()]
  out.sort(byPosition)
  for (const m of out) {
    if (m.tagIds.length > 1)
      m.tagIds.sort((x, y) => (position.get(x) ?? 0) - (position.get(y) ?? 0))
    m.paragraph = paragraphNumber(spans, m.start)
  }
  return out
}

function sourceTitle(db: Db, sourceId: string): string {
  const title = db.prepare('SELECT title FROM sources WHERE id = ?').pluck().get(sourceId) as
    string | undefined
  if (title === undefined) throw notFound('source', sourceId)
  return title
}

function checkMembers(raw: unknown, name: string): string[] | undefined {
  if (raw === undefined || raw === null) return undefined
  if (!Array.isArray(raw)) throw invalid(`${name} must be a list of member names.`)
  return raw.map((m) => checkAuthorName(m))
}

/** Agreement figures of one source (see AgreementReport). */
export function agreement(db: Db, raw: unknown, visible?: AuthorFilter): AgreementReport {
  const q = optionalRecord(raw, 'query') as { sourceId?: unknown; tag?: unknown; members?: unknown }
  const sourceId = expectId(q.sourceId, 'sourceId')
  const title = sourceTitle(db, sourceId)
  const tags = db.prepare('SELECT id, name FROM tags ORDER BY position').all() as {
    id: string
    name: string
  }[]
  let tagId: string | undefined
  if (q.tag !== undefined && q.tag !== null) {
    if (typeof q.tag !== 'string') throw invalid('tag must be a tag id or name.')
    const tag = tags.find((t) => t.id === q.tag || nameKey(t.name) === nameKey(q.tag as string))
    if (!tag) throw new ArchiveError('NOT_FOUND', `There is no tag named "${q.tag}".`)
    tagId = tag.id
  }
  const members = checkMembers(q.members, 'members')
  const agreed = agreedTagId(db)
  const marks = loadMarks(db, sourceId, visible).map((m) => ({
    start: m.start,
    end: m.end,
    tagIds: m.tagIds,
    author: m.createdBy
  }))
  return sourceAgreement({
    sourceId,
    title,
    paragraphs: paragraphSpans(getText(db, sourceId)),
    marks,
    tags,
    tagId,
    members,
    ignoreTagIds: agreed ? [agreed] : []
  })
}

/** Two sides' marks on one source and their differences (see Comparison). */
export function compareCoders(db: Db, raw: unknown, visible?: AuthorFilter): Comparison {
  const q = optionalRecord(raw, 'query') as { sourceId?: unknown; a?: unknown; b?: unknown }
  const sourceId = expectId(q.sourceId, 'sourceId')
  const title = sourceTitle(db, sourceId)
  const a = checkMembers(q.a, 'a') ?? []
  const b = checkMembers(q.b, 'b') ?? []
  if (!a.length || !b.length) throw invalid('Pick at least one member on each side to compare.')
  const both = a.filter((m) => b.includes(m))
  if (both.length) throw invalid(`${both[0]} cannot be on both sides of a comparison.`)
  const marks = loadMarks(db, sourceId, visible)
  const inA = new Set(a)
  const inB = new Set(b)
  const agreed = marks.filter((m) => m.agreed && (inA.has(m.createdBy) || inB.has(m.createdBy)))
  const marksA = marks.filter((m) => !m.agreed && inA.has(m.createdBy))
  const marksB = marks.filter((m) => !m.agreed && inB.has(m.createdBy))
  const { matching, differences } = compareMarks(marksA, marksB)
  return {
    sourceId,
    title,
    a,
    b,
    marksA,
    marksB,
    agreed,
    matching,
    differences,
    agreedTagId: agreedTagId(db)
  }
}

const ACTIONS: readonly SettleAction[] = ['adopt-a', 'adopt-b', 'keep-both', 'merge']

function checkSeen(raw: unknown, name: string): SeenMark | null {
  if (raw === undefined || raw === null) return null
  const r = optionalRecord(raw, name) as { id?: unknown; modified?: unknown }
  if (typeof r.modified !== 'string') throw invalid(`${name}.modified must be a string.`)
  return { id: expectId(r.id, `${name}.id`), modified: r.modified }
}

/** Checks a settle request and that nothing changed since it was seen (CONFLICT otherwise). */
export function checkSettle(
  db: Db,
  raw: unknown
): { action: SettleAction; a: Annotation | null; b: Annotation | null } {
  const r = optionalRecord(raw, 'request') as { action?: unknown; a?: unknown; b?: unknown }
  if (!ACTIONS.includes(r.action as SettleAction))
    throw invalid(`action must be one of ${ACTIONS.join(', ')}.`)
  const action = r.action as SettleAction
  const seen = [checkSeen(r.a, 'a'), checkSeen(r.b, 'b')]
  if (!seen[0] && !seen[1]) throw invalid('A difference has a mark on at least one side.')
  if (action === 'merge' && !(seen[0] && seen[1]))
    throw invalid('Merging needs a mark on both sides; adopt one side instead.')
  const current = seen.map((s) => {
    if (!s) return null
    const row = db.prepare('SELECT id FROM annotations WHERE id = ?').get(s.id)
    if (!row) {
      throw new ArchiveError(
        'CONFLICT',
        'One of these annotations was deleted since the comparison was made; nothing was changed. The comparison now shows the current state.',
        { id: s.id, deleted: true }
      )
    }
    const now = annotations.getAnnotation(db, s.id)
    if (now.modified !== s.modified) {
      throw new ArchiveError(
        'CONFLICT',
        `${now.modifiedBy || 'Someone'} changed “${now.exact.slice(0, 40)}” since the comparison was made; nothing was changed. The comparison now shows the current state.`,
        { id: s.id, annotation: now }
      )
    }
    return now
  })
  const [a, b] = current
  if (a && b && a.sourceId !== b.sourceId)
    throw invalid('The two marks of a difference are on the same source.')
  return { action, a, b }
}

/** Ensures the "Agreed" tag exists; returns its id. */
function ensureAgreedTag(db: Db): string {
  return (
    agreedTagId(db) ??
    createTag(db, {
      name: AGREED_TAG,
      color: AGREED_COLOR,
      description: 'Settled when comparing coders: the coders agree on this annotation.'
    })
  )
}

function withTags(db: Db, a: Annotation, extra: readonly string[]): string[] {
  const order = new Map(
    (db.prepare('SELECT id, position FROM tags').all() as { id: string; position: number }[]).map(
      (t) => [t.id, t.position]
    )
  )
  return [...new Set([...a.tagIds, ...extra])].sort(
    (x, y) => (order.get(x) ?? 0) - (order.get(y) ?? 0)
  )
}

/**
 * Settles a checked difference (inside the caller's transaction):
 * - adopt-a / adopt-b: that side's mark stands, with the "Agreed" tag; the other side's is removed
 *   (adopting a side that marked nothing removes the other's mark);
 * - keep-both: both marks stand, each with the "Agreed" tag;
 * - merge: side A's annotation becomes the agreed one: the extent of both, the tags of both, both
 *   notes, and a line saying whose coding it merges; side B's is removed.
 * Returns the id of the annotation that stands (A's for keep-both), or null if none does.
 */
export function settle(
  db: Db,
  s: { action: SettleAction; a: Annotation | null; b: Annotation | null }
): string | null {
  const agreed = ensureAgreedTag(db)
  const mark = (x: Annotation): void =>
    annotations.updateAnnotation(db, x.id, { tagIds: withTags(db, x, [agreed]) })
  const { a, b } = s
  switch (s.action) {
    case 'adopt-a':
    case 'adopt-b': {
      const [keep, drop] = s.action === 'adopt-a' ? [a, b] : [b, a]
      if (drop) annotations.deleteAnnotation(db, drop.id)
      if (keep) mark(keep)
      return keep?.id ?? null
    }
    case 'keep-both':
      if (a) mark(a)
      if (b) mark(b)
      return a?.id ?? b?.id ?? null
    case 'merge': {
      const x = a as Annotation
      const y = b as Annotation
      const notes = [x.note, y.note].filter((n) => n.trim())
      const notesJoined = [...new Set(notes)]
      const who =
        x.createdBy === y.createdBy
          ? x.createdBy
          : `${x.createdBy || 'unknown'} and ${y.createdBy || 'unknown'}`
      notesJoined.push(`Agreed: merged from the coding of ${who}.`)
      annotations.deleteAnnotation(db, y.id)
      annotations.updateAnnotation(db, x.id, {
        target: { start: Math.min(x.start, y.start), end: Math.max(x.end, y.end) },
        tagIds: withTags(db, x, [...y.tagIds, agreed]),
        note: notesJoined.join('\n\n')
      })
      return x.id
    }
  }
}
