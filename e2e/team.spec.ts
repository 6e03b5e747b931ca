// Two members, each in their own browser on their own copy of a team archive (serve mode syncing live with a
// throwaway PostgreSQL): a tag one applies appears in the other's reader without a reload.

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { ReaderPage } from './pages/reader'
import { cli, openCopies, teamDatabase, useCluster } from './team-fixtures'

const EN = /Commemoration of the 107th anniversary/

const { cluster, servers } = useCluster()

test('a tag applied on one copy appears on the other, live', async ({ browser }) => {
  const team = await teamDatabase(cluster(), 'Baku 1918', { Leyla: 'owner', Hamid: 'annotator' })
  const { Leyla: leyla, Hamid: hamid } = team.members
  const { dir, url } = team
  const leylaPath = join(dir, 'leyla.parallax')
  const hamidPath = join(dir, 'hamid.parallax')
  cli('--archive', leylaPath, '--with-sample', 'team', 'share', url(leyla))
  cli('--archive', hamidPath, 'team', 'join', url(hamid), '--as', 'Hamid')

  const [pageL, pageH] = await openCopies(browser, servers, leylaPath, hamidPath)
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
  const team = await teamDatabase(cluster(), 'Class of 2026', { Teacher: 'owner' })
  const owner = team.members.Teacher
  const db = team.database
  await app.getByRole('button', { name: 'Archive…' }).click()
  await app.getByRole('button', { name: 'Share with a team…' }).click()
  const dialog = app.getByRole('dialog', { name: 'Share archive with a team' })
  await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1')
  await dialog.getByLabel('Port', { exact: true }).fill(String(cluster().port))
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
      team.admin.replace('?sslmode=disable', ''),
      '-tAc',
      'SELECT count(*) FROM parallax.sources WHERE NOT deleted'
    ],
    { encoding: 'utf8' }
  )
  expect(count.stdout.trim()).toBe('2')
})
