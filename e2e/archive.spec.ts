// Moving an archive: export a bundle from one, import it into another; backups on demand; bad bundles refused.

import { rmSync } from 'node:fs'
import { strToU8, zipSync } from 'fflate'
import { callApi, expect, startServe, test } from './fixtures'

test('a bundle carries sources and annotations to another archive', async ({
  app,
  served,
  browser
}) => {
  const sources = await callApi<{ id: string; language: string }[]>(served, 'listSources')
  const en = sources.find((s) => s.language === 'en')!.id
  await callApi(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'Baku was liberated' },
    note: 'Carried along'
  })

  await app.getByRole('button', { name: 'Archive…' }).click()
  const dialog = app.getByRole('dialog', { name: 'Archive: backups, bundles, annotations' })
  await dialog.getByRole('button', { name: 'Back up now' }).click()
  await expect(dialog.getByRole('status')).toContainText('Backed up to')
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export bundle…' }).click()
  ])
  const bundle = test.info().outputPath('archive.parallax-bundle')
  await download.saveAs(bundle)

  const other = await startServe({ sample: false })
  try {
    const page = await browser.newPage()
    await page.goto(`${other.url}/?token=${other.token}`)
    await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible()
    await page.getByRole('button', { name: 'Archive…' }).click()
    await page.getByLabel('Bundle to import').setInputFiles(bundle)
    const otherDialog = page.getByRole('dialog', { name: 'Archive: backups, bundles, annotations' })
    await expect(otherDialog.getByRole('status')).toContainText('Bundle imported: 2 sources added')
    await otherDialog.getByRole('button', { name: 'Close' }).click()
    await expect(page.getByRole('row', { name: /Bataille de Bakou/ })).toBeVisible()
    const notes = await callApi<{ note: string }[]>(other, 'listAnnotations')
    expect(notes.map((n) => n.note)).toEqual(['Carried along'])
    // Importing it again adds nothing.
    await page.getByRole('button', { name: 'Archive…' }).click()
    await page.getByLabel('Bundle to import').setInputFiles(bundle)
    await expect(otherDialog.getByRole('status')).toContainText('0 sources added (2 already here)')
    await page.close()
  } finally {
    await other.stop()
    rmSync(other.dir, { recursive: true, force: true })
  }
})

test('a bundle from a newer version is refused with a clear message and changes nothing', async ({
  app,
  served
}) => {
  const before = await callApi<unknown[]>(served, 'listSources')
  const newer = zipSync({
    'manifest.json': strToU8(
      JSON.stringify({ format: 'parallax-bundle', formatVersion: 99, schemaVersion: 99 })
    )
  })
  await app.getByRole('button', { name: 'Archive…' }).click()
  await app.getByLabel('Bundle to import').setInputFiles({
    name: 'future.parallax-bundle',
    mimeType: 'application/zip',
    buffer: Buffer.from(newer)
  })
  await expect(
    app.getByRole('dialog', { name: 'Archive: backups, bundles, annotations' }).getByRole('alert')
  ).toContainText('newer version of Parallax')
  expect(await callApi<unknown[]>(served, 'listSources')).toEqual(before)
})
