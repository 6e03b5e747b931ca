// Sharing an archive into a team database, and joining one as a new local copy.

import { existsSync, rmSync, statSync } from 'node:fs'
import { ArchiveError } from '../../shared/errors'
import type { TeamMember } from '../../shared/team'
import { Archive } from '../archive/archive'
import { SIGNED_TABLES, ownerName } from '../archive/authors'
import { immediate } from '../archive/db'
import { WHOLE, isTeamCopy, setSyncState } from '../archive/outbox'
import { teamInfo, whoAmI } from './admin'
import { connectTeam, formatAddress, parseTeamUrl } from './connection'
import { TEAM_SCHEMA } from './schema'
import { q, shapes } from './shapes'
import { TeamSync, type SyncReport } from './sync'

/** Records this copy as `me`'s copy of the team archive at `url` (no password kept). */
function becomeCopy(archive: Archive, url: string, me: TeamMember): void {
  const db = archive.database
  setSyncState(db, 'team.url', url)
  setSyncState(db, 'team.member', me.name)
  setSyncState(db, 'team.role', me.role)
  setSyncState(db, 'feed.seq', '0')
  archive.joinedTeam()
}

/**
 * Publishes this archive into an initialised, empty team database, as its owner. The records the
 * archive's owner made are signed with the member's name; everything is then sent in one server
 * transaction. If the connection breaks while sending, the archive stays a team copy with its
 * changes waiting: `sync` finishes the job.
 */
export async function shareArchive(
  archive: Archive,
  rawUrl: string,
  password?: string
): Promise<{ member: TeamMember; report: SyncReport }> {
  const db = archive.database
  if (isTeamCopy(db))
    throw new ArchiveError('CONFLICT', 'This archive is already a copy of a team archive.')
  const { address, password: inUrl } = parseTeamUrl(rawUrl)
  const client = await connectTeam(address, password ?? inUrl)
  let me: TeamMember
  try {
    me = await whoAmI(client)
    if (me.role !== 'owner')
      throw new ArchiveError(
        'CONFLICT',
        `Only an owner can share an archive into a team archive; ${me.name} is ${me.role}.`
      )
    const taken = await client.query(`SELECT 1 FROM ${TEAM_SCHEMA}.sources LIMIT 1`)
    if (taken.rowCount)
      throw new ArchiveError(
        'CONFLICT',
        'This team archive already holds sources: join it instead of sharing into it.'
      )
  } finally {
    await client.end().catch(() => {})
  }
  const owner = ownerName(db)
  immediate(db, () => {
    for (const { table, modified } of SIGNED_TABLES) {
      db.prepare(`UPDATE ${table} SET created_by = ? WHERE created_by = ?`).run(me.name, owner)
      if (modified)
        db.prepare(`UPDATE ${table} SET modified_by = ? WHERE modified_by = ?`).run(me.name, owner)
    }
    becomeCopy(archive, formatAddress(address), me)
    const clock = archive.teamClock?.tick() as string
    const mark = db.prepare(
      `INSERT OR REPLACE INTO sync_outbox (kind, record_id, field, hlc) VALUES (?, ?, '${WHOLE}', ?)`
    )
    for (const shape of shapes()) {
      const ids = db
        .prepare(`SELECT ${q(shape.key)} FROM ${q(shape.table)}`)
        .pluck()
        .all() as string[]
      for (const id of ids) mark.run(shape.table, id, clock)
    }
  })
  const sync = new TeamSync(archive, password ?? inUrl)
  try {
    return { member: me, report: await sync.sync() }
  } finally {
    await sync.close()
  }
}

/**
 * Makes a new local copy of a team archive at `archivePath` for the member the address's user
 * is, and pulls everything into it in one transaction. A failure removes the file it made.
 */
export async function joinTeam(
  rawUrl: string,
  options: { as?: string; archivePath: string; resourcesDir: string; password?: string }
): Promise<{ archive: Archive; member: TeamMember; report: SyncReport }> {
  const { address, password: inUrl } = parseTeamUrl(rawUrl)
  if (existsSync(options.archivePath) && statSync(options.archivePath).size > 0)
    throw new ArchiveError(
      'CONFLICT',
      `${options.archivePath} already exists; choose a new file for the copy.`
    )
  const client = await connectTeam(address, options.password ?? inUrl)
  let me: TeamMember
  let name: string
  try {
    name = (await teamInfo(client)).name ?? ''
    me = await whoAmI(client)
  } finally {
    await client.end().catch(() => {})
  }
  if (options.as !== undefined && options.as !== me.name)
    throw new ArchiveError(
      'CONFLICT',
      `${address.user} is the member ${me.name}, not ${options.as}.`
    )
  const archive = Archive.open({ path: options.archivePath, resourcesDir: options.resourcesDir })
  const sync = new TeamSync(archive, options.password ?? inUrl)
  try {
    immediate(archive.database, () => {
      becomeCopy(archive, formatAddress(address), me)
      if (name) void archive.setSetting('archive.name', name)
    })
    return { archive, member: me, report: await sync.sync() }
  } catch (error) {
    archive.close()
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${options.archivePath}${suffix}`, { force: true })
    throw error
  } finally {
    await sync.close()
  }
}
