// Test helper: a throwaway PostgreSQL cluster on 127.0.0.1 (Debian's binaries), and fresh team databases in it.

import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export interface Cluster {
  port: number
  password: string
  /** The server's main process (its backends are its children), while it runs. */
  pid(): number
  /** The superuser's address for a database (postgres by default). */
  url(database?: string): string
  stop(): void
  start(): void
  /** Stops the server and removes its files. */
  remove(): void
}

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : []
  if (versions.length === 0)
    throw new Error('PostgreSQL is not installed (apt-get install postgresql)')
  return join(root, versions[0], 'bin')
}

/** Whether tests can run a PostgreSQL server here. */
export function havePostgres(): boolean {
  try {
    return existsSync(join(binDir(), 'initdb'))
  } catch {
    return false
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

const root = process.getuid?.() === 0

/** Runs a PostgreSQL program as the postgres user (PostgreSQL refuses to run as root). */
function asPostgres(program: string, args: string[]): void {
  const bin = join(binDir(), program)
  const run = root
    ? spawnSync(
        'su',
        ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map(shellQuote).join(' ')],
        {
          encoding: 'utf8'
        }
      )
    : spawnSync(bin, args, { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`${program} failed: ${run.stderr || run.stdout}`)
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/**
 * A new cluster in a temporary folder, listening on a free port of 127.0.0.1 only, with a
 * random superuser password (scram-sha-256, as a real server would ask).
 */
export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-pg-'))
  const data = join(dir, 'data')
  const password = `pw-${Math.random().toString(36).slice(2)}`
  const pwfile = join(dir, 'pw')
  writeFileSync(pwfile, password)
  if (root) {
    const pgUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, pgUid, -1)
    chownSync(pwfile, pgUid, -1)
  }
  chmodSync(dir, 0o700)
  asPostgres('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
    '-E',
    'UTF8',
    '--no-instructions'
  ])
  const port = await freePort()
  const options = (): string =>
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`
  const start = (): void =>
    asPostgres('pg_ctl', [
      '-D',
      data,
      '-o',
      options(),
      '-w',
      '-t',
      '60',
      '-l',
      join(dir, 'log'),
      'start'
    ])
  start()
  const cluster: Cluster = {
    port,
    password,
    pid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    url: (database = 'postgres') =>
      `postgres://postgres:${password}@127.0.0.1:${port}/${database}?sslmode=disable`,
    stop: () => asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    start,
    remove: () => {
      try {
        cluster.stop()
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return cluster
}

/** Runs SQL as the superuser on a database of the cluster. */
export async function adminQuery(
  cluster: Cluster,
  database: string,
  sql: string,
  params: unknown[] = []
): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: cluster.url(database) })
  await client.connect()
  try {
    return await client.query(sql, params)
  } finally {
    await client.end()
  }
}

let counter = 0

/** A new empty database for one test (its name is unique in the cluster). */
export async function freshDatabase(cluster: Cluster, prefix = 'team'): Promise<string> {
  const name = `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 6)}`
  await adminQuery(cluster, 'postgres', `CREATE DATABASE "${name}"`)
  return name
}
