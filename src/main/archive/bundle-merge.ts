// Merges a checked bundle into an archive without duplicating: records are matched by id, sources by text, tags by name.

import { reanchor, type Anchored } from '../../shared/anchoring/anchor'
import { sameItems } from '../../shared/lists'
import type { BundleImportReport } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import type { ParsedBundle, Row, TableName } from './bundle-format'
import type { Db } from './db'
import { getSetting, setSetting } from './settings'
import { newId } from './ids'
import { getText } from './sources'
import { nameKey } from './tags'

type Tally = { added: number; existing: number }

/** Inserts rows by their column names, with statements prepared once per column set. */
class Inserter {
  private readonly cache = new Map<string, ReturnType<Db['prepare']>>()
  constructor(private readonly db: Db) {}

  insert(table: TableName, row: Row): void {
    const cols = Object.keys(row)
    const key = `${table}:${cols.join(',')}`
    let stmt = this.cache.get(key)
    if (!stmt) {
      const names = cols.map((c) => `"${c}"`).join(', ')
      stmt = this.db.prepare(
        `INSERT INTO "${table}" (${names}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`
      )
      this.cache.set(key, stmt)
    }
    stmt.run(row)
  }
}

/** Ids of a table already in the archive. */
function idsOf(db: Db, table: string): Set<string> {
  return new Set(db.prepare(`SELECT id FROM "${table}"`).pluck().all() as string[])
}

/**
 * Where new records of an ordered list go: at the bundle's own positions in an archive that had
 * none (so a round trip is identical), else after the archive's own, in the bundle's order.
 */
function positioner(db: Db, table: string, where = ''): (position: number) => number {
  const row = db
    .prepare(
      `SELECT count(*) AS n, coalesce(max(position) + 1, 0) AS next FROM "${table}" ${where}`
    )
    .get() as { n: number; next: number }
  let next = row.next
  return (position) => (row.n === 0 ? position : next++)
}

/**
 * Merges inside the caller's transaction: any error throws and the caller rolls everything back.
 * A record whose id is already here is kept as it is. A new source whose current text equals a
 * source already here is that source; its revisions with other texts join that source's history
 * (not as its current text), and annotations made on another text are re-anchored by their quote
 * (orphaned, never dropped, if the quote is gone). Tags match by name (case-insensitively),
 * relations by id or label, variant sets by their spellings.
 */
