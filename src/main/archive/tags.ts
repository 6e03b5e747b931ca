// The codebook: coloured tags with shortcut keys, order and groups; names unique case-insensitively.

import { ArchiveError, invalid, notFound } from '../../shared/errors'
import type { Tag, TagInput } from '../../shared/model'
import type { Db } from './db'
import { newId, nowIso } from './ids'
import { expectId, expectInteger, expectString, isRecord } from './validate'
import { LIMITS } from '../../shared/limits'

interface TagRow {
  id: string
  name: string
  color: string
  description: string
  key: number | null
  position: number
  group_name: string
  count: number
  created_by: string
  modified_by: string
}

export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase()
}

function toTag(r: TagRow): Tag {
  return {
    id: r.id,
    name: r.name,
    color: r.color,
    description: r.description,
    key: r.key,
    position: r.position,
    group: r.group_name,
    count: r.count,
    createdBy: r.created_by,
    modifiedBy: r.modified_by
  }
}

export function listTags(db: Db): Tag[] {
  const rows = db
    .prepare(
      `SELECT t.*, (SELECT count(*) FROM annotation_tags at WHERE at.tag_id = t.id) AS count
       FROM tags t ORDER BY t.position, t.name`
    )
    .all() as TagRow[]
  return rows.map(toTag)
}

const HEX = /^#[0-9a-fA-F]{6}$/

/** Validates a tag input; `partial` allows a patch with only some fields. */
export function checkTagInput(raw: unknown, partial: boolean): Partial<TagInput> {
  if (!isRecord(raw)) throw invalid('A tag is { name, color, description, key, group }.')
  const out: Partial<TagInput> = {}
  if (raw.name !== undefined || !partial) {
    const name = expectString(raw.name, 'name', { max: LIMITS.tagName }).normalize('NFC').trim()
    if (!name) throw invalid('A tag needs a name.')
    out.name = name
  }
  if (raw.color !== undefined) {
    const color = expectString(raw.color, 'color', { max: 7 })
    if (!HEX.test(color)) throw invalid(`"${color}" is not a colour; use #rrggbb.`)
    out.color = color.toLowerCase()
  }
  if (raw.description !== undefined)
    out.description = expectString(raw.description, 'description', {
      max: LIMITS.tagDescription
    }).trim()
  if (raw.group !== undefined)
    out.group = expectString(raw.group, 'group', { max: LIMITS.tagGroup }).trim()
  if (raw.key !== undefined) out.key = raw.key === null ? null : expectInteger(raw.key, 'key', 1, 9)
  return out
}

