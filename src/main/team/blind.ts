// Blind coding: sources an owner marks "code independently", and members handing in their coding of them.
//
// The rule (as in qualitative-coding tools): until a member hands in their coding of such a source,
// only they see their annotations (and the links at them) there, and they see nobody else's. Once
// they have, they see the work of every other member who handed in, and those members see theirs.
// An owner, who reviews, sees whoever has handed in without having to code. The team database's
// row-level security decides this (schema.ts: may_see, refeed); the copies only show it.

import type pg from 'pg'
import { ArchiveError } from '../../shared/errors'
import type { BlindSource, TeamMember } from '../../shared/team'
import type { Db } from '../archive/db'
import { setSyncState, syncState } from '../archive/outbox'
import { TEAM_SCHEMA } from './schema'

const s = TEAM_SCHEMA

/** The blind sources and who handed in, as the team server has them (read in the caller's snapshot). */
export async function fetchBlind(client: pg.Client, me: string): Promise<BlindSource[]> {
  let rows: { source_id: string; by: string[] | null }[]
  try {
    rows = (
      await client.query(
        `SELECT b.source_id, (SELECT array_agg(h.member ORDER BY h.member) FROM ${s}.handins h
           WHERE h.source_id = b.source_id) AS by
         FROM ${s}.blind_sources b ORDER BY b.source_id`
      )
    ).rows
  } catch (error) {
    // A team database prepared before blind coding existed has none.
    if ((error as { code?: string }).code === '42P01') return []
    throw error
  }
  return rows.map((r) => ({
    sourceId: r.source_id,
    handedIn: (r.by ?? []).includes(me),
    handedInBy: r.by ?? []
  }))
}

/** What this copy last learnt of blind coding (kept in its sync state; the server decides). */
export function localBlind(db: Db): BlindSource[] {
  const raw = syncState(db, 'team.blind')
  return raw ? (JSON.parse(raw) as BlindSource[]) : []
}

/** Keeps the server's blind state in this copy; returns the sources it changed for (to redraw). */
export function storeBlind(db: Db, blind: BlindSource[]): string[] {
  const value = JSON.stringify(blind)
  if ((syncState(db, 'team.blind') ?? '[]') === value) return []
  const ids = new Set([...localBlind(db), ...blind].map((b) => b.sourceId))
  setSyncState(db, 'team.blind', value)
  return [...ids]
}

/** The server's titles of these sources, refusing an id it does not have (or has deleted). */
async function titles(client: pg.Client, ids: string[]): Promise<Map<string, string>> {
  const rows = (
    await client.query(`SELECT id, title FROM ${s}.sources WHERE id = ANY($1) AND NOT deleted`, [
      ids
    ])
  ).rows as { id: string; title: string }[]
  const found = new Map(rows.map((r) => [r.id, r.title]))
  const missing = ids.find((id) => !found.has(id))
  if (missing !== undefined)
    throw new ArchiveError('NOT_FOUND', `There is no source ${missing} in this team archive.`)
  return found
}

/**
 * Marks sources "code independently", or no longer: an owner only, all or none. A source is marked
 * before anyone annotates it (what members already have cannot be taken back); unmarking shows
 * everyone's annotations on it to everyone.
 */
export async function setBlind(
  client: pg.Client,
  me: TeamMember,
  sourceIds: string[],
  on: boolean
): Promise<void> {
  if (me.role !== 'owner')
    throw new ArchiveError(
      'CONFLICT',
      `Only an owner can mark sources to be coded independently; ${me.name} is ${me.role}.`
    )
  await client.query('BEGIN')
  try {
    await titles(client, sourceIds)
    if (on)
      await client.query(
        `INSERT INTO ${s}.blind_sources (source_id, marked_by)
         SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
        [sourceIds, me.name]
      )
    else await client.query(`DELETE FROM ${s}.blind_sources WHERE source_id = ANY($1)`, [sourceIds])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw refusal(error, me)
  }
}

/** Hands in this member's coding of a source coded independently (again: nothing happens). */
export async function handIn(client: pg.Client, me: TeamMember, sourceId: string): Promise<void> {
  await client.query('BEGIN')
  try {
    const title = (await titles(client, [sourceId])).get(sourceId) as string
    const marked = await client.query(`SELECT 1 FROM ${s}.blind_sources WHERE source_id = $1`, [
      sourceId
    ])
    if (!marked.rowCount)
      throw new ArchiveError(
        'CONFLICT',
        `“${title}” is not coded independently: there is nothing to hand in.`
      )
    await client.query(
      `INSERT INTO ${s}.handins (source_id, member) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [sourceId, me.name]
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw refusal(error, me)
  }
}

/** The server's refusal in the member's words. */
function refusal(error: unknown, me: TeamMember): unknown {
  if (error instanceof ArchiveError) return error
  const e = error as { code?: string; message?: string }
  if (e.code === '42501')
    return new ArchiveError(
      'CONFLICT',
      `The team server refused: as ${me.role}, ${me.name} may not do this.`
    )
  if (e.code === '23514') return new ArchiveError('CONFLICT', e.message ?? String(error))
  if (e.code === '23503') return new ArchiveError('NOT_FOUND', e.message ?? String(error))
  if (e.code === '42P01')
    return new ArchiveError(
      'CONFLICT',
      'This team archive was prepared before blind coding existed; an administrator prepares a new one to use it.'
    )
  return error
}
