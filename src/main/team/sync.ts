// A member's copy of a team archive kept in step with the server: sync once, or watch (LISTEN/NOTIFY) and sync live.

import type pg from 'pg'
import { ArchiveError } from '../../shared/errors'
import type { TeamAddress, TeamMember, TeamRole, TeamStatus } from '../../shared/team'
import type { Archive } from '../archive/archive'
import { immediate } from '../archive/db'
import { setSyncState, syncState } from '../archive/outbox'
import { listRevisions } from '../archive/revisions'
import { whoAmI } from './admin'
import { connectTeam, connectionError, formatAddress, parseTeamUrl } from './connection'
import { pull, type PullResult } from './pull'
import { push, type PushResult } from './push'
import { Applier } from './apply'
import { handIn, localBlind, setBlind } from './blind'
import { CHANNEL, TEAM_SCHEMA } from './schema'
import { q, shapes, type Shape } from './shapes'
import type { ServerRow } from './wire'

/** What one sync did. */
export interface SyncReport {
  pushed: number
  refused: PushResult['refused']
  pulled: number
  skipped: PullResult['skipped']
}

/** Errors that mean the server is out of reach for now (retry later), not that the request was wrong. */
function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08003',
      '08001'
    ].includes(e.code ?? '') ||
    /Connection terminated|not queryable|Client was closed/i.test(e.message ?? '')
  )
}

/** The team address this copy syncs with, from its sync state. */
export function teamAddress(archive: Archive): TeamAddress {
  const url = syncState(archive.database, 'team.url')
  if (!url)
    throw new ArchiveError(
      'NOT_FOUND',
      'This archive is not a copy of a team archive (see `team join`).'
    )
  return parseTeamUrl(url).address
}

export class TeamSync {
  private client: pg.Client | null = null
  private running: Promise<SyncReport> | null = null
  private again = false
  private state: TeamStatus['state'] = 'synced'
  private error: string | null = null

  constructor(
    private readonly archive: Archive,
    /** The member's password (the app's keychain); else PGPASSWORD or ~/.pgpass. */
    private readonly password?: string,
    /** Told what a sync is doing, a line at a time (the CLI prints these on stderr). */
    private readonly progress: (line: string) => void = () => {}
  ) {}

  private get me(): TeamMember {
    const db = this.archive.database
    return {
      name: syncState(db, 'team.member') as string,
      role: (syncState(db, 'team.role') ?? 'viewer') as TeamRole,
      user: teamAddress(this.archive).user
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client
    const address = teamAddress(this.archive)
    let client: pg.Client
    try {
      client = await connectTeam(address, this.password)
    } catch (error) {
      if (/does not let .* in/.test((error as Error).message))
        this.refuseAll('You are no longer a member of this team archive.')
      throw error
    }
    try {
      const me = await whoAmI(client)
      if (me.name !== this.me.name) {
        throw new ArchiveError(
          'CONFLICT',
          `This copy is ${this.me.name}'s, but ${address.user} is ${me.name}.`
        )
      }
      // The role may have changed on the server since the copy was made.
      if (me.role !== this.me.role) setSyncState(this.archive.database, 'team.role', me.role)
    } catch (error) {
      await client.end().catch(() => {})
      if ((error as ArchiveError).code === 'NOT_FOUND')
        this.refuseAll('You are no longer a member of this team archive.')
      throw error
    }
    client.on('end', () => {
      if (this.client === client) this.client = null
    })
    this.client = client
    return client
  }

  /** Marks every waiting change refused (the member was removed): kept, shown, never sent. */
  private refuseAll(reason: string): void {
    const db = this.archive.database
    immediate(db, () =>
      db
        .prepare("UPDATE sync_outbox SET state = 'refused', reason = ? WHERE state = 'pending'")
        .run(reason)
    )
  }

  /**
   * Sends what waits here, then applies what is new there (and sends again what the pull made this
   * member re-anchor). Calls made while one runs share it and run once more after it.
   */
  async sync(): Promise<SyncReport> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.state = 'syncing'
    this.running = this.run()
    try {
      return await this.running
    } finally {
      this.running = null
      if (this.again) {
        this.again = false
        void this.sync().catch(() => {})
      }
    }
  }