export function mergeBundle(db: Db, bundle: ParsedBundle): BundleImportReport {
  const { rows } = bundle
  const out = new Inserter(db)
  const tally = (): Tally => ({ added: 0, existing: 0 })
  const report: BundleImportReport = {
    sources: tally(),
    revisions: tally(),
    tags: tally(),
    annotations: tally(),
    links: tally(),
    relations: tally(),
    variantSets: tally(),
    handoutSets: tally()
  }

  // Relations: by id, then by label; built-in ones are in every archive.
  const relationMap = new Map<string, string>()
  const labels = new Map(
    (db.prepare('SELECT id, label FROM relations').all() as { id: string; label: string }[]).map(
      (r) => [r.label.toLowerCase(), r.id]
    )
  )
  const relationIds = idsOf(db, 'relations')
  const relationPosition = positioner(db, 'relations', 'WHERE builtin = 0')
  for (const r of rows.relations) {
    const id = r.id as string
    const same = relationIds.has(id) ? id : labels.get((r.label as string).toLowerCase())
    if (same) {
      relationMap.set(id, same)
      report.relations.existing++
      continue
    }
    out.insert('relations', { ...r, builtin: 0, position: relationPosition(r.position as number) })
    labels.set((r.label as string).toLowerCase(), id)
    relationMap.set(id, id)
    report.relations.added++
  }

  // Tags: by id, then by name; a shortcut key taken here is left off the new tag.
  const tagMap = new Map<string, string>()
  const tagIds = idsOf(db, 'tags')
  const names = new Map(
    (db.prepare('SELECT id, name_key FROM tags').all() as { id: string; name_key: string }[]).map(
      (t) => [t.name_key, t.id]
    )
  )
  const keys = new Set(db.prepare('SELECT key FROM tags WHERE key IS NOT NULL').pluck().all())
  const tagPosition = positioner(db, 'tags')
  for (const t of rows.tags) {
    const id = t.id as string
    const same = tagIds.has(id) ? id : names.get(nameKey(t.name as string))
    if (same) {
      tagMap.set(id, same)
      report.tags.existing++
      continue
    }
    const key = t.key !== null && keys.has(t.key) ? null : t.key
    out.insert('tags', { ...t, key, position: tagPosition(t.position as number) })
    if (key !== null) keys.add(key)
    tagMap.set(id, id)
    report.tags.added++
  }

  const { sourceMap, rebase } = mergeSources(db, bundle, out, report)

  // Annotations: new ones attach to the mapped source, re-anchored where its text differs.
  const annotationIds = idsOf(db, 'annotations')
  const fresh = rows.annotations.filter((a) => !annotationIds.has(a.id as string))
  report.annotations.existing = rows.annotations.length - fresh.length
  const placed = new Map<string, Row>(fresh.map((a) => [a.id as string, { ...a }]))
  for (const [sourceId, move] of rebase) {
    const items = fresh
      .filter((a) => a.source_id === sourceId && a.status === 'anchored')
      .map((a) => a as unknown as Anchored)
    for (const result of reanchor(move.from, move.to, items)) {
      const row = placed.get(result.id) as Row
      if (result.status === 'orphan') row.status = 'orphan'
      else Object.assign(row, { start: result.start, end: result.end, ...result.quote })
    }
  }
  for (const a of placed.values()) {
    out.insert('annotations', { ...a, source_id: sourceMap.get(a.source_id as string) as string })
    report.annotations.added++
  }
  // Tags of annotations that were already here stay as they are.
  const tagOne = db.prepare(
    'INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)'
  )
  for (const at of rows.annotation_tags) {
    if (placed.has(at.annotation_id as string))
      tagOne.run(at.annotation_id, tagMap.get(at.tag_id as string))
  }

  const linkIds = idsOf(db, 'links')
  for (const l of rows.links) {
    if (linkIds.has(l.id as string)) report.links.existing++
    else {
      out.insert('links', { ...l, relation: relationMap.get(l.relation as string) ?? l.relation })
      report.links.added++
    }
  }

  mergeVariantSets(db, rows.variant_sets, out, report.variantSets)

  const setIds = idsOf(db, 'handout_sets')
  for (const h of rows.handout_sets) {
    if (setIds.has(h.id as string)) report.handoutSets.existing++
    else {
      out.insert('handout_sets', remapSet(h, sourceMap, tagMap))
      report.handoutSets.added++
    }
  }

  // The name travels only into an archive that has none of its own (a new, empty one).
  const name = bundle.manifest.archiveName
  if (
    typeof name === 'string' &&
    name.trim() &&
    name.length <= 200 &&
    !getSetting(db, 'archive.name')
  )
    setSetting(db, 'archive.name', name)
  return report
}

