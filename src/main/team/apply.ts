// Applying the server's records to this copy: per field, the later clock wins against what waits in the outbox.

import { checkRecord, type RecordTable, type Row } from '../archive/records'
import { hashText } from '../archive/text-hash'
import type { Db } from '../archive/db'
import { DELETED, TAGS_FIELD, WHOLE } from '../archive/outbox'
import { sameItems } from '../../shared/lists'
import { normalizeText, paragraphSpans } from '../../shared/text/paragraphs'
import { q, type Shape } from './shapes'
import { localValue, type ServerRow } from './wire'

/** What applying a batch did, for re-anchoring and for the views. */
export interface Applied {
  /** Sources whose current text changed, with the text they had before. */
  textChanged: Map<string, string>
  /** Annotations written from the server (their positions may refer to another text). */
  annotations: Set<string>
  /** Sources whose records changed in any way (for the views). */
  touched: Set<string>
  /** Records that could not be applied, and why (a malformed record, a missing parent). */
  skipped: { kind: string; id: string; reason: string }[]
  applied: number
}

/**
 * Applies server records in the order of the shapes (parents first). Runs inside the caller's
 * transaction, with signing and capture off, except where this copy must change a record of its
 * own to make room (a tag name another member took first): `yieldLocal` runs those captured.
 */
export class Applier {
  readonly result: Applied = {
    textChanged: new Map(),
    annotations: new Set(),
    touched: new Set(),
    skipped: [],
    applied: 0
  }
  /** Sources whose current revision the server names (applied once the revisions are in). */
  private readonly currentRevision = new Map<string, string>()

  constructor(
    private readonly db: Db,
    private readonly yieldLocal: (fn: () => void) => void
  ) {}

  private outbox(kind: string, id: string): Map<string, string> {
    const rows = this.db
      .prepare('SELECT field, hlc FROM sync_outbox WHERE kind = ? AND record_id = ?')
      .all(kind, id) as { field: string; hlc: string }[]
    return new Map(rows.map((r) => [r.field, r.hlc]))
  }

  /** Forgets outbox entries the server's clocks show it has (or has something later). */
  private settle(shape: Shape, id: string, row: ServerRow, waiting: Map<string, string>): void {
    const drop = this.db.prepare(
      'DELETE FROM sync_outbox WHERE kind = ? AND record_id = ? AND field = ? AND hlc = ?'
    )
    const latest = Object.values(row.clocks).reduce((a, b) => (b > a ? b : a), '')
    for (const [field, hlc] of waiting) {
      const server =
        field === WHOLE
          ? latest
          : field === DELETED
            ? (row.clocks.deleted ?? '')
            : (row.clocks[shape.columns.find((c) => c.local === field)?.server ?? field] ?? '')
      if (hlc <= server) drop.run(shape.table, id, field, hlc)
    }
  }

  apply(shape: Shape, row: ServerRow): void {
    const id = String(row[shape.key])
    try {
      this.applyOne(shape, id, row)
    } catch (error) {
      this.result.skipped.push({ kind: shape.table, id, reason: (error as Error).message })
    }
  }