  private async run(): Promise<SyncReport> {
    const db = this.archive.database
    try {
      const client = await this.connection()
      const me = this.me
      this.progress('Sending changes…')
      const first = await push(db, client, me)
      this.progress(`Sent ${first.accepted}; receiving…`)
      const pulled = await pull(this.archive, client, me, first.sent)
      this.progress(`Received ${pulled.applied}.`)
      const second = await push(db, client, me)
      this.state = 'synced'
      this.error = null
      setSyncState(db, 'sync.last', new Date().toISOString())
      return {
        pushed: first.accepted + second.accepted,
        refused: [...first.refused, ...second.refused],
        pulled: pulled.applied,
        skipped: pulled.skipped
      }
    } catch (error) {
      const lost = isConnectionLost(error) || (error as ArchiveError).code === 'UNAVAILABLE'
      this.state = lost ? 'offline' : 'synced'
      const failure =
        error instanceof ArchiveError
          ? error
          : lost
            ? connectionError(teamAddress(this.archive), error)
            : error
      this.error = (failure as Error).message
      if (this.client && lost) {
        void this.client.end().catch(() => {})
        this.client = null
      }
      throw failure
    }
  }

  /**
   * Gives up the changes the server refused: each such record is put back as the server has it
   * (or removed, if it was made here and never accepted). Returns how many records.
   */
  async discardRefused(): Promise<number> {
    const db = this.archive.database
    const refused = db
      .prepare("SELECT DISTINCT kind, record_id FROM sync_outbox WHERE state = 'refused'")
      .all() as { kind: string; record_id: string }[]
    if (refused.length === 0) return 0
    const client = await this.connection()
    const fetched = new Map<Shape, ServerRow[]>()
    for (const shape of shapes()) {
      const ids = refused.filter((r) => r.kind === shape.table).map((r) => r.record_id)
      if (ids.length === 0) continue
      const rows = await client.query(
        `SELECT * FROM ${TEAM_SCHEMA}.${q(shape.table)} WHERE ${q(shape.key)} = ANY($1)`,
        [ids]
      )
      fetched.set(shape, rows.rows as ServerRow[])
    }
    this.archive.fromServer(() => {
      db.prepare("DELETE FROM sync_outbox WHERE state = 'refused'").run()
      const applier = new Applier(db, (fn) => this.archive.capture(true, fn))
      for (const shape of shapes()) {
        const rows = fetched.get(shape) ?? []
        for (const row of rows) applier.apply(shape, row)
        const known = new Set(rows.map((r) => String(r[shape.key])))
        for (const r of refused)
          if (r.kind === shape.table && !known.has(r.record_id))
            db.prepare(`DELETE FROM ${q(shape.table)} WHERE ${q(shape.key)} = ?`).run(r.record_id)
      }
      applier.finishSources()
    })
    this.archive.noteChanges(null)
    return refused.length
  }

  /**
   * Marks sources to be coded independently, or no longer (an owner; on the server at once), then
   * syncs so this copy knows. Refused: nothing changed here or there.
   */
  async setBlind(sourceIds: string[], on: boolean): Promise<SyncReport> {
    this.knownSources(sourceIds)
    await setBlind(await this.connection(), this.me, sourceIds, on)
    await this.running?.catch(() => {})
    return this.sync()
  }

  /** Hands in this member's coding of a source coded independently, then brings in the others'. */
  async handIn(sourceId: string): Promise<SyncReport> {
    this.knownSources([sourceId])
    await handIn(await this.connection(), this.me, sourceId)
    await this.running?.catch(() => {})
    return this.sync()
  }

