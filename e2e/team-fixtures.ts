// What the team archive specs share: a throwaway PostgreSQL per spec file, the built CLI, a team database with
// members whose passwords serve mode reads from a pgpass file, and signing in to a served copy.

import { spawnSync } from 'node:child_process'
import { appendFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { freshDatabase, startCluster, type Cluster } from '../tests/helpers/postgres'
import { expect, startServe, test, type Served } from './fixtures'

/** Runs the built CLI; the test fails (with its stderr) unless it exits 0. Returns its stdout. */
export function cli(...args: string[]): string {
  const run = spawnSync(process.execPath, [resolve('out/main/cli.js'), ...args], {
    encoding: 'utf8'
  })
  expect(run.status, run.stderr).toBe(0)
  return run.stdout
}

/** The folders teamDatabase made, removed with the cluster after the spec file's tests. */
const teamFolders: string[] = []

/**
 * Starts a PostgreSQL cluster before the spec file's tests and removes it after them, with the
 * servers the tests started (push each to `servers`).
 */
export function useCluster(): { cluster: () => Cluster; servers: Served[] } {
  let cluster: Cluster | undefined
  const servers: Served[] = []
  test.beforeAll(async () => {
    cluster = await startCluster()
  })
  test.afterAll(async () => {
    for (const s of servers) await s.stop()
    cluster?.remove()
    for (const dir of teamFolders.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return { cluster: () => cluster!, servers }
}

export interface TeamDatabase {
  /** The database's name. */
  database: string
  /** The administrator's connection URL (team init, add-member). */
  admin: string
  /** A folder of the test's own for archives and files. */
  dir: string
  /** Each member as `team add-member` answered, by name. */
  members: Record<string, { user: string; password: string }>
  /** A member's connection URL without the password (serve mode and the CLI read it from PGPASSFILE). */
  url: (member: { user: string }) => string
}

/** A new team database with these members (name → role), their passwords in a pgpass file. */
export async function teamDatabase(
  cluster: Cluster,
  name: string,
  roles: Record<string, string>
): Promise<TeamDatabase> {
  const db = await freshDatabase(cluster)
  const admin = cluster.url(db)
  cli('team', 'init', admin, '--name', name)
  const members: TeamDatabase['members'] = {}
  for (const [member, role] of Object.entries(roles))
    members[member] = JSON.parse(
      cli('--json', 'team', 'add-member', member, '--role', role, '--url', admin)
    ) as { user: string; password: string }
  // The members' passwords come from a ~/.pgpass file, as serve mode reads them.
  const dir = mkdtempSync(join(tmpdir(), 'parallax-team-e2e-'))
  teamFolders.push(dir)
  const pgpass = join(dir, 'pgpass')
  writeFileSync(pgpass, '')
  chmodSync(pgpass, 0o600)
  for (const m of Object.values(members))
    appendFileSync(pgpass, `127.0.0.1:${cluster.port}:${db}:${m.user}:${m.password}\n`)
  process.env.PGPASSFILE = pgpass
  return {
    database: db,
    admin,
    dir,
    members,
    url: (m) => `postgres://${m.user}@127.0.0.1:${cluster.port}/${db}?sslmode=disable`
  }
}

/** A fresh browser context on a served copy, past its token, with the library shown. */
export async function signIn(browser: Browser, served: Served): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 } })
  ).newPage()
  await page.goto(`${served.url}/?token=${served.token}`)
  await expect(page.getByRole('grid', { name: 'Sources' })).toBeVisible()
  return page
}

/** Serves each archive (stopped after the spec's tests with `servers`) and signs a browser in to each. */
export async function openCopies(
  browser: Browser,
  servers: Served[],
  ...archivePaths: string[]
): Promise<Page[]> {
  const served: Served[] = []
  for (const archivePath of archivePaths) served.push(await startServe({ archivePath }))
  servers.push(...served)
  const pages: Page[] = []
  for (const s of served) pages.push(await signIn(browser, s))
  return pages
}
