// Links between two annotations with a relation type (built-in or user-defined) and a note; relations themselves.

import { ArchiveError, invalid, notFound } from '../../shared/errors'
import type { Link, LinkPatch, Relation } from '../../shared/model'
import type { Db } from './db'
import { newId, nowIso } from './ids'
import { checkNote, expectId, expectString, isRecord, optionalRecord } from './validate'
import { LIMITS } from '../../shared/limits'

interface LinkRow {
  id: string
  from_id: string
  to_id: string
  relation: string
  note: string
  created: string
  modified: string
  created_by: string
  modified_by: string
}

function toLink(r: LinkRow): Link {
  return {
    id: r.id,
    from: r.from_id,
    to: r.to_id,
    relation: r.relation,
    note: r.note,
    created: r.created,
    modified: r.modified,
    createdBy: r.created_by,
    modifiedBy: r.modified_by
  }
}

export function listRelations(db: Db): Relation[] {
  const rows = db
    .prepare('SELECT id, label, builtin FROM relations ORDER BY position, label')
    .all() as {
    id: string
    label: string
    builtin: number
  }[]
  return rows.map((r) => ({ id: r.id, label: r.label, builtin: r.builtin === 1 }))
}

/** A relation id from a label: "is quoted by" -> "is-quoted-by". */
function slug(label: string): string {
  return (
    label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'relation'
  )
}

/** A relation's label: one short phrase, not empty. */
export function checkRelationLabel(raw: unknown): string {
  const label = expectString(raw, 'label', { max: LIMITS.relationLabel }).normalize('NFC').trim()
  if (!label) throw invalid('A relation needs a label, such as "is quoted by".')
  return label
}

export function createRelation(db: Db, rawLabel: unknown): Relation {
  const label = checkRelationLabel(rawLabel)
  const existing = listRelations(db).find((r) => r.label.toLowerCase() === label.toLowerCase())
  if (existing)
    throw new ArchiveError('CONFLICT', `The relation “${existing.label}” already exists.`)
  let id = slug(label)
  for (let n = 2; db.prepare('SELECT 1 FROM relations WHERE id = ?').get(id); n++)
    id = `${slug(label)}-${n}`
  const next = db.prepare('SELECT coalesce(max(position) + 1, 0) AS p FROM relations').get() as {
    p: number
  }
  db.prepare('INSERT INTO relations (id, label, builtin, position) VALUES (?, ?, 0, ?)').run(
    id,
    label,
    next.p
  )
  return { id, label, builtin: false }
}

/** The relation with this id or label (case-insensitive); a label the archive lacks becomes a new relation. */
export function relationNamed(db: Db, label: string): string {
  const row = db
    .prepare('SELECT id FROM relations WHERE id = ? OR lower(label) = lower(?)')
    .get(label, label) as { id: string } | undefined
  return row?.id ?? createRelation(db, label).id
}

export function deleteRelation(db: Db, id: string): void {
  const row = db.prepare('SELECT label, builtin FROM relations WHERE id = ?').get(id) as
    { label: string; builtin: number } | undefined
  if (!row) throw notFound('relation', id)
  if (row.builtin)
    throw new ArchiveError('CONFLICT', `“${row.label}” is built in and cannot be deleted.`)
  const used = db.prepare('SELECT count(*) AS n FROM links WHERE relation = ?').get(id) as {
    n: number
  }
  if (used.n > 0) {
    throw new ArchiveError(
      'CONFLICT',
      `“${row.label}” is used by ${used.n} link${used.n === 1 ? '' : 's'}; change or delete them first.`,
      { links: used.n }
    )
  }
  db.prepare('DELETE FROM relations WHERE id = ?').run(id)
}

function checkRelation(db: Db, raw: unknown): string {
  const id = expectString(raw, 'relation', { max: 64 })
  const row = db
    .prepare('SELECT id FROM relations WHERE id = ? OR lower(label) = lower(?)')
    .get(id, id) as { id: string } | undefined
  if (!row) {
    const known = listRelations(db)
      .map((r) => r.id)
      .join(', ')
    throw new ArchiveError('NOT_FOUND', `There is no relation “${id}” (known: ${known}).`)
  }
  return row.id
}