export function createTag(db: Db, input: Partial<TagInput> & { name: string }): string {
  const existing = db
    .prepare('SELECT name FROM tags WHERE name_key = ?')
    .get(nameKey(input.name)) as { name: string } | undefined
  if (existing)
    throw new ArchiveError('CONFLICT', `There is already a tag named "${existing.name}".`)
  if (input.key != null) {
    const holder = db.prepare('SELECT name FROM tags WHERE key = ?').get(input.key) as
      { name: string } | undefined
    if (holder)
      throw new ArchiveError(
        'CONFLICT',
        `Key ${input.key} is already the shortcut of "${holder.name}".`
      )
  }
  const id = newId()
  const next = db.prepare('SELECT coalesce(max(position) + 1, 0) AS p FROM tags').get() as {
    p: number
  }
  db.prepare(
    `INSERT INTO tags (id, name, name_key, color, description, key, position, group_name, created)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    id,
    input.name,
    nameKey(input.name),
    input.color ?? '#888888',
    input.description ?? '',
    input.key ?? null,
    next.p,
    input.group ?? '',
    nowIso()
  )
  return id
}

export function getTag(db: Db, id: string): Tag {
  const tag = listTags(db).find((t) => t.id === id)
  if (!tag) throw notFound('tag', id)
  return tag
}

/**
 * Renames, recolours, re-describes a tag or changes its key. A shortcut key held by another tag
 * moves to this one (the other is left without a key), as keyboard-shortcut editors usually do.
 */
export function updateTag(db: Db, id: string, patch: Partial<TagInput>): void {
  const tag = getTag(db, id)
  if (patch.name !== undefined && nameKey(patch.name) !== nameKey(tag.name)) {
    const clash = db
      .prepare('SELECT name FROM tags WHERE name_key = ? AND id <> ?')
      .get(nameKey(patch.name), id) as { name: string } | undefined
    if (clash) throw new ArchiveError('CONFLICT', `There is already a tag named "${clash.name}".`)
  }
  if (patch.key != null)
    db.prepare('UPDATE tags SET key = NULL WHERE key = ? AND id <> ?').run(patch.key, id)
  const sets: string[] = []
  const values: Record<string, unknown> = { id }
  if (patch.name !== undefined) {
    sets.push('name = @name', 'name_key = @name_key')
    values.name = patch.name
    values.name_key = nameKey(patch.name)
  }
  const columns: [keyof TagInput, string][] = [
    ['color', 'color'],
    ['description', 'description'],
    ['group', 'group_name'],
    ['key', 'key']
  ]
  for (const [field, column] of columns) {
    if (patch[field] === undefined) continue
    sets.push(`${column} = @${field}`)
    values[field] = patch[field]
  }
  if (sets.length) db.prepare(`UPDATE tags SET ${sets.join(', ')} WHERE id = @id`).run(values)
}

/** Puts the tags in the given order; every tag must be listed once. */
export function reorderTags(db: Db, ids: unknown): void {
  if (!Array.isArray(ids))
    throw invalid('reorderTags takes the list of every tag id in the new order.')
  const all = listTags(db).map((t) => t.id)
  const given = ids.map((i) => expectId(i, 'tag id'))
  if (
    given.length !== all.length ||
    new Set(given).size !== given.length ||
    !given.every((i) => all.includes(i))
  ) {
    throw invalid('reorderTags needs every tag id of the codebook exactly once.')
  }
  const set = db.prepare('UPDATE tags SET position = ? WHERE id = ?')
  given.forEach((id, i) => set.run(i, id))
}

/** Moves every use of `fromId` to `intoId` and removes `fromId`. */
export function mergeTags(db: Db, fromId: string, intoId: string): void {
  if (fromId === intoId) throw invalid('Choose two different tags to merge.')
  getTag(db, fromId)
  getTag(db, intoId)
  db.prepare(
    `INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id)
     SELECT annotation_id, ? FROM annotation_tags WHERE tag_id = ?`
  ).run(intoId, fromId)
  db.prepare('DELETE FROM tags WHERE id = ?').run(fromId)
}

/** Annotations that carry only this tag and have no note: deleting the tag would leave them bare. */
export function bareAnnotations(db: Db, id: string): string[] {
  const rows = db
    .prepare(
      `SELECT a.id FROM annotations a JOIN annotation_tags at ON at.annotation_id = a.id AND at.tag_id = ?
       WHERE trim(a.note) = '' AND (SELECT count(*) FROM annotation_tags x WHERE x.annotation_id = a.id) = 1
         AND NOT EXISTS (SELECT 1 FROM links l WHERE l.from_id = a.id OR l.to_id = a.id)`
    )
    .all(id) as { id: string }[]
  return rows.map((r) => r.id)
}

/**
 * Deletes a tag; its annotations keep their other tags. Annotations left with no tag, no note and
 * no link need a decision: `bare: 'delete'` removes them, `bare: 'keep'` keeps them as plain
 * highlights; without one, CONFLICT tells the caller how many there are (so the UI can ask).
 */
export function deleteTag(db: Db, id: string, options: { bare?: 'delete' | 'keep' } = {}): void {
  const tag = getTag(db, id)
  const bare = bareAnnotations(db, id)
  if (bare.length > 0 && options.bare === undefined) {
    throw new ArchiveError(
      'CONFLICT',
      `${bare.length} annotation${bare.length === 1 ? ' has' : 's have'} only the tag “${tag.name}” and no note. Delete ${bare.length === 1 ? 'it' : 'them'} too, or keep ${bare.length === 1 ? 'it' : 'them'} as plain highlights?`,
      { bare: bare.length }
    )
  }
  if (options.bare === 'delete') {
    const del = db.prepare('DELETE FROM annotations WHERE id = ?')
    for (const a of bare) del.run(a)
  }
  db.prepare('DELETE FROM tags WHERE id = ?').run(id)
}