/** Sources and their revisions; returns where each bundle source went, and which texts differ. */
function mergeSources(
  db: Db,
  { rows, texts }: ParsedBundle,
  out: Inserter,
  report: BundleImportReport
): { sourceMap: Map<string, string>; rebase: Map<string, { from: string; to: string }> } {
  const sourceMap = new Map<string, string>()
  const rebase = new Map<string, { from: string; to: string }>()
  const current = new Map(
    (
      db.prepare('SELECT id, content_hash FROM sources').all() as {
        id: string
        content_hash: string
      }[]
    ).map((s) => [s.id, s.content_hash])
  )
  // Only sources that were here before: two sources of the bundle with one text stay two.
  const byHash = new Map<string, string>()
  for (const [id, hash] of current) if (!byHash.has(hash)) byHash.set(hash, id)
  const revisionsOf = new Map<string, Row[]>()
  for (const r of rows.revisions) {
    const list = revisionsOf.get(r.source_id as string) ?? []
    list.push(r)
    revisionsOf.set(r.source_id as string, list)
  }
  const uids = new Set(db.prepare('SELECT uid FROM revisions').pluck().all() as string[])
  // A revision keeps its id, unless this archive already uses it for another text (copies that
  // went apart before revisions had ids of their own numbered theirs alike).
  const revisionRow = (r: Row, sourceId: string, n: number): Row => {
    const uid = uids.has(r.uid as string) ? newId() : (r.uid as string)
    uids.add(uid)
    return {
      ...r,
      uid,
      source_id: sourceId,
      n,
      text: texts.get(r.content_hash as string) as string
    }
  }
  for (const s of rows.sources) {
    const id = s.id as string
    const revs = (revisionsOf.get(id) ?? []).sort((a, b) => (a.n as number) - (b.n as number))
    const target = current.has(id) ? id : byHash.get(s.content_hash as string)
    if (!target) {
      out.insert('sources', s)
      for (const r of revs) out.insert('revisions', revisionRow(r, id, r.n as number))
      sourceMap.set(id, id)
      report.sources.added++
      report.revisions.added += revs.length
      continue
    }
    sourceMap.set(id, target)
    report.sources.existing++
    // Texts this source never had join its history after its own revisions; nothing is lost.
    const had = new Set(
      db.prepare('SELECT content_hash FROM revisions WHERE source_id = ?').pluck().all(target)
    )
    let n = db
      .prepare('SELECT max(n) FROM revisions WHERE source_id = ?')
      .pluck()
      .get(target) as number
    for (const r of revs) {
      if (had.has(r.content_hash)) report.revisions.existing++
      else {
        out.insert('revisions', revisionRow(r, target, ++n))
        had.add(r.content_hash)
        report.revisions.added++
      }
    }
    if (current.get(target) !== s.content_hash) {
      rebase.set(id, {
        from: texts.get(s.content_hash as string) as string,
        to: getText(db, target)
      })
    }
  }
  return { sourceMap, rebase }
}

function mergeVariantSets(db: Db, sets: Row[], out: Inserter, tally: Tally): void {
  const spellings = (terms: string): string =>
    (JSON.parse(terms) as string[])
      .map((t) => fold(t))
      .sort()
      .join('\u0000')
  const ids = idsOf(db, 'variant_sets')
  const known = new Set(
    (db.prepare('SELECT terms FROM variant_sets').pluck().all() as string[]).map(spellings)
  )
  const position = positioner(db, 'variant_sets')
  for (const v of sets) {
    const key = spellings(v.terms as string)
    if (ids.has(v.id as string) || known.has(key)) tally.existing++
    else {
      // Matched only against sets that were here before, so a round trip keeps every set.
      out.insert('variant_sets', { ...v, position: position(v.position as number) })
      tally.added++
    }
  }
}

/** A handout set whose sources or tags were matched to other ids here points at those. */
function remapSet(h: Row, sources: Map<string, string>, tags: Map<string, string>): Row {
  const sourceIds = JSON.parse(h.source_ids as string) as string[]
  const selection = JSON.parse(h.selection as string) as { tagIds: string[] }
  const mapped = [...new Set(sourceIds.map((id) => sources.get(id) ?? id))]
  const tagIds = [...new Set(selection.tagIds.map((id) => tags.get(id) ?? id))]
  // Unchanged JSON is kept byte for byte.
  return {
    ...h,
    source_ids: sameItems(mapped, sourceIds) ? h.source_ids : JSON.stringify(mapped),
    selection: sameItems(tagIds, selection.tagIds)
      ? h.selection
      : JSON.stringify({ ...selection, tagIds })
  }
}
