// Two members, each in their own browser on their own copy of a team archive (serve mode syncing live with a
// throwaway PostgreSQL): a tag one applies appears in the other's reader without a reload.

import { spawnSync } from 'node:child_process'
import { appendFileSync, chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { freshDatabase, startCluster, type Cluster } from '../tests/helpers/postgres'
import { expect, startServe, test, type Served } from './fixtures'
import { ReaderPage } from './pages/reader'

const EN = /Commemoration of the 107th anniversary/

function cli(...args: string[]): string {
  const run = spawnSync(process.execPath, [resolve('out/main/cli.js'), ...args], {
    encoding: 'utf8'
  })
  expect(run.status, run.stderr).toBe(0)
  return run.stdout
}

let cluster: Cluster
const servers: Served[] = []

test.beforeAll(async () => {
  cluster = await startCluster()
})
test.afterAll(async () => {
  for (const s of servers) await s.stop()
  cluster?.remove()
})

async function signIn(browser: Browser, served: Served): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 } })
  ).newPage()
  await page.goto(`${served.url}/?token=${served.token}`)
  await expect(page.getByRole('grid', { name: 'Sources' })).toBeVisible()
  return page
}

test('a tag applied on one copy appears on the other, live', async ({ browser }) => {
  const db = await freshDatabase(cluster)
  const admin = cluster.url(db)
  cli('team', 'init', admin, '--name', 'Baku 1918')
  const member = (name: string, role: string): { user: string; password: string } =>
    JSON.parse(cli('--json', 'team', 'add-member', name, '--role', role, '--url', admin))
  const leyla = member('Leyla', 'owner')
  const hamid = member('Hamid', 'annotator')
  // The members' passwords come from a ~/.pgpass file, as serve mode reads them.
  const dir = mkdtempSync(join(tmpdir(), 'parallax-team-e2e-'))
  const pgpass = join(dir, 'pgpass')
  writeFileSync(pgpass, '')
  chmodSync(pgpass, 0o600)
  for (const m of [leyla, hamid])
    appendFileSync(pgpass, `127.0.0.1:${cluster.port}:${db}:${m.user}:${m.password}\n`)
  process.env.PGPASSFILE = pgpass
  const url = (m: { user: string }): string =>
    `postgres://${m.user}@127.0.0.1:${cluster.port}/${db}?sslmode=disable`
  const leylaPath = join(dir, 'leyla.parallax')
  const hamidPath = join(dir, 'hamid.parallax')
  cli('--archive', leylaPath, '--with-sample', 'team', 'share', url(leyla))
  cli('--archive', hamidPath, 'team', 'join', url(hamid), '--as', 'Hamid')

  const [servedL, servedH] = [
    await startServe({ archivePath: leylaPath }),
    await startServe({ archivePath: hamidPath })
  ]
  servers.push(servedL, servedH)
  const pageL = await signIn(browser, servedL)
  const pageH = await signIn(browser, servedH)
  const readerL = new ReaderPage(pageL)
  const readerH = new ReaderPage(pageH)
  await readerL.openFromLibrary(EN)
  await readerH.openFromLibrary(EN)
  await expect(pageH.getByRole('button', { name: /Team archive: Synced/ })).toBeVisible()

  // Hamid tags a claim; Leyla's reader shows it, signed with his name, without a reload.
  const paneH = readerH.pane(EN)
  await readerH.select(paneH, 'Baku was liberated')
  await pageH.keyboard.press('4')
  await expect(readerH.text(paneH).locator('.hl', { hasText: 'Baku was liberated' })).toHaveCount(1)
  const paneL = readerL.pane(EN)
  await expect(readerL.text(paneL).locator('.hl', { hasText: 'Baku was liberated' })).toHaveCount(1)
  await expect(readerL.list(paneL)).toContainText('Baku was liberated')
  await pageL.screenshot({ path: 'test-results/screens/team-live.png' })

  // The status dialog says how Leyla's copy stands.
  await pageL.getByRole('button', { name: /Team archive: Synced/ }).click()
  const dialog = pageL.getByRole('dialog', { name: 'Team archive' })
  await expect(dialog).toContainText('Leyla (owner)')
  await expect(dialog).toContainText('0 changes waiting')
  await pageL.screenshot({ path: 'test-results/screens/team-status.png' })
})

test('the Share dialog tests the connection, then publishes the archive; a wrong password is said plainly', async ({
  app
}) => {
  const db = await freshDatabase(cluster)
  const admin = cluster.url(db)
  cli('team', 'init', admin, '--name', 'Class of 2026')
  const owner = JSON.parse(
    cli('--json', 'team', 'add-member', 'Teacher', '--role', 'owner', '--url', admin)
  ) as {
    user: string
    password: string
  }
  await app.getByRole('button', { name: 'Archive…' }).click()
  await app.getByRole('button', { name: 'Share with a team…' }).click()
  const dialog = app.getByRole('dialog', { name: 'Share archive with a team' })
  await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1')
  await dialog.getByLabel('Port', { exact: true }).fill(String(cluster.port))
  await dialog.getByLabel('Database', { exact: true }).fill(db)
  await dialog.getByLabel('User', { exact: true }).fill(owner.user)
  await dialog.getByLabel('SSL mode', { exact: true }).selectOption('disable')
  await dialog.getByLabel('Password', { exact: true }).fill('not the password')
  await dialog.getByRole('button', { name: 'Test' }).click()
  await expect(dialog.getByRole('alert')).toContainText(`refused the password of ${owner.user}`)
  await expect(dialog.getByRole('alert')).not.toContainText('not the password')
  await dialog.getByLabel('Password', { exact: true }).fill(owner.password)
  await dialog.getByRole('button', { name: 'Test' }).click()
  await expect(dialog.getByRole('status')).toContainText(
    'You are Teacher (owner) in “Class of 2026”'
  )
  await app.screenshot({ path: 'test-results/screens/team-share-dialog.png' })
  await dialog.getByRole('button', { name: 'Share' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.getByRole('button', { name: /Team archive: Synced/ })).toBeVisible()
  const count = spawnSync(
    'psql',
    [
      admin.replace('?sslmode=disable', ''),
      '-tAc',
      'SELECT count(*) FROM parallax.sources WHERE NOT deleted'
    ],
    { encoding: 'utf8' }
  )
  expect(count.stdout.trim()).toBe('2')
})