export function listLinks(db: Db, rawQuery: unknown): Link[] {
  const q = optionalRecord(rawQuery, 'query') as { annotationId?: string; sourceId?: string }
  if (q.annotationId !== undefined) {
    const id = expectId(q.annotationId, 'annotationId')
    return (
      db
        .prepare('SELECT * FROM links WHERE from_id = ? OR to_id = ? ORDER BY created')
        .all(id, id) as LinkRow[]
    ).map(toLink)
  }
  if (q.sourceId !== undefined) {
    const id = expectId(q.sourceId, 'sourceId')
    return (
      db
        .prepare(
          `SELECT l.* FROM links l WHERE l.from_id IN (SELECT id FROM annotations WHERE source_id = ?)
             OR l.to_id IN (SELECT id FROM annotations WHERE source_id = ?) ORDER BY l.created`
        )
        .all(id, id) as LinkRow[]
    ).map(toLink)
  }
  return (db.prepare('SELECT * FROM links ORDER BY created').all() as LinkRow[]).map(toLink)
}

export function getLink(db: Db, id: string): Link {
  const row = db.prepare('SELECT * FROM links WHERE id = ?').get(id) as LinkRow | undefined
  if (!row) throw notFound('link', id)
  return toLink(row)
}

export function checkLinkInput(
  db: Db,
  raw: unknown
): { from: string; to: string; relation: string; note: string } {
  if (!isRecord(raw)) throw invalid('A link is { from, to, relation, note }.')
  const from = expectId(raw.from, 'from')
  const to = expectId(raw.to, 'to')
  if (from === to) throw invalid('A link needs two different passages.')
  const exists = db.prepare('SELECT 1 FROM annotations WHERE id = ?')
  if (!exists.get(from)) throw notFound('annotation', from)
  if (!exists.get(to)) throw notFound('annotation', to)
  const relation = checkRelation(db, raw.relation)
  const note = checkNote(raw.note)
  const dup = db
    .prepare(
      'SELECT id FROM links WHERE relation = ? AND ((from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?))'
    )
    .get(relation, from, to, to, from) as { id: string } | undefined
  if (dup)
    throw new ArchiveError(
      'CONFLICT',
      'These two passages are already linked with this relation.',
      { linkId: dup.id }
    )
  return { from, to, relation, note }
}

export function insertLink(
  db: Db,
  l: {
    from: string
    to: string
    relation: string
    note: string
    id?: string
    created?: string
    modified?: string
    /** Who made it, when that is someone else than the writer (an import); else signed. */
    createdBy?: string
  }
): string {
  const id = l.id ?? newId()
  const now = nowIso()
  db.prepare(
    `INSERT INTO links (id, from_id, to_id, relation, note, created, modified, created_by, modified_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    id,
    l.from,
    l.to,
    l.relation,
    l.note,
    l.created ?? now,
    l.modified ?? l.created ?? now,
    l.createdBy ?? '',
    l.createdBy ?? ''
  )
  return id
}

export function updateLink(db: Db, id: string, raw: unknown): void {
  const patch = optionalRecord(raw, 'patch') as LinkPatch
  getLink(db, id)
  if (patch.relation != null)
    db.prepare('UPDATE links SET relation = ? WHERE id = ?').run(
      checkRelation(db, patch.relation),
      id
    )
  if (patch.note != null)
    db.prepare('UPDATE links SET note = ? WHERE id = ?').run(checkNote(patch.note), id)
  db.prepare('UPDATE links SET modified = ? WHERE id = ?').run(nowIso(), id)
}

export function deleteLink(db: Db, id: string): void {
  if (db.prepare('DELETE FROM links WHERE id = ?').run(id).changes === 0) throw notFound('link', id)
}
