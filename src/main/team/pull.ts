// Pull: everything the team server accepted since this copy's last change applied, in one local transaction.

import type pg from 'pg'
import { reanchor, findQuote, type Anchored } from '../../shared/anchoring/anchor'
import { quoteAt } from '../../shared/anchoring/quote'
import type { BlindSource, TeamMember } from '../../shared/team'
import type { Archive } from '../archive/archive'
import { setSyncState, syncState } from '../archive/outbox'
import { Applier, type Applied } from './apply'
import { fetchBlind, storeBlind } from './blind'
import { TEAM_SCHEMA } from './schema'
import { q, shapes, type Shape } from './shapes'
import type { ServerRow } from './wire'

export interface PullResult {
  applied: number
  /** The feed number this copy has now applied up to. */
  seq: number
  sourceIds: string[]
  skipped: Applied['skipped']
}

/**
 * The server's records changed after `since`, read in one snapshot (a prefix of the feed), and the
 * blind-coding state of that moment. Row-level security leaves out what this member may not see
 * (others' annotations on a source coded independently); when that changes, the server puts those
 * records into the feed again (refeed in schema.ts), so a later pull brings them.
 */
async function fetchSince(
  client: pg.Client,
  since: number,
  me: string
): Promise<{ fetched: Map<Shape, ServerRow[]>; blind: BlindSource[] }> {
  const fetched = new Map<Shape, ServerRow[]>()
  let blind: BlindSource[]
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  try {
    blind = await fetchBlind(client, me)
    for (const shape of shapes()) {
      const r = await client.query(
        `SELECT * FROM ${TEAM_SCHEMA}.${q(shape.table)} WHERE seq > $1 ORDER BY seq`,
        [since]
      )
      fetched.set(shape, r.rows as ServerRow[])
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
  return { fetched, blind }
}

/**
 * Pulls and applies. The whole batch, the feed number and the clock are one SQLite transaction:
 * a crash or a lost connection at any point leaves the copy as it was before or after, and a
 * batch applied again changes nothing. Annotations whose text changed are re-anchored; what this
 * member may change (their own, or any as an editor) is sent back so every copy agrees.
 */
export async function pull(
  archive: Archive,
  client: pg.Client,
  me: TeamMember,
  /** Records this copy just sent, with the feed number each got: unchanged since, they are skipped. */
  sent: ReadonlyMap<string, string> = new Map()
): Promise<PullResult> {
  const db = archive.database
  const since = Number(syncState(db, 'feed.seq') ?? 0)
  const { fetched, blind } = await fetchSince(client, since, me.name)
  let top = since
  let clock = ''
  for (const rows of fetched.values()) {
    for (const r of rows) {
      top = Math.max(top, Number(r.seq))
      for (const c of Object.values(r.clocks)) if (c > clock) clock = c
    }
  }
  if (top === since) {
    const changed = storeBlind(db, blind)
    if (changed.length) archive.noteChanges(changed)
    return { applied: 0, seq: since, sourceIds: [], skipped: [] }
  }
  if (clock) archive.teamClock?.observe(clock)
  const result = archive.fromServer(() => {
    const applier = new Applier(db, (fn) => archive.capture(true, fn))
    for (const [shape, rows] of fetched) {
      for (const row of rows) {
        if (sent.get(`${shape.table} ${String(row[shape.key])}`) === String(row.seq)) continue
        applier.apply(shape, row)
      }
    }
    applier.finishSources()
    reanchorAfterPull(archive, applier.result, me)
    setSyncState(db, 'feed.seq', String(top))
    for (const id of storeBlind(db, blind)) applier.result.touched.add(id)
    const last = syncState(db, 'clock') ?? ''
    if (clock > last) setSyncState(db, 'clock', clock)
    return applier.result
  })
  const sourceIds = [...result.touched]
  archive.noteChanges(sourceIds)
  return { applied: result.applied, seq: top, sourceIds, skipped: result.skipped }
}

interface AnnotationRow extends Anchored {
  status: string
  created_by: string
}

/**
 * Puts annotations back on their words: those of a source whose text changed (mapped through the
 * edit, as an edit here would), and those that came from the server onto a text their positions
 * were not taken from (found by their quote). Every copy does the same with the same texts; the
 * results this member may send are captured, so the server ends up with them too.
 */
function reanchorAfterPull(archive: Archive, applied: Applied, me: TeamMember): void {
  const db = archive.database
  const editor = me.role === 'owner' || me.role === 'editor'
  const mayChange = (a: AnnotationRow): boolean => editor || a.created_by === me.name
  const update = db.prepare(
    `UPDATE annotations SET start = ?, end = ?, exact = ?, prefix = ?, suffix = ?, status = 'anchored' WHERE id = ?`
  )
  const orphan = db.prepare(`UPDATE annotations SET status = 'orphan' WHERE id = ?`)
  const textOf = (sourceId: string): string | undefined =>
    db
      .prepare(
        'SELECT r.text FROM sources s JOIN revisions r ON r.source_id = s.id AND r.n = s.revision WHERE s.id = ?'
      )
      .pluck()
      .get(sourceId) as string | undefined
  const rowsOf = db.prepare(
    "SELECT id, start, end, exact, prefix, suffix, status, created_by FROM annotations WHERE source_id = ? AND status = 'anchored'"
  )
  for (const [sourceId, before] of applied.textChanged) {
    const text = textOf(sourceId)
    if (text === undefined) continue
    const mine = (rowsOf.all(sourceId) as AnnotationRow[]).filter(
      (a) => !applied.annotations.has(a.id)
    )
    for (const r of reanchor(before, text, mine)) {
      const a = mine.find((x) => x.id === r.id) as AnnotationRow
      if (r.status !== 'orphan' && r.status === 'kept' && r.start === a.start && r.end === a.end)
        continue
      archive.capture(mayChange(a), () =>
        r.status === 'orphan'
          ? orphan.run(r.id)
          : update.run(r.start, r.end, r.quote.exact, r.quote.prefix, r.quote.suffix, r.id)
      )
    }
  }
  const one = db.prepare(
    "SELECT id, source_id, start, end, exact, prefix, suffix, status, created_by FROM annotations WHERE id = ? AND status = 'anchored'"
  )
  for (const id of applied.annotations) {
    const a = one.get(id) as (AnnotationRow & { source_id: string }) | undefined
    if (!a) continue
    const text = textOf(a.source_id) as string
    if (text.slice(a.start, a.end) === a.exact) continue
    const found = findQuote(text, a, a.start)
    archive.capture(mayChange(a), () => {
      if (!found) return void orphan.run(a.id)
      const quote = quoteAt(text, found.start, found.end)
      update.run(found.start, found.end, quote.exact, quote.prefix, quote.suffix, a.id)
    })
  }
}