  private applyOne(shape: Shape, id: string, row: ServerRow): void {
    const t = q(shape.table)
    const waiting = this.outbox(shape.table, id)
    const local = this.db.prepare(`SELECT * FROM ${t} WHERE ${q(shape.key)} = ?`).get(id) as
      Record<string, unknown> | undefined
    const clockOf = (field: string): string => {
      const a = waiting.get(field) ?? ''
      const b = waiting.get(WHOLE) ?? ''
      return a > b ? a : b
    }
    this.noteSource(shape, local ?? row)
    if (row.deleted) {
      const gone = row.clocks.deleted ?? ''
      const editedLater = [...waiting].some(([f, h]) => f !== DELETED && h > gone)
      if (!(local && editedLater)) {
        if (local) this.remove(shape, id)
        this.settle(shape, id, row, waiting)
      }
      return
    }
    const latest = Object.values(row.clocks).reduce((a, b) => (b > a ? b : a), '')
    if ((waiting.get(DELETED) ?? '') > latest) return // deleted here, later than any change there
    const values: Row = {}
    for (const c of shape.columns) {
      if (c.local === TAGS_FIELD || (shape.table === 'sources' && c.local === 'revision')) continue
      const mine = local && clockOf(c.local) > (row.clocks[c.server] ?? '')
      values[c.local] = (mine ? local[c.local] : localValue(c.type, row[c.server])) as Row[string]
    }
    // Which revision is current is settled once every revision is in (finishSources).
    const current =
      shape.table === 'sources' && !(local && clockOf('revision') > (row.clocks.revision_uid ?? ''))
        ? String(row.revision_uid)
        : null
    if (shape.table === 'sources') values.revision = (local?.revision as number | undefined) ?? 1
    // What this copy sent a moment ago comes back with a feed number: nothing to write.
    if (local && shape.table !== 'revisions' && this.same(shape, id, local, values, row)) {
      if (current) this.currentRevision.set(id, current)
      return this.settle(shape, id, row, waiting)
    }
    if (shape.table === 'revisions') this.checkText(values)
    if (shape.table === 'tags') this.makeRoom(id, values)
    const parent = this.missingParent(shape, values)
    if (parent) throw new Error(parent)
    if (shape.table === 'revisions') {
      if (local) return this.settle(shape, id, row, waiting) // a revision never changes
      values.n = this.db
        .prepare('SELECT coalesce(max(n), 0) + 1 FROM revisions WHERE source_id = ?')
        .pluck()
        .get(values.source_id) as number
    }
    const checked = checkRecord(shape.table as RecordTable, values)
    if (shape.table === 'revisions') checked.text = values.text
    this.write(shape, id, checked, !!local)
    if (current) this.currentRevision.set(id, current)
    if (shape.table === 'annotations') {
      this.result.annotations.add(id)
      if (!(local && clockOf(TAGS_FIELD) > (row.clocks.tags ?? ''))) this.setTags(id, row.tags)
    }
    this.settle(shape, id, row, waiting)
    this.result.applied++
  }

  /** Whether the local record already holds every value (and, for an annotation, the tags). */
  private same(
    shape: Shape,
    id: string,
    local: Record<string, unknown>,
    values: Row,
    row: ServerRow
  ): boolean {
    for (const [k, v] of Object.entries(values)) if (local[k] !== v) return false
    if (shape.table !== 'annotations') return true
    const tags = this.db
      .prepare('SELECT tag_id FROM annotation_tags WHERE annotation_id = ? ORDER BY tag_id')
      .pluck()
      .all(id) as string[]
    const incoming = (Array.isArray(row.tags) ? (row.tags as string[]) : []).slice().sort()
    return sameItems(tags, incoming)
  }

  private noteSource(shape: Shape, row: Record<string, unknown>): void {
    const source =
      shape.table === 'sources'
        ? row.id
        : shape.table === 'annotations' || shape.table === 'revisions'
          ? row.source_id
          : null
    if (typeof source === 'string') this.result.touched.add(source)
  }

  private write(shape: Shape, id: string, values: Row, exists: boolean): void {
    const cols = Object.keys(values)
    if (exists) {
      this.db
        .prepare(
          `UPDATE ${q(shape.table)} SET ${cols.map((c) => `${q(c)} = @${c}`).join(', ')} WHERE ${q(shape.key)} = @__id`
        )
        .run({ ...values, __id: id })
    } else {
      this.db
        .prepare(
          `INSERT INTO ${q(shape.table)} (${cols.map(q).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`
        )
        .run(values)
    }
  }

  private remove(shape: Shape, id: string): void {
    if (shape.table === 'sources') this.result.textChanged.delete(id)
    this.db.prepare(`DELETE FROM ${q(shape.table)} WHERE ${q(shape.key)} = ?`).run(id)
  }

  /** A revision's text must be one this archive would store, and match its hash. */
  private checkText(values: Row): void {
    const text = values.text
    if (typeof text !== 'string' || text.trim() === '' || normalizeText(text) !== text)
      throw new Error('its text is not a text Parallax stores')
    if (hashText(text) !== values.content_hash) throw new Error('its text does not match its hash')
    values.text_length = text.length
  }

