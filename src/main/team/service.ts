// The team half of the contract for the app and serve mode: status, share, join, sync now; live sync in the background.

import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { API_METHODS, type ArchiveApi, type RecoveryApi, type TeamApi } from '../../shared/api'
import { ArchiveError, invalid } from '../../shared/errors'
import {
  SSL_MODES,
  type TeamAddress,
  type TeamConnection,
  type TeamMember,
  type TeamStatus
} from '../../shared/team'
import type { Archive } from '../archive/archive'
import { isTeamCopy, syncState } from '../archive/outbox'
import { isRecord } from '../archive/validate'
import { teamInfo, whoAmI } from './admin'
import { connectTeam, formatAddress } from './connection'
import { joinTeam, shareArchive } from './share'
import { TeamSync } from './sync'

/** Where the desktop app keeps members' passwords: the system keychain, never the archive. */
export interface Secrets {
  get(url: string): string | undefined
  set(url: string, password: string): void
}

export interface TeamHooks {
  secrets?: Secrets
  /** The folder new copies go in (the app's user-data folder). */
  copiesDir: string
  /** Opens a copy just made, in place of the archive open now (the desktop app only). */
  openCopy?: (path: string) => Promise<void>
}

/** Checks the connection fields a dialog sends. */
function checkConnection(raw: unknown): { address: TeamAddress; password?: string } {
  if (!isRecord(raw))
    throw invalid('A team connection is { host, port, database, user, sslmode, password }.')
  const text = (key: string): string => {
    const v = raw[key]
    if (typeof v !== 'string' || !v.trim() || v.length > 300)
      throw invalid(`The ${key} is missing.`)
    return v.trim()
  }
  const port = raw.port ?? 5432
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535)
    throw invalid('The port must be a number from 1 to 65535.')
  const sslmode = (raw.sslmode ?? 'prefer') as TeamAddress['sslmode']
  if (!SSL_MODES.includes(sslmode))
    throw invalid(`The SSL mode must be one of ${SSL_MODES.join(', ')}.`)
  const password = raw.password
  if (password !== undefined && typeof password !== 'string')
    throw invalid('The password must be text.')
  return {
    address: {
      host: text('host'),
      port: port as number,
      database: text('database'),
      user: text('user'),
      sslmode
    },
    ...(password ? { password } : {})
  }
}

export class TeamService implements TeamApi {
  private sync: TeamSync | null = null
  private stopWatch: (() => Promise<void>) | null = null
  /** A password given in this session (serve mode has no keychain): kept in memory only. */
  private sessionPassword: string | undefined

  constructor(
    private readonly archive: Archive,
    private readonly hooks: TeamHooks
  ) {}

  private password(): string | undefined {
    const url = syncState(this.archive.database, 'team.url')
    return (url ? this.hooks.secrets?.get(url) : undefined) ?? this.sessionPassword
  }

  /** Starts live sync when the archive is a team copy (in the background: offline is fine). */
  start(): void {
    if (this.sync || !isTeamCopy(this.archive.database)) return
    const sync = new TeamSync(this.archive, this.password())
    this.sync = sync
    void sync.watch().then((stop) => {
      if (this.sync === sync) this.stopWatch = stop
      else void stop()
    })
  }

  async stop(): Promise<void> {
    const [sync, stop] = [this.sync, this.stopWatch]
    this.sync = null
    this.stopWatch = null
    await stop?.()
    await sync?.close()
  }

  async teamStatus(): Promise<TeamStatus | null> {
    if (!isTeamCopy(this.archive.database)) return null
    return (this.sync ?? new TeamSync(this.archive)).status()
  }

  async testTeamConnection(
    connection: TeamConnection
  ): Promise<TeamMember & { archiveName: string }> {
    const { address, password } = checkConnection(connection)
    const client = await connectTeam(address, password)
    try {
      const info = await teamInfo(client)
      return { ...(await whoAmI(client)), archiveName: info.name ?? '' }
    } finally {
      await client.end().catch(() => {})
    }
  }

  async shareToTeam(connection: TeamConnection): Promise<TeamStatus> {
    const { address, password } = checkConnection(connection)
    const url = formatAddress(address)
    await shareArchive(this.archive, url, password)
    if (password) this.hooks.secrets?.set(url, password)
    this.sessionPassword = password
    this.start()
    return (await this.teamStatus()) as TeamStatus
  }