  private knownSources(ids: string[]): void {
    const has = this.archive.database.prepare('SELECT 1 FROM sources WHERE id = ?')
    const missing = ids.find((id) => !has.get(id))
    if (missing !== undefined) throw new ArchiveError('NOT_FOUND', `There is no source ${missing}.`)
  }

  /** How this copy stands: waiting and refused changes, conflicting revisions, the last sync. */
  status(): TeamStatus {
    const db = this.archive.database
    const me = this.me
    const pending = db
      .prepare(
        "SELECT count(*) FROM (SELECT DISTINCT kind, record_id FROM sync_outbox WHERE state = 'pending')"
      )
      .pluck()
      .get() as number
    const refused = db
      .prepare(
        "SELECT kind, record_id AS id, max(reason) AS reason FROM sync_outbox WHERE state = 'refused' GROUP BY kind, record_id"
      )
      .all() as TeamStatus['refused']
    const forked = db
      .prepare(
        'SELECT DISTINCT source_id FROM revisions GROUP BY source_id, parent HAVING count(*) > 1'
      )
      .pluck()
      .all() as string[]
    const conflicts = forked.flatMap((sourceId) => {
      const title = db
        .prepare('SELECT title FROM sources WHERE id = ?')
        .pluck()
        .get(sourceId) as string
      return listRevisions(db, sourceId)
        .filter((r) => r.conflict)
        .map((r) => ({ sourceId, title, revision: r.n, by: r.createdBy }))
    })
    return {
      url: formatAddress(teamAddress(this.archive)),
      member: me.name,
      role: me.role,
      state: this.state,
      pending,
      refused,
      conflicts,
      lastSync: syncState(db, 'sync.last'),
      error: this.error,
      blind: localBlind(db)
    }
  }

  /**
   * Keeps syncing until stopped: LISTEN brings the server's news, this session's own writes and
   * other processes' (another Parallax on the same file) are sent shortly after they commit, and a
   * lost server is tried again with growing pauses. Resolves its stop function once listening.
   */
  async watch(onReport?: (report: SyncReport | Error) => void): Promise<() => Promise<void>> {
    let stopped = false
    let listener: pg.Client | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let retry = 1000
    const run = (): void => {
      this.sync().then(
        (r) => onReport?.(r),
        (e: Error) => onReport?.(e)
      )
    }
    const soon = (ms = 25): void => {
      if (stopped) return
      clearTimeout(timer)
      timer = setTimeout(run, ms)
    }
    const listen = async (): Promise<void> => {
      while (!stopped) {
        try {
          const client = await connectTeam(teamAddress(this.archive), this.password)
          listener = client
          client.on('notification', () => soon())
          client.on('end', () => {
            if (!stopped && listener === client) {
              listener = null
              this.state = 'offline'
              setTimeout(() => void listen(), retry)
            }
          })
          await client.query(`LISTEN ${CHANNEL}`)
          retry = 1000
          soon(0)
          return
        } catch (error) {
          this.state = 'offline'
          this.error = (error as Error).message
          onReport?.(error as Error)
          await new Promise((wake) => setTimeout(wake, retry))
          retry = Math.min(30_000, retry * 2)
        }
      }
    }
    const unsubscribe = this.archive.onWrite(() => soon())
    // Writes by other processes on the same file (a script beside the app).
    let version = (await this.archive.watchChanges(-1)).version
    const elsewhere = async (): Promise<void> => {
      while (!stopped) {
        const change = await this.archive.watchChanges(version, 1000).catch(() => null)
        if (!change || stopped) return
        if (change.version !== version && change.sourceIds === null) soon()
        version = change.version
      }
    }
    await listen()
    void elsewhere()
    return async () => {
      stopped = true
      clearTimeout(timer)
      unsubscribe()
      await listener?.end().catch(() => {})
      await this.running?.catch(() => {})
    }
  }

  async close(): Promise<void> {
    await this.running?.catch(() => {})
    await this.client?.end().catch(() => {})
    this.client = null
  }
}
