// Composing a handout in the app: sources, layout, a question, the live preview, and the exported PDF checked with poppler.

import { execFileSync } from 'node:child_process'
import { SLOWNESS } from '../playwright.config'
import { callApi, expect, test } from './fixtures'

interface Src {
  id: string
  language: string
}

test('compose a parallel handout of the two seed sources and export it', async ({
  app,
  served
}) => {
  // Passages tagged and linked beforehand, as a teacher would have done in the reader.
  const sources = await callApi<Src[]>(served, 'listSources')
  const en = sources.find((s) => s.language === 'en')!.id
  const fr = sources.find((s) => s.language === 'fr')!.id
  const tags = await callApi<{ id: string; name: string }[]>(served, 'listTags')
  const claim = tags.find((t) => t.name === 'Claim')!.id
  const a = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'Baku was liberated' },
    tagIds: [claim],
    note: 'Whose word is “liberated”?'
  })
  const b = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: fr,
    target: { quote: "l'armée de Nouri Pacha est entrée à Bakou le ." },
    tagIds: [claim],
    note: 'The date is missing in this copy.'
  })
  await callApi(served, 'createLink', { from: a.id, to: b.id, relation: 'same-event' })

  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  const composer = app.getByRole('region', { name: 'Handout composer' })
  await composer
    .getByRole('textbox', { name: 'Title', exact: true })
    .fill('Baku, September 1918: two accounts')
  await composer.getByRole('radio', { name: 'Parallel' }).check()
  await composer
    .getByRole('textbox', { name: 'Introduction (Markdown)' })
    .fill('Read both accounts of *15 September 1918*.')
  await composer
    .getByRole('textbox', { name: /Question for students on “Baku was liberated/ })
    .fill('What does each account say happened?')
  const preview = app.getByRole('region', { name: 'Preview' })
  // The first handout of a fresh server also loads the citation engine: allow for a slow machine.
  await expect(preview).toContainText(/page 1 of \d/, { timeout: 30_000 * SLOWNESS })
  await expect(preview.getByRole('status')).toHaveCount(0, { timeout: 15_000 * SLOWNESS })
  await app.screenshot({ path: 'test-results/screens/handout-composer.png' })
  // The page was drawn: the canvas holds more than blank white.
  const inked = await preview.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let dark = 0
    for (let i = 0; i < data.length; i += 16) if (data[i] < 128) dark++
    return dark
  })
  expect(inked).toBeGreaterThan(100)

  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Export PDF…' }).click()
  ])
  expect(download.suggestedFilename()).toBe('Baku, September 1918 two accounts.pdf')
  const path = test.info().outputPath('handout.pdf')
  await download.saveAs(path)
  const text = execFileSync('pdftotext', [path, '-']).toString().replace(/\s+/g, ' ')
  expect(text).toContain('Baku, September 1918: two accounts')
  expect(text).toContain('Read both accounts of 15 September 1918.')
  expect(text).toContain('Baku was liberated')
  expect(text).toContain("l'armée de Nouri Pacha est entrée à Bakou le .")
  expect(text).toContain('What does each account say happened?')
  expect(text).toContain('Whose word is “liberated”?')
  expect(execFileSync('pdfinfo', [path]).toString()).toMatch(
    /Title:\s+Baku, September 1918: two accounts/
  )

  // The set is saved: after a reload it is listed and opens with its settings.
  await app.reload()
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: /Baku, September 1918: two accounts/ }).click()
  await expect(app.getByRole('radio', { name: 'Parallel' })).toBeChecked()
})

test('an empty handout says what is missing instead of printing', async ({ app }) => {
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  const preview = app.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('alert')).toContainText(
    'No annotation of these sources matches the selection'
  )
  await expect(app.getByRole('button', { name: 'Export PDF…' })).toBeDisabled()
})

test('a handout edit the archive refuses is said so, and the status bar does not claim it saved', async ({
  app
}) => {
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  const composer = app.getByRole('region', { name: 'Handout composer' })
  const title = composer.getByRole('textbox', { name: 'Title', exact: true })
  // Titles are at most 300 characters.
  await title.fill('Baku '.repeat(70))
  await expect(composer.getByRole('alert')).toContainText('title')
  await expect(app.getByRole('status').filter({ hasText: 'Last change not saved' })).toBeVisible()
  await title.fill('Baku, 1918')
  await expect(composer.getByRole('alert')).toHaveCount(0)
  await expect(app.getByRole('status').filter({ hasText: 'Saved ✓' })).toBeVisible()
  await app.reload()
  await app.getByRole('button', { name: 'Handouts' }).click()
  await expect(app.getByRole('button', { name: /Baku, 1918/ })).toBeVisible()
})
