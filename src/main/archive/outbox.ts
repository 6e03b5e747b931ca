// Change capture for team archives: every change to a synced record enters the outbox in the same transaction,
// stamped with a hybrid logical clock. The team sync (src/main/team) sends it; the core only records it.

import type { Db } from './db'

/** A record kind that team archives share: its table, the column that names a record everywhere, and more. */
export interface SyncKind {
  table: string
  /** The column whose value is the record's id in every copy (revisions: uid, not the local number). */
  key: string
  /** Columns that stay in this copy: the local revision number. */
  local: string[]
  /**
   * A condition on OLD that holds when a row is deleted by itself, not as the cascade of its
   * parent's deletion (the server removes the children of a deleted parent itself).
   */
  deletedAlone?: string
}

/** The kinds in the order parents come first; annotation tags travel as the annotation's field "tags". */
export const SYNC_KINDS: readonly SyncKind[] = [
  { table: 'relations', key: 'id', local: [] },
  { table: 'tags', key: 'id', local: [] },
  { table: 'sources', key: 'id', local: [] },
  {
    table: 'revisions',
    key: 'uid',
    local: ['n'],
    deletedAlone: 'EXISTS (SELECT 1 FROM main.sources WHERE id = OLD.source_id)'
  },
  {
    table: 'annotations',
    key: 'id',
    local: [],
    deletedAlone: 'EXISTS (SELECT 1 FROM main.sources WHERE id = OLD.source_id)'
  },
  {
    table: 'links',
    key: 'id',
    local: [],
    deletedAlone: `EXISTS (SELECT 1 FROM main.annotations WHERE id = OLD.from_id)
      AND EXISTS (SELECT 1 FROM main.annotations WHERE id = OLD.to_id)`
  },
  { table: 'variant_sets', key: 'id', local: [] },
  { table: 'handout_sets', key: 'id', local: [] }
]

/** The outbox field of a whole record made here, and of a record removed here. */
export const WHOLE = '*'
export const DELETED = '_deleted'
/** The annotation field that holds its tags (rows of annotation_tags here). */
export const TAGS_FIELD = 'tags'

/**
 * A hybrid logical clock (wall time, a counter, the member): it never goes back, even when the
 * wall clock does, and it moves past every clock seen from others, so changes order the same in
 * every copy even with skewed clocks. As text, clocks compare in time order.
 */
export class HybridClock {
  private wall = 0
  private counter = 0

  constructor(
    private readonly member: () => string,
    private readonly now: () => number = () => Date.now()
  ) {}

  /** A new clock value, later than any made or seen before. */
  tick(): string {
    const now = this.now()
    if (now > this.wall) {
      this.wall = now
      this.counter = 0
    } else this.counter++
    return formatClock(this.wall, this.counter, this.member())
  }

  /** Moves past a clock seen elsewhere (a pulled change, or one stored before a restart). */
  observe(clock: string): void {
    const parsed = parseClock(clock)
    if (!parsed) return
    if (parsed.wall > this.wall || (parsed.wall === this.wall && parsed.counter > this.counter)) {
      this.wall = parsed.wall
      this.counter = parsed.counter
    }
  }
}

/** Fixed-width digits, so that text order is time order: "001733470000123.00001.Leyla". */
export function formatClock(wall: number, counter: number, member: string): string {
  return `${String(wall).padStart(15, '0')}.${String(counter).padStart(5, '0')}.${member}`
}

export function parseClock(
  clock: string
): { wall: number; counter: number; member: string } | null {
  const m = /^(\d{15})\.(\d{5})\.(.*)$/s.exec(clock)
  return m ? { wall: Number(m[1]), counter: Number(m[2]), member: m[3] } : null
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/**
 * Installs the capture triggers (temporary, on this connection, as undo's are) and the SQL
 * functions they call: px_hlc() stamps each change, px_capture() turns capture off while a pull
 * writes the server's changes.
 */
export function captureChanges(db: Db, clock: HybridClock, capturing: () => boolean): void {
  db.function('px_hlc', { deterministic: false }, () => clock.tick())
  db.function('px_capture', { deterministic: false }, () => (capturing() ? 1 : 0))
  const put = (kind: string, id: string, field: string): string =>
    `INSERT OR REPLACE INTO main.sync_outbox (kind, record_id, field, hlc, state, reason)
     VALUES ('${kind}', ${id}, ${field}, px_hlc(), 'pending', '');`
  for (const k of SYNC_KINDS) {
    const t = ident(k.table)
    const columns = (
      db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(k.table) as string[]
    ).filter((c) => c !== k.key && !k.local.includes(c))
    const key = (row: 'OLD' | 'NEW'): string => `${row}.${ident(k.key)}`
    const changed = columns
      .map(
        (c) =>
          `INSERT OR REPLACE INTO main.sync_outbox (kind, record_id, field, hlc, state, reason)
           SELECT '${k.table}', NEW.${ident(k.key)}, '${c}', px_hlc(), 'pending', ''
           WHERE OLD.${ident(c)} IS NOT NEW.${ident(c)};`
      )
      .join('\n')
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS sync_${k.table}_ins AFTER INSERT ON main.${t}
        WHEN px_capture() BEGIN ${put(k.table, key('NEW'), `'${WHOLE}'`)} END;
      CREATE TEMP TRIGGER IF NOT EXISTS sync_${k.table}_upd AFTER UPDATE ON main.${t}
        WHEN px_capture() BEGIN ${changed} END;
      CREATE TEMP TRIGGER IF NOT EXISTS sync_${k.table}_del AFTER DELETE ON main.${t}
        WHEN px_capture() ${k.deletedAlone ? `AND ${k.deletedAlone}` : ''} BEGIN
        ${put(k.table, key('OLD'), `'${DELETED}'`)}
      END;`)
  }
  // An annotation's tags are one field of the annotation; a tag's own deletion is the server's to cascade.
  const tagsOf = (row: 'OLD' | 'NEW'): string =>
    put('annotations', `${row}.annotation_id`, `'${TAGS_FIELD}'`)
  db.exec(`
    CREATE TEMP TRIGGER IF NOT EXISTS sync_annotation_tags_ins AFTER INSERT ON main.annotation_tags
      WHEN px_capture() BEGIN ${tagsOf('NEW')} END;
    CREATE TEMP TRIGGER IF NOT EXISTS sync_annotation_tags_del AFTER DELETE ON main.annotation_tags
      WHEN px_capture() AND EXISTS (SELECT 1 FROM main.annotations WHERE id = OLD.annotation_id)
        AND EXISTS (SELECT 1 FROM main.tags WHERE id = OLD.tag_id) BEGIN ${tagsOf('OLD')} END;`)
}

/** Reads a value of sync_state. */
export function syncState(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(key) as
    string | undefined
  return row ?? null
}

export function setSyncState(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)').run(key, value)
}

/** Whether this archive is a member's copy of a team archive. */
export function isTeamCopy(db: Db): boolean {
  return syncState(db, 'team.member') !== null
}

/** The highest clock this copy has made or seen (kept across restarts). */
export function lastClock(db: Db): string {
  const stored = syncState(db, 'clock') ?? ''
  const pending =
    (db.prepare('SELECT max(hlc) FROM sync_outbox').pluck().get() as string | null) ?? ''
  return stored > pending ? stored : pending
}
