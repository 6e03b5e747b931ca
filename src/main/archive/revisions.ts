// Editing a source's text: a new revision, and every annotation re-anchored (kept, moved or orphaned).

import { reanchor, findQuote, type Anchored } from '../../shared/anchoring/anchor'
import { quoteAt } from '../../shared/anchoring/quote'
import { invalid, notFound } from '../../shared/errors'
import type { EditResult, Revision, RevisionInfo } from '../../shared/model'
import { normalizeText } from '../../shared/text/paragraphs'
import type { Db } from './db'
import { nowIso } from './ids'
import { MAX_TEXT_LENGTH, getSummary, getText, replaceText } from './sources'
import { expectInteger, expectString, optionalString } from './validate'
import { LIMITS } from '../../shared/limits'

/** Why a text changed: a line of at most 1,000 characters ("" when none was given). */
export function checkRevisionNote(raw: unknown): string {
  return optionalString(raw, 'note', '', { max: LIMITS.revisionNote }).trim()
}

interface RevisionRow {
  n: number
  uid: string
  parent: string
  note: string
  created: string
  created_by: string
  text_length: number
}

const REVISION_COLUMNS = 'n, uid, parent, note, created, created_by, text_length'

function toInfo(
  sourceId: string,
  r: RevisionRow,
  current: number,
  conflicts: Set<string>
): RevisionInfo {
  return {
    sourceId,
    n: r.n,
    note: r.note,
    created: r.created,
    createdBy: r.created_by,
    length: r.text_length,
    current: r.n === current,
    conflict: conflicts.has(r.uid)
  }
}

/**
 * Revisions that lost a race: made from the same parent as another revision (two team members
 * editing the same text), and neither the current text nor one it was made from. They are kept,
 * for an editor to review and restore if wanted.
 */
function conflicting(rows: RevisionRow[], current: number): Set<string> {
  const byUid = new Map(rows.map((r) => [r.uid, r]))
  const line = new Set<string>()
  for (let r = rows.find((x) => x.n === current); r && !line.has(r.uid); r = byUid.get(r.parent))
    line.add(r.uid)
  const children = new Map<string, number>()
  for (const r of rows) children.set(r.parent, (children.get(r.parent) ?? 0) + 1)
  return new Set(
    rows.filter((r) => !line.has(r.uid) && (children.get(r.parent) ?? 0) > 1).map((r) => r.uid)
  )
}

export function listRevisions(db: Db, sourceId: string): RevisionInfo[] {
  const current = getSummary(db, sourceId).revision
  const rows = db
    .prepare(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE source_id = ? ORDER BY n`)
    .all(sourceId) as RevisionRow[]
  const conflicts = conflicting(rows, current)
  return rows.map((r) => toInfo(sourceId, r, current, conflicts))
}

/** What names a source's texts everywhere: the hash of its first revision, and of its current one with its date. */
export function identity(
  db: Db,
  sourceId: string
): { originalHash: string; currentHash: string; revised: string } {
  return db
    .prepare(
      `SELECT (SELECT content_hash FROM revisions WHERE source_id = s.id AND n = 1) AS originalHash,
         r.content_hash AS currentHash, r.created AS revised
       FROM sources s JOIN revisions r ON r.source_id = s.id AND r.n = s.revision WHERE s.id = ?`
    )
    .get(sourceId) as { originalHash: string; currentHash: string; revised: string }
}

export function getRevision(db: Db, sourceId: string, rawN: unknown): Revision {
  const n = expectInteger(rawN, 'revision', 1, 1_000_000)
  const revisions = listRevisions(db, sourceId)
  const info = revisions.find((r) => r.n === n)
  if (!info) throw notFound('revision', `${sourceId}#${n}`)
  const text = db
    .prepare('SELECT text FROM revisions WHERE source_id = ? AND n = ?')
    .pluck()
    .get(sourceId, n) as string
  return { ...info, text }
}

interface Row {
  id: string
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
  status: string
}

/** Replaces a source's text with a new revision and re-anchors its annotations in the same transaction. */
export function editText(db: Db, sourceId: string, rawText: unknown, rawNote: unknown): EditResult {
  const text = normalizeText(expectString(rawText, 'text', { max: MAX_TEXT_LENGTH }))
  const note = checkRevisionNote(rawNote) || 'Edited'
  if (text.trim() === '') throw invalid('A source cannot be emptied; delete it instead.')
  const old = getText(db, sourceId)
  const base: EditResult = {
    sourceId,
    revision: getSummary(db, sourceId).revision,
    changed: false,
    kept: 0,
    moved: 0,
    orphaned: 0,
    reattached: 0,
    movedIds: [],
    orphanIds: []
  }
  const rows = db
    .prepare(
      'SELECT id, start, end, exact, prefix, suffix, status FROM annotations WHERE source_id = ?'
    )
    .all(sourceId) as Row[]
  if (text === old) return { ...base, kept: rows.filter((r) => r.status === 'anchored').length }
  const revision = replaceText(db, sourceId, text, note)
  const result: EditResult = { ...base, revision, changed: true }
  const update = db.prepare(
    `UPDATE annotations SET start = ?, end = ?, exact = ?, prefix = ?, suffix = ?, status = ?, modified = ? WHERE id = ?`
  )
  const orphan = db.prepare(`UPDATE annotations SET status = 'orphan', modified = ? WHERE id = ?`)
  const now = nowIso()
  const anchored = rows.filter((r) => r.status === 'anchored') as Anchored[]
  for (const r of reanchor(old, text, anchored)) {
    if (r.status === 'orphan') {
      orphan.run(now, r.id)
      result.orphaned++
      result.orphanIds.push(r.id)
      continue
    }
    if (r.status === 'kept') result.kept++
    else {
      result.moved++
      result.movedIds.push(r.id)
    }
    update.run(r.start, r.end, r.quote.exact, r.quote.prefix, r.quote.suffix, 'anchored', now, r.id)
  }
  // Earlier orphans get a chance in the new text (e.g. after restoring an older revision).
  for (const r of rows.filter((row) => row.status === 'orphan')) {
    const found = findQuote(text, r, r.start, false)
    if (!found) continue
    const q = quoteAt(text, found.start, found.end)
    update.run(found.start, found.end, q.exact, q.prefix, q.suffix, 'anchored', now, r.id)
    result.reattached++
  }
  return result
}
