// Setting up a team database and its members: what the administrator does with `team init` and `team add-member`.

import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import type pg from 'pg'
import { ArchiveError, invalid } from '../../shared/errors'
import { TEAM_ROLES, type TeamMember, type TeamRole } from '../../shared/team'
import { checkAuthorName } from '../archive/authors'
import { SCHEMA_VERSION } from '../archive/db'
import { TEAM_FORMAT, TEAM_SCHEMA, groupRoles, initSql, rolePrefix } from './schema'
import { q } from './shapes'

const s = TEAM_SCHEMA

/** What the team database says about itself; refuses one that is not a team archive or is too new. */
export async function teamInfo(client: pg.Client): Promise<Record<string, string>> {
  let rows: { key: string; value: string }[]
  try {
    rows = (await client.query(`SELECT key, value FROM ${s}.info`)).rows
  } catch (error) {
    if (
      (error as { code?: string }).code === '42P01' ||
      (error as { code?: string }).code === '3F000'
    )
      throw new ArchiveError(
        'NOT_AN_ARCHIVE',
        'This database is not a Parallax team archive (it has no parallax schema); an administrator prepares it with `team init`.'
      )
    throw error
  }
  const info = Object.fromEntries(rows.map((r) => [r.key, r.value]))
  if (Number(info.format) > TEAM_FORMAT || Number(info.schema) > SCHEMA_VERSION) {
    throw new ArchiveError(
      'NEWER_ARCHIVE',
      `This team archive was made by a newer version of Parallax (team format ${info.format}, schema ${info.schema}); update Parallax to use it.`
    )
  }
  return info
}

/** Creates the team schema, the group roles and their policies in an empty database. */
export async function initTeam(client: pg.Client, name: string): Promise<{ prefix: string }> {
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [s])
  if (exists.rowCount) {
    throw new ArchiveError(
      'CONFLICT',
      `This database already holds a team archive ("${(await teamInfo(client)).name ?? ''}").`
    )
  }
  const database = (await client.query('SELECT current_database() AS db')).rows[0].db as string
  const prefix = rolePrefix(database)
  try {
    await client.query('BEGIN')
    await client.query(initSql(prefix, name))
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    if ((error as { code?: string }).code === '42501')
      throw new ArchiveError(
        'CONFLICT',
        'Preparing a team archive needs a PostgreSQL user that may create roles and schemas (the database owner with CREATEROLE).'
      )
    throw error
  }
  return { prefix }
}

/**
 * A PostgreSQL user name for a member: the team's prefix, "m" (so no member is named like the
 * team's group roles), and the name in plain letters.
 */
function userFor(prefix: string, name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return `${prefix}_m_${plain || 'member'}`.slice(0, 63)
}

/**
 * A SCRAM-SHA-256 verifier for a password, computed here, so the password itself never travels
 * to the server in a statement (where a statement log could keep it), as psql's \password does.
 */