  async joinTeam(connection: TeamConnection): Promise<TeamStatus> {
    const { address, password } = checkConnection(connection)
    if (!this.hooks.openCopy) {
      throw new ArchiveError(
        'CONFLICT',
        'Serve mode serves one archive: make the copy with `npm run cli -- team join URL --archive PATH`, then serve that file.'
      )
    }
    let path = join(this.hooks.copiesDir, `${address.database}.parallax`)
    for (let n = 2; existsSync(path); n++)
      path = join(this.hooks.copiesDir, `${address.database} ${n}.parallax`)
    const url = formatAddress(address)
    const { archive } = await joinTeam(url, {
      archivePath: path,
      resourcesDir: this.archive.resourcesDir,
      password
    })
    const status = new TeamSync(archive).status()
    archive.close()
    if (password) this.hooks.secrets?.set(url, password)
    await this.hooks.openCopy(path)
    return status
  }

  async syncTeam(): Promise<TeamStatus> {
    if (!isTeamCopy(this.archive.database))
      throw new ArchiveError('NOT_FOUND', 'This archive is not a copy of a team archive.')
    this.start()
    await (this.sync as TeamSync).sync()
    return (await this.teamStatus()) as TeamStatus
  }

  async discardRefusedChanges(): Promise<TeamStatus> {
    if (!isTeamCopy(this.archive.database))
      throw new ArchiveError('NOT_FOUND', 'This archive is not a copy of a team archive.')
    this.start()
    await (this.sync as TeamSync).discardRefused()
    return (await this.teamStatus()) as TeamStatus
  }

  async setCodeIndependently(request: { sourceIds: string[]; on: boolean }): Promise<TeamStatus> {
    if (
      !isRecord(request) ||
      !Array.isArray(request.sourceIds) ||
      request.sourceIds.length === 0 ||
      request.sourceIds.length > 10_000 ||
      !request.sourceIds.every((id) => typeof id === 'string' && id !== '') ||
      typeof request.on !== 'boolean'
    )
      throw invalid('Name the sources (sourceIds) and whether to code them independently (on).')
    await this.withSync((s) => s.setBlind([...new Set(request.sourceIds)], request.on))
    return (await this.teamStatus()) as TeamStatus
  }

  async handInCoding(request: { sourceId: string }): Promise<TeamStatus> {
    if (!isRecord(request) || typeof request.sourceId !== 'string' || request.sourceId === '')
      throw invalid('Name the source (sourceId) whose coding to hand in.')
    await this.withSync((s) => s.handIn(request.sourceId))
    return (await this.teamStatus()) as TeamStatus
  }

  /** Runs on the live sync of this team copy, else on one for the call; refuses a personal archive. */
  private async withSync<T>(fn: (sync: TeamSync) => Promise<T>): Promise<T> {
    if (!isTeamCopy(this.archive.database))
      throw new ArchiveError('NOT_FOUND', 'This archive is not a copy of a team archive.')
    if (this.sync) return fn(this.sync)
    const sync = new TeamSync(this.archive, this.password())
    try {
      return await fn(sync)
    } finally {
      await sync.close()
    }
  }
}

const TEAM_METHODS: ReadonlySet<string> = new Set<keyof TeamApi>([
  'teamStatus',
  'testTeamConnection',
  'shareToTeam',
  'joinTeam',
  'syncTeam',
  'discardRefusedChanges',
  'setCodeIndependently',
  'handInCoding'
])

/** Where restoring a backup is not possible (no session to reopen the archive in). */
const noRecovery: RecoveryApi = {
  restoreBackup: () =>
    Promise.reject(
      new ArchiveError('INVALID_ARGUMENT', 'Restoring a backup needs the archive closed first.')
    )
}

/** The whole contract over one archive: the core's methods, the team's, and the session's. */
export function archiveApi(
  archive: Archive,
  team: TeamApi,
  recovery: RecoveryApi = noRecovery
): ArchiveApi {
  return Object.fromEntries(
    API_METHODS.map((m) => {
      const owner = (TEAM_METHODS.has(m)
        ? team
        : m === 'restoreBackup'
          ? recovery
          : archive) as unknown as Record<string, (...a: unknown[]) => unknown>
      return [m, owner[m].bind(owner)]
    })
  ) as unknown as ArchiveApi
}