  /** A parent this copy lacks (deleted here, later than the change there): the record waits. */
  private missingParent(shape: Shape, v: Row): string | null {
    const has = (table: string, column: string, value: unknown): boolean =>
      this.db.prepare(`SELECT 1 FROM ${table} WHERE ${column} = ?`).get(value) !== undefined
    if (
      (shape.table === 'annotations' || shape.table === 'revisions') &&
      !has('sources', 'id', v.source_id)
    )
      return `its source ${String(v.source_id)} is not in this copy`
    if (
      shape.table === 'links' &&
      !(has('annotations', 'id', v.from_id) && has('annotations', 'id', v.to_id))
    )
      return 'one of its ends is not in this copy'
    return null
  }

  /**
   * Two members made tags with the same name (or shortcut key): the server kept the first it
   * received, so this copy's unsent one yields, renamed or without its key, as a change of its own.
   */
  private makeRoom(id: string, values: Row): void {
    const name = this.db
      .prepare('SELECT id, name FROM tags WHERE name_key = ? AND id <> ?')
      .get(values.name_key, id) as { id: string; name: string } | undefined
    const key =
      values.key === null
        ? undefined
        : (this.db
            .prepare('SELECT id FROM tags WHERE key = ? AND id <> ?')
            .pluck()
            .get(values.key, id) as string | undefined)
    if (!name && !key) return
    this.yieldLocal(() => {
      if (name) {
        let n = 2
        while (
          this.db.prepare('SELECT 1 FROM tags WHERE name_key = ?').get(`${values.name_key} (${n})`)
        )
          n++
        this.db
          .prepare('UPDATE tags SET name = ?, name_key = ? WHERE id = ?')
          .run(`${name.name} (${n})`, `${values.name_key} (${n})`, name.id)
      }
      if (key) this.db.prepare('UPDATE tags SET key = NULL WHERE id = ?').run(key)
    })
  }

  private setTags(annotationId: string, tags: unknown): void {
    const wanted = new Set(
      (Array.isArray(tags) ? tags : []).filter(
        (t): t is string =>
          typeof t === 'string' &&
          this.db.prepare('SELECT 1 FROM tags WHERE id = ?').get(t) !== undefined
      )
    )
    const current = new Set(
      this.db
        .prepare('SELECT tag_id FROM annotation_tags WHERE annotation_id = ?')
        .pluck()
        .all(annotationId) as string[]
    )
    for (const t of current)
      if (!wanted.has(t))
        this.db
          .prepare('DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?')
          .run(annotationId, t)
    for (const t of wanted)
      if (!current.has(t))
        this.db
          .prepare('INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)')
          .run(annotationId, t)
  }

  /** Points sources at the revisions the server names as current, now that every revision is in. */
  finishSources(): void {
    for (const [sourceId, uid] of this.currentRevision) {
      const rev = this.db
        .prepare('SELECT n, content_hash, text FROM revisions WHERE source_id = ? AND uid = ?')
        .get(sourceId, uid) as { n: number; content_hash: string; text: string } | undefined
      const now = this.db
        .prepare(
          'SELECT s.revision, r.text FROM sources s JOIN revisions r ON r.source_id = s.id AND r.n = s.revision WHERE s.id = ?'
        )
        .get(sourceId) as { revision: number; text: string } | undefined
      if (!rev) {
        this.result.skipped.push({
          kind: 'sources',
          id: sourceId,
          reason: `its current revision ${uid} is not in this copy`
        })
        continue
      }
      if (now && now.revision === rev.n) continue
      if (now && !this.result.textChanged.has(sourceId))
        this.result.textChanged.set(sourceId, now.text)
      this.db
        .prepare(
          'UPDATE sources SET revision = ?, content_hash = ?, text_length = ?, paragraph_count = ? WHERE id = ?'
        )
        .run(rev.n, rev.content_hash, rev.text.length, paragraphSpans(rev.text).length, sourceId)
      this.result.touched.add(sourceId)
    }
  }
}
