// The codebook: coloured tags with shortcut keys, order and groups; names unique case-insensitively.

import { ArchiveError, invalid } from '../../shared/errors'
import type { Tag, TagInput } from '../../shared/model'
import type { Db } from './db'
import { newId, nowIso } from './ids'
import { expectInteger, expectString, isRecord } from './validate'

interface TagRow {
  id: string
  name: string
  color: string
  description: string
  key: number | null
  position: number
  group_name: string
  count: number
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
    count: r.count
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
    const name = expectString(raw.name, 'name', { max: 100 }).normalize('NFC').trim()
    if (!name) throw invalid('A tag needs a name.')
    out.name = name
  }
  if (raw.color !== undefined) {
    const color = expectString(raw.color, 'color', { max: 7 })
    if (!HEX.test(color)) throw invalid(`"${color}" is not a colour; use #rrggbb.`)
    out.color = color.toLowerCase()
  }
  if (raw.description !== undefined)
    out.description = expectString(raw.description, 'description', { max: 5000 }).trim()
  if (raw.group !== undefined) out.group = expectString(raw.group, 'group', { max: 100 }).trim()
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
