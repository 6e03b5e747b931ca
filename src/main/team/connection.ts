// Where a team archive lives and how to reach it: PostgreSQL addresses, passwords from the usual places, clear errors.

import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parse as parseIni } from 'ini'
import pg from 'pg'
import pgpass from 'pgpass'
import { ArchiveError, invalid } from '../../shared/errors'
import { SSL_MODES, type SslMode, type TeamAddress } from '../../shared/team'

/**
 * Reads a team address: a PostgreSQL URL (postgres://user@host:port/database?sslmode=…), or
 * "service=NAME" naming an entry of the PostgreSQL service file. What the address leaves out comes
 * from the usual environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGSSLMODE). A password written
 * into the URL is returned apart, to be used once and never stored or shown.
 */
export function parseTeamUrl(raw: string): { address: TeamAddress; password?: string } {
  const text = raw.trim()
  const env = process.env
  let fields: Record<string, string | undefined> = {}
  const service = /^service=(.+)$/.exec(text)?.[1]
  if (service) fields = serviceEntry(service)
  else if (/^postgres(ql)?:\/\//.test(text)) {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw invalid('That is not a PostgreSQL address (postgres://user@host:port/database).')
    }
    const named = url.searchParams.get('service')
    if (named) fields = serviceEntry(named)
    const pick = (value: string): string | undefined =>
      value ? decodeURIComponent(value) : undefined
    fields = {
      ...fields,
      host: pick(url.hostname.replace(/^\[|\]$/g, '')) ?? fields.host,
      port: pick(url.port) ?? fields.port,
      dbname: pick(url.pathname.replace(/^\//, '')) ?? fields.dbname,
      user: pick(url.username) ?? fields.user,
      password: pick(url.password) ?? fields.password,
      sslmode: url.searchParams.get('sslmode') ?? fields.sslmode
    }
  } else {
    throw invalid(
      'A team archive is named by a PostgreSQL address, such as postgres://leyla@db.school.org/baku, or service=NAME.'
    )
  }
  const sslmode = (fields.sslmode ?? env.PGSSLMODE ?? 'prefer') as SslMode
  if (!SSL_MODES.includes(sslmode))
    throw invalid(`sslmode must be one of ${SSL_MODES.join(', ')}, not "${sslmode}".`)
  const port = Number(fields.port ?? env.PGPORT ?? 5432)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw invalid(`"${fields.port}" is not a port.`)
  const address: TeamAddress = {
    host: fields.host ?? env.PGHOST ?? 'localhost',
    port,
    database: fields.dbname ?? env.PGDATABASE ?? '',
    user: fields.user ?? env.PGUSER ?? '',
    sslmode
  }
  if (!address.database)
    throw invalid('The address names no database (postgres://user@host/DATABASE).')
  if (!address.user) throw invalid('The address names no user (postgres://USER@host/database).')
  return { address, ...(fields.password ? { password: fields.password } : {}) }
}

/** The address as a URL, without any password: safe to store, print and log. */
export function formatAddress(a: TeamAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host
  const ssl = a.sslmode === 'prefer' ? '' : `?sslmode=${a.sslmode}`
  return `postgres://${encodeURIComponent(a.user)}@${host}:${a.port}/${encodeURIComponent(a.database)}${ssl}`
}

function serviceEntry(name: string): Record<string, string> {
  const env = process.env
  const files = [
    env.PGSERVICEFILE,
    join(homedir(), '.pg_service.conf'),
    env.PGSYSCONFDIR && join(env.PGSYSCONFDIR, 'pg_service.conf'),
    '/etc/postgresql-common/pg_service.conf'
  ].filter((f): f is string => !!f)
  for (const file of files) {
    if (!existsSync(file)) continue
    const entry = parseIni(readFileSync(file, 'utf8'))[name] as Record<string, string> | undefined
    if (entry) return entry
  }
  throw invalid(`No PostgreSQL service named "${name}" (looked in ${files.join(', ')}).`)
}

/** The TLS options of node-postgres for a libpq sslmode (prefer is tried with TLS first). */
function tlsFor(a: TeamAddress, tls: boolean): pg.ClientConfig['ssl'] {
  if (!tls) return false
  const rootCert = process.env.PGSSLROOTCERT ?? join(homedir(), '.postgresql', 'root.crt')
  const ca = existsSync(rootCert) ? readFileSync(rootCert, 'utf8') : undefined
  switch (a.sslmode) {
    case 'verify-full':
      return { rejectUnauthorized: true, ...(ca ? { ca } : {}) }
    case 'verify-ca':
      return {
        rejectUnauthorized: true,
        ...(ca ? { ca } : {}),
        checkServerIdentity: () => undefined
      }
    default:
      return { rejectUnauthorized: false }
  }
}

/** The password: the one given (the app's keychain, a URL), else PGPASSWORD, else ~/.pgpass. */
function passwordFor(a: TeamAddress, given: string | undefined): () => Promise<string> {
  return async () => {
    if (given !== undefined) return given
    if (process.env.PGPASSWORD) return process.env.PGPASSWORD
    const fromFile = await new Promise<string | undefined>((done) =>
      pgpass({ host: a.host, port: a.port, database: a.database, user: a.user }, done)
    )
    if (fromFile === undefined)
      throw new ArchiveError(
        'UNAVAILABLE',
        `The team server asks for ${a.user}'s password: enter it in Parallax, or set PGPASSWORD, or add it to ~/.pgpass.`
      )
    return fromFile
  }
}

/** What went wrong reaching the server, in one line that names no password. */
export function connectionError(a: TeamAddress, error: unknown): ArchiveError {
  if (error instanceof ArchiveError) return error
  const e = error as { code?: string; message?: string }
  const where = `${a.host}:${a.port}`
  const message = (() => {
    switch (e.code) {
      case 'ECONNREFUSED':
        return `Cannot reach the team server at ${where}: nothing answers there (is PostgreSQL running?).`
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `Cannot reach the team server: there is no host named ${a.host}.`
      case 'ETIMEDOUT':
        return `The team server at ${where} did not answer in time.`
      case 'ECONNRESET':
        return `The team server at ${where} closed the connection.`
      case '28P01':
        return `The team server refused the password of ${a.user}.`
      case '28000':
        return `The team server does not let ${a.user} in (no such member, or removed from the team).`
      case '3D000':
        return `There is no database "${a.database}" on the team server at ${where}.`
      case '57P01':
      case '57P03':
        return `The team server at ${where} is shutting down or starting up; try again in a moment.`
      default:
        if (/SSL/i.test(e.message ?? ''))
          return `The secure connection to ${where} failed (sslmode ${a.sslmode}): ${e.message}.`
        return `The team server at ${where} failed: ${(e.message ?? String(error)).split('\n')[0]}`
    }
  })()
  return new ArchiveError('UNAVAILABLE', message)
}

/** Connects to the team database as the address's user; errors are one clear ArchiveError. */
export async function connectTeam(a: TeamAddress, password?: string): Promise<pg.Client> {
  const attempt = async (tls: boolean): Promise<pg.Client> => {
    const client = new pg.Client({
      host: a.host,
      port: a.port,
      database: a.database,
      user: a.user,
      password: passwordFor(a, password),
      ssl: tlsFor(a, tls),
      connectionTimeoutMillis: 10_000,
      application_name: 'Parallax'
    })
    // A server that goes away later is reported by the call that needed it.
    client.on('error', () => {})
    await client.connect()
    return client
  }
  try {
    if (a.sslmode === 'disable') return await attempt(false)
    try {
      return await attempt(true)
    } catch (error) {
      if (a.sslmode !== 'prefer' || !/does not support SSL/i.test((error as Error).message))
        throw error
      return await attempt(false)
    }
  } catch (error) {
    throw connectionError(a, error)
  }
}