function scramVerifier(password: string): string {
  const salt = randomBytes(16)
  const iterations = 4096
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256')
  const hmac = (key: Buffer, text: string): Buffer =>
    createHmac('sha256', key).update(text).digest()
  const stored = createHash('sha256').update(hmac(salted, 'Client Key')).digest()
  const server = hmac(salted, 'Server Key')
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${stored.toString('base64')}:${server.toString('base64')}`
}

export interface NewMember extends TeamMember {
  /** The generated password, shown once (null when the caller gave one). */
  password: string | null
}

/** Adds a member: a PostgreSQL user in the group of their role, and the name their changes carry. */
export async function addMember(
  client: pg.Client,
  rawName: string,
  rawRole: string,
  options: { user?: string; password?: string } = {}
): Promise<NewMember> {
  const name = checkAuthorName(rawName)
  if (!TEAM_ROLES.includes(rawRole as TeamRole))
    throw invalid(`--role must be one of ${TEAM_ROLES.join(', ')}.`)
  const role = rawRole as TeamRole
  const info = await teamInfo(client)
  const groups = groupRoles(info.prefix)
  const user = options.user ?? userFor(info.prefix, name)
  if (Object.values(groups).includes(user))
    throw invalid(`"${user}" is one of the team's group roles.`)
  if (!/^[A-Za-z_][A-Za-z0-9_$.-]{0,62}$/.test(user))
    throw invalid(`"${user}" cannot be a PostgreSQL user name.`)
  const taken = await client.query(
    `SELECT name FROM ${s}.members WHERE name = $1 OR pg_user = $2`,
    [name, user]
  )
  if (taken.rowCount)
    throw new ArchiveError(
      'CONFLICT',
      `There is already a member named ${name} (or using ${user}).`
    )
  const password = options.password ?? randomBytes(18).toString('base64url')
  const verifier = scramVerifier(password)
  try {
    await client.query('BEGIN')
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user])
    await client.query(
      `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${q(user)} LOGIN PASSWORD ${client.escapeLiteral(verifier)}`
    )
    for (const group of Object.values(groups))
      await client.query(`REVOKE ${q(group)} FROM ${q(user)}`)
    await client.query(`GRANT ${q(groups[role])} TO ${q(user)}`)
    await client.query(`INSERT INTO ${s}.members (name, pg_user, role) VALUES ($1, $2, $3)`, [
      name,
      user,
      role
    ])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    if ((error as { code?: string }).code === '42501')
      throw new ArchiveError(
        'CONFLICT',
        'Adding members needs the PostgreSQL user that prepared the team archive (one that may create roles).'
      )
    throw error
  }
  return { name, role, user, password: options.password ? null : password }
}

/**
 * Removes a member: their user can no longer log in, and their open connections are closed. Their
 * annotations stay; changes they still had waiting are refused when their copy next syncs.
 */
export async function removeMember(client: pg.Client, rawName: string): Promise<TeamMember> {
  const name = checkAuthorName(rawName)
  const row = (
    await client.query(
      `SELECT name, role, pg_user FROM ${s}.members WHERE name = $1 AND removed IS NULL`,
      [name]
    )
  ).rows[0] as { name: string; role: TeamRole; pg_user: string } | undefined
  if (!row) throw new ArchiveError('NOT_FOUND', `There is no member named ${name}.`)
  const groups = groupRoles((await teamInfo(client)).prefix)
  await client.query('BEGIN')
  try {
    await client.query(`UPDATE ${s}.members SET removed = now() WHERE name = $1`, [name])
    for (const group of Object.values(groups))
      await client.query(`REVOKE ${q(group)} FROM ${q(row.pg_user)}`)
    await client.query(`ALTER ROLE ${q(row.pg_user)} NOLOGIN`)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
  await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
    row.pg_user
  ])
  return { name: row.name, role: row.role, user: row.pg_user }
}

export async function listMembers(client: pg.Client): Promise<TeamMember[]> {
  const rows = (
    await client.query(
      `SELECT name, role, pg_user FROM ${s}.members WHERE removed IS NULL ORDER BY name`
    )
  ).rows as { name: string; role: TeamRole; pg_user: string }[]
  return rows.map((r) => ({ name: r.name, role: r.role, user: r.pg_user }))
}

/** The member the connected user is, or a clear refusal. */
export async function whoAmI(client: pg.Client): Promise<TeamMember> {
  await teamInfo(client)
  const row = (
    await client.query(
      `SELECT name, role, pg_user FROM ${s}.members WHERE pg_user = current_user AND removed IS NULL`
    )
  ).rows[0] as { name: string; role: TeamRole; pg_user: string } | undefined
  if (!row) {
    const user = (await client.query('SELECT current_user AS u')).rows[0].u as string
    throw new ArchiveError('NOT_FOUND', `${user} is not a member of this team archive.`)
  }
  return { name: row.name, role: row.role, user: row.pg_user }
}
