// The window after a week of use: notices that leave and cover nothing, the token page, the scrolling choice, the composer.

import { SLOWNESS } from '../playwright.config'
import { expect, test } from './fixtures'
import { ReaderPage } from './pages/reader'

const EN = /Commemoration of the 107th anniversary/

function overlap(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number }
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

test('information leaves by itself, errors stay, and no notice covers the button that caused it', async ({
  app
}) => {
  // An error: nothing to undo in a fresh archive.
  await app.keyboard.press('Control+z')
  const error = app.getByRole('alert')
  await expect(error).toBeVisible()
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  await r.select(r.pane(EN), 'red carnations')
  await app.keyboard.press('9')
  const info = app.getByRole('status').filter({ hasText: 'No tag has the key 9' })
  await expect(info).toBeVisible()
  await expect(info).toBeHidden({ timeout: 20_000 * SLOWNESS })
  await expect(error).toBeVisible()
  await error.getByRole('button', { name: 'Dismiss' }).click()
  await expect(error).toBeHidden()

  // Export a handout: the notice that says so leaves the Export button uncovered.
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  await app.getByRole('radio', { name: 'Full texts' }).check()
  const exportButton = app.getByRole('button', { name: 'Export PDF…' })
  await expect(exportButton).toBeEnabled({ timeout: 30_000 * SLOWNESS })
  await Promise.all([app.waitForEvent('download'), exportButton.click()])
  const exported = app.getByRole('status').filter({ hasText: /^Exported/ })
  await expect(exported).toBeVisible()
  expect(overlap((await exported.boundingBox())!, (await exportButton.boundingBox())!)).toBe(false)
  await app.screenshot({ path: 'test-results/screens/notice-export.png' })
})

test('serve mode without its token says where to find it, and shows no archive', async ({
  page,
  served
}) => {
  for (const address of [`${served.url}/`, `${served.url}/?token=not-the-token`]) {
    await page.goto(address)
    await expect(
      page.getByRole('heading', { name: 'This address needs its access token' })
    ).toBeVisible()
    await expect(page.getByText('Open http://127.0.0.1')).toBeVisible()
    await expect(page.getByRole('grid', { name: 'Sources' })).toHaveCount(0)
    await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toHaveCount(0)
  }
  await page.screenshot({ path: 'test-results/screens/token-needed.png' })
  // The right address still opens the archive.
  await page.goto(`${served.url}/?token=${served.token}`)
  await expect(page.getByRole('grid', { name: 'Sources' })).toBeVisible()
})

test('one scrolling control whose choices say what they do', async ({ app }) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const scrolling = app.getByRole('combobox', { name: 'Scrolling' })
  await expect(scrolling.locator('option')).toHaveText([
    'Each pane on its own',
    'Linked passages stay level',
    'All panes together'
  ])
  await expect(app.getByRole('button', { name: /Linked scrolling|Sync scroll/ })).toHaveCount(0)
})

test('the composer: a title from its sources, a general placeholder, a box that fits, a preview that zooms', async ({
  app
}) => {
  await app.setViewportSize({ width: 1100, height: 760 })
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  const composer = app.getByRole('region', { name: 'Handout composer' })
  await expect(composer.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue(
    /Bataille de Bakou \/ Commemoration|Commemoration .* \/ Bataille de Bakou/
  )
  const placeholder = await composer
    .getByRole('textbox', { name: 'Introduction (Markdown)' })
    .getAttribute('placeholder')
  expect(placeholder).not.toMatch(/Baku|1918/)
  // Take one source out so "Add a source…" shows, with a long title among its choices.
  await composer
    .getByRole('button', { name: /^Remove / })
    .first()
    .click()
  const add = composer.getByRole('combobox', { name: 'Add a source' })
  await expect(add).toBeVisible()
  const box = (await add.boundingBox())!
  const column = (await composer.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(column.x + column.width)

  await composer.getByRole('radio', { name: 'Full texts' }).check()
  const preview = app.getByRole('region', { name: 'Preview' })
  await expect(preview).toContainText(/page 1 of \d/, { timeout: 30_000 * SLOWNESS })
  const canvas = preview.locator('canvas')
  const before = (await canvas.boundingBox())!.width
  await preview.getByRole('button', { name: 'Zoom in' }).click()
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(before * 1.2)
  await expect(preview.getByRole('button', { name: /^Zoom 125%/ })).toBeVisible()
  await preview.getByRole('button', { name: /^Zoom 125%/ }).click()
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeCloseTo(before, -1)
  await expect(preview.getByRole('spinbutton', { name: 'Go to page' })).toHaveValue('1')
  await app.screenshot({ path: 'test-results/screens/composer-week.png' })
})

test('the hidden file inputs behind the import buttons are not offered as buttons', async ({
  app
}) => {
  await expect(app.getByRole('button', { name: /Import…/ })).toBeVisible()
  await expect(app.getByRole('button', { name: /to import$/ })).toHaveCount(0)
  await app.getByRole('button', { name: 'Archive…' }).click()
  const dialog = app.getByRole('dialog', { name: /^Archive/ })
  await expect(dialog.getByRole('button', { name: 'Import bundle…' })).toBeVisible()
  await expect(dialog.getByRole('button', { name: /to import$/ })).toHaveCount(0)
})
