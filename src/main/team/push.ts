// Push: the changes waiting in this copy's outbox go to the team server in one transaction; refusals are kept.

import type pg from 'pg'
import type { TeamMember, TeamRole } from '../../shared/team'
import { immediate, type Db } from '../archive/db'
import { DELETED, WHOLE } from '../archive/outbox'
import { TEAM_SCHEMA } from './schema'
import { q, shapes, type Shape } from './shapes'
import { readLocalMany, serverColumn, type ServerRow } from './wire'

/** Records sent per statement: large enough to amortise the round trip, small enough to isolate a refusal cheaply. */
const CHUNK = 500

interface Entry {
  kind: string
  record_id: string
  field: string
  hlc: string
}

interface Outgoing {
  shape: Shape
  id: string
  row: ServerRow
  entries: Entry[]
}

export interface PushResult {
  accepted: number
  /**
   * The feed number of each accepted record the server now holds exactly as sent ("kind id" →
   * seq): a pull need not apply those again.
   */
  sent: Map<string, string>
  refused: { kind: string; id: string; reason: string }[]
}

/** What a refusal means, in the member's words; the server's own message when there is no better one. */
function reason(error: unknown, role: TeamRole, shape: Shape): string {
  const e = error as { code?: string; message?: string; constraint?: string }
  const what = shape.table.replace(/_/g, ' ')
  if (e.code === '42501') return `As ${role}, you may not change these ${what} (${e.message}).`
  if (e.code === '23505' && e.constraint === 'tags_name')
    return 'Another member already made a tag with this name; rename yours.'
  if (e.code === '23505' && e.constraint === 'tags_key')
    return 'Another member already gave this shortcut key to a tag; choose another.'
  return `The team server refused it: ${(e.message ?? String(error)).split('\n')[0]}`
}

/** The server form of each waiting change: the record as it is here, with a clock per changed field. */
function outgoing(db: Db, entries: Entry[], member: string): { send: Outgoing[]; gone: Entry[] } {
  const send: Outgoing[] = []
  const gone: Entry[] = []
  for (const shape of shapes()) {
    const byRecord = new Map<string, Entry[]>()
    for (const e of entries) {
      if (e.kind !== shape.table) continue
      const list = byRecord.get(e.record_id)
      if (list) list.push(e)
      else byRecord.set(e.record_id, [e])
    }
    const locals = readLocalMany(db, shape, [...byRecord.keys()])
    for (const [id, list] of byRecord) {
      const local = locals.get(id)
      const deleted = list.find((e) => e.field === DELETED)
      const clocks: Record<string, string> = {}
      if (!local) {
        // Removed here: only the deletion travels. Without one (a cascade), the server's own
        // cascade removes it; the waiting field changes are moot.
        if (!deleted) {
          gone.push(...list)
          continue
        }
        // The deleting member stands as maker of a record the server never saw; one it has keeps its own.
        const row = {
          [shape.key]: id,
          created_by: member,
          deleted: true,
          clocks: { deleted: deleted.hlc }
        }
        send.push({ shape, id, row, entries: list })
        continue
      }
      const whole = list.find((e) => e.field === WHOLE)
      if (whole) {
        for (const c of shape.columns) clocks[c.server] = whole.hlc
        clocks.deleted = whole.hlc
      }
      for (const e of list) {
        if (e.field === WHOLE || e.field === DELETED) continue
        const column = serverColumn(shape, e.field)
        if (!clocks[column] || e.hlc > clocks[column]) clocks[column] = e.hlc
      }
      send.push({ shape, id, row: { ...local, deleted: false, clocks }, entries: list })
    }
  }
  return { send, gone }
}

async function upsert(client: pg.Client, shape: Shape, rows: ServerRow[]): Promise<ServerRow[]> {
  const cols = [...shape.columns.map((c) => c.server), 'clocks', 'deleted'].map(q).join(', ')
  const excluded = [...shape.columns.map((c) => c.server), 'clocks', 'deleted']
    .map((c) => `EXCLUDED.${q(c)}`)
    .join(', ')
  const t = `${TEAM_SCHEMA}.${q(shape.table)}`
  const result = await client.query(
    `INSERT INTO ${t} (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::${t}, $1::jsonb)
     ON CONFLICT (${q(shape.key)}) DO UPDATE SET (${cols}) = ROW(${excluded})
     RETURNING *`,
    [JSON.stringify(rows)]
  )
  return result.rows as ServerRow[]
}

