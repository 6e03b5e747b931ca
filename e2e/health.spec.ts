// Damaged and read-only archives in the browser: the title, the status bar and a band say so; writes are refused; a damaged one offers restoring a backup and saving what can be read.

import { rmSync } from 'node:fs'
import { damagePages } from '../tests/helpers/damage-pages'
import { callApi, expect, startServe, test } from './fixtures'

test('a damaged archive says so, refuses changes, saves what can be read, and restores the newest good backup', async ({
  browser
}) => {
  const first = await startServe({ sample: true })
  const path = first.archivePath
  let second: Awaited<ReturnType<typeof startServe>> | undefined
  try {
    for (let i = 0; i < 120; i++)
      await callApi(first, 'createSource', {
        title: `Letter ${i}`,
        text: `Letter number ${i}.\n\n${'The harbour was quiet that morning. '.repeat(60)}`
      })
    await callApi(first, 'backupNow')
    await first.stop()
    damagePages(path)

    second = await startServe({ archivePath: path })
    const page = await browser.newPage()
    await page.goto(`${second.url}/?token=${second.token}`)
    const band = page.getByRole('status', { name: 'Archive state' })
    await expect(band).toContainText('This archive is damaged.')
    await expect(page).toHaveTitle(/\(damaged, read-only\) — Parallax$/)
    await expect(page.locator('footer.status')).toContainText('Damaged · read-only')
    await page.screenshot({ path: test.info().outputPath('damaged.png') })

    // A write is refused in one line.
    const refused = await callApi(second, 'createTag', { name: 'Witness', color: '#336699' }).then(
      () => null,
      (e: Error) => e.message
    )
    expect(refused).toMatch(/damaged/)

    await band.getByRole('button', { name: 'Save what can be read as a new archive' }).click()
    await expect(page.getByText(/^Saved [\d,]+ records into a new archive/)).toBeVisible()
    await expect(page.getByText(/salvaged .*\.parallax$/)).toBeVisible()

    await band.getByRole('button', { name: 'Restore the newest good backup' }).click()
    await expect(page.getByRole('status', { name: 'Archive state' })).toHaveCount(0)
    await expect(page).toHaveTitle(/^[^(]+ — Parallax$/)
    await expect(page.locator('footer.status')).toContainText('122 sources')
    const info = await callApi<{ health: { state: string } }>(second, 'archiveInfo')
    expect(info.health.state).toBe('ok')
    await page.close()
  } finally {
    await first.stop()
    await second?.stop()
    rmSync(first.dir, { recursive: true, force: true })
  }
})

test('a read-only archive says so in the title, status bar and band, and refuses a change', async ({
  browser
}) => {
  const first = await startServe({ sample: true })
  await first.stop()
  const served = await startServe({ archivePath: first.archivePath, readOnly: true })
  try {
    const page = await browser.newPage()
    await page.goto(`${served.url}/?token=${served.token}`)
    await expect(page.getByRole('row', { name: /Bataille de Bakou/ })).toBeVisible()
    await expect(page.getByRole('status', { name: 'Archive state' })).toContainText(
      'Read-only — opened read-only as asked. You can read, search and export'
    )
    await expect(page).toHaveTitle(/\(read-only\) — Parallax$/)
    await expect(page.locator('footer.status')).toContainText('Read-only')
    await page.screenshot({ path: test.info().outputPath('read-only.png') })
    const refused = await callApi(served, 'createTag', { name: 'Witness', color: '#336699' }).then(
      () => null,
      (e: Error) => e.message
    )
    expect(refused).toMatch(/read-only/)
    await page.close()
  } finally {
    await served.stop()
    rmSync(first.dir, { recursive: true, force: true })
  }
})
