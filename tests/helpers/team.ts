// Test helper: a team database with members in a throwaway cluster, member copies, and canonical dumps to compare.

import { appendFileSync, chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { expect } from 'vitest'
import { Archive } from '../../src/main/archive/archive'
import { addMember, initTeam } from '../../src/main/team/admin'
import { TEAM_SCHEMA } from '../../src/main/team/schema'
import { q, shapes } from '../../src/main/team/shapes'
import { joinTeam, shareArchive } from '../../src/main/team/share'
import { TeamSync } from '../../src/main/team/sync'
import { readLocal } from '../../src/main/team/wire'
import type { TeamRole } from '../../src/shared/team'
import { RESOURCES, tempDir } from './archive'
import { freshDatabase, type Cluster } from './postgres'

export interface Team {
  database: string
  /** The administrator's address (the cluster's superuser). */
  adminUrl: string
  /** Each member's address, with their password in it (tests only: the app never stores one). */
  urls: Record<string, string>
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

let pgpassFile: string | undefined

/**
 * Gives the member's password to every sync of this test process the way a person would: a line
 * in a ~/.pgpass file (PGPASSFILE), which the copies' syncs read as they would read the real one.
 */
function rememberPassword(port: number, database: string, user: string, password: string): void {
  if (!pgpassFile) {
    // Lives as long as the test file: its later tests sync with it too.
    pgpassFile = join(tempDir('parallax-pgpass-', 'file'), 'pgpass')
    writeFileSync(pgpassFile, '')
    chmodSync(pgpassFile, 0o600)
    process.env.PGPASSFILE = pgpassFile
  }
  appendFileSync(pgpassFile, `127.0.0.1:${port}:${database}:${user}:${password}\n`)
}

/** A new team database with the given members (name → role). */
export async function makeTeam(cluster: Cluster, members: Record<string, TeamRole>): Promise<Team> {
  const database = await freshDatabase(cluster)
  const adminUrl = cluster.url(database)
  const urls: Record<string, string> = {}
  await withClient(adminUrl, async (client) => {
    await initTeam(client, 'Baku 1918')
    for (const [name, role] of Object.entries(members)) {
      const m = await addMember(client, name, role)
      urls[name] =
        `postgres://${m.user}:${encodeURIComponent(m.password as string)}@127.0.0.1:${cluster.port}/${database}?sslmode=disable`
      rememberPassword(cluster.port, database, m.user, m.password as string)
    }
  })
  return { database, adminUrl, urls }
}

/** The owner shares a new sample archive; returns it (still open). */
export async function shareSample(team: Team, owner: string): Promise<Archive> {
  const archive = Archive.open({
    path: join(tempDir(), 'owner.parallax'),
    resourcesDir: RESOURCES,
    withSample: true
  })
  await shareArchive(archive, team.urls[owner])
  return archive
}

/** A member's new copy of the team archive. */
export async function joinAs(team: Team, member: string): Promise<Archive> {
  const { archive } = await joinTeam(team.urls[member], {
    archivePath: join(tempDir(), `${member}.parallax`),
    resourcesDir: RESOURCES
  })
  return archive
}

/** Syncs a copy once (push, pull, push). */
export async function sync(archive: Archive): Promise<void> {
  const s = new TeamSync(archive)
  try {
    await s.sync()
  } finally {
    await s.close()
  }
}

/** Every shared record of a copy, in server terms, sorted: two copies that agree dump the same. */
export function dumpCopy(archive: Archive): Record<string, string[]> {
  const db = archive.database
  const out: Record<string, string[]> = {}
  for (const shape of shapes()) {
    const ids = db
      .prepare(`SELECT ${q(shape.key)} FROM ${q(shape.table)}`)
      .pluck()
      .all() as string[]
    out[shape.table] = ids.map((id) => JSON.stringify(readLocal(db, shape, id))).sort()
  }
  return out
}

/** The same dump of what the server holds (records not deleted). */
export async function dumpServer(team: Team): Promise<Record<string, string[]>> {
  return withClient(team.adminUrl, async (client) => {
    const out: Record<string, string[]> = {}
    for (const shape of shapes()) {
      const rows = (
        await client.query(`SELECT * FROM ${TEAM_SCHEMA}.${q(shape.table)} WHERE NOT deleted`)
      ).rows
      out[shape.table] = rows
        .map((r: Record<string, unknown>) => {
          const o: Record<string, unknown> = {}
          for (const c of shape.columns) {
            const v = r[c.server]
            o[c.server] =
              c.type === 'bigint' && v !== null
                ? Number(v)
                : c.type === 'jsonb' && Array.isArray(v)
                  ? [...v].sort()
                  : v
          }
          return JSON.stringify(o)
        })
        .sort()
    }
    return out
  })
}

/** Every copy holds what the server holds. */
export async function expectConverged(team: Team, copies: Archive[]): Promise<void> {
  const server = await dumpServer(team)
  for (const copy of copies) expect(dumpCopy(copy)).toEqual(server)
}

export { withClient }