/**
 * Whether the server's record, after merging, holds exactly what was sent: then a pull need not
 * apply it again. (A field another member changed later, or a deletion that won, makes it differ.)
 */
function holdsWhatWasSent(shape: Shape, sent: ServerRow, merged: ServerRow): boolean {
  if (merged.deleted) return false
  return shape.columns.every((c) => {
    const theirs = merged[c.server]
    const mine = sent[c.server]
    if (c.type === 'bigint') return (theirs === null ? null : Number(theirs)) === mine
    if (c.type === 'jsonb') return JSON.stringify(theirs) === JSON.stringify(mine)
    return theirs === mine
  })
}

/**
 * Sends every waiting change. The server takes each field whose clock is later than its own;
 * a change it refuses (role, a name already taken) is marked refused here with its reason and
 * the rest still go. The outbox forgets a change only once the server has committed it, and
 * only if it was not changed again meanwhile, so a crash at any point loses nothing and a
 * change sent twice is taken once.
 */
export async function push(db: Db, client: pg.Client, me: TeamMember): Promise<PushResult> {
  const role = me.role
  // A refused change goes again once its record changed again (the member mended it).
  const entries = db
    .prepare(
      `SELECT kind, record_id, field, hlc FROM sync_outbox o WHERE state = 'pending' OR EXISTS (
         SELECT 1 FROM sync_outbox p WHERE p.kind = o.kind AND p.record_id = o.record_id AND p.state = 'pending')`
    )
    .all() as Entry[]
  if (entries.length === 0) return { accepted: 0, refused: [], sent: new Map() }
  const { send, gone } = outgoing(db, entries, me.name)
  const refused: (Outgoing & { reason: string })[] = []
  const accepted: Outgoing[] = []
  const sent = new Map<string, string>()
  const took = (shape: Shape, chunk: Outgoing[], rows: ServerRow[]): void => {
    const byKey = new Map(chunk.map((o) => [o.id, o.row]))
    for (const merged of rows) {
      const id = String(merged[shape.key])
      const row = byKey.get(id)
      if (row && holdsWhatWasSent(shape, row, merged))
        sent.set(`${shape.table} ${id}`, String(merged.seq))
    }
  }
  await client.query('BEGIN')
  try {
    for (const shape of shapes()) {
      const mine = send.filter((o) => o.shape === shape)
      for (let i = 0; i < mine.length; i += CHUNK) {
        const chunk = mine.slice(i, i + CHUNK)
        await client.query('SAVEPOINT chunk')
        try {
          took(
            shape,
            chunk,
            await upsert(
              client,
              shape,
              chunk.map((o) => o.row)
            )
          )
          accepted.push(...chunk)
        } catch {
          // One bad record spoils the statement: try them one by one to find it.
          await client.query('ROLLBACK TO SAVEPOINT chunk')
          for (const o of chunk) {
            await client.query('SAVEPOINT one')
            try {
              took(shape, [o], await upsert(client, shape, [o.row]))
              accepted.push(o)
            } catch (error) {
              await client.query('ROLLBACK TO SAVEPOINT one')
              refused.push({ ...o, reason: reason(error, role, shape) })
            }
          }
        }
      }
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
  const forget = db.prepare(
    'DELETE FROM sync_outbox WHERE kind = ? AND record_id = ? AND field = ? AND hlc = ?'
  )
  const refuse = db.prepare(
    "UPDATE sync_outbox SET state = 'refused', reason = ? WHERE kind = ? AND record_id = ? AND field = ? AND hlc = ?"
  )
  immediate(db, () => {
    for (const e of [...accepted.flatMap((o) => o.entries), ...gone])
      forget.run(e.kind, e.record_id, e.field, e.hlc)
    for (const o of refused)
      for (const e of o.entries) refuse.run(o.reason, e.kind, e.record_id, e.field, e.hlc)
  })
  return {
    sent,
    accepted: accepted.length,
    refused: refused.map((o) => ({ kind: o.shape.table, id: o.id, reason: o.reason }))
  }
}
