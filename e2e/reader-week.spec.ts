// The reader after a week of use: link labels by title, fresh scroll, the popup in its pane, keys listed, focus, right-to-left quotes.

import { SLOWNESS } from '../playwright.config'
import { callApi, expect, test } from './fixtures'
import { ReaderPage } from './pages/reader'

const EN = /Commemoration of the 107th anniversary/
const FR_TITLE = 'Bataille de Bakou'

interface Src {
  id: string
  language: string
}

async function ids(served: Parameters<typeof callApi>[0]): Promise<{ en: string; fr: string }> {
  const sources = await callApi<Src[]>(served, 'listSources')
  return {
    en: sources.find((s) => s.language === 'en')!.id,
    fr: sources.find((s) => s.language === 'fr')!.id
  }
}

test('a link to a source that is not open names that source, not its id', async ({
  app,
  served
}) => {
  const { en, fr } = await ids(served)
  const a = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'Baku was liberated' }
  })
  const b = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: fr,
    target: { quote: 'entrée à Bakou' }
  })
  await callApi(served, 'createLink', { from: a.id, to: b.id, relation: 'same-event' })
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const link = r.list(r.pane(EN)).getByRole('button', { name: /same event as/ })
  await expect(link).toHaveText(/same event as → Bataille de Bakou ¶\d+/)
  await expect(link).not.toContainText(fr)
})

test('a source opened in a pane that showed another starts at its top', async ({ app, served }) => {
  const paragraph = (i: number, what: string): string =>
    `${what} ${i}: ${'the column reached the city at dawn and the fields were burning. '.repeat(9)}`
  for (const what of ['Diary', 'Ledger'])
    await callApi(served, 'createSource', {
      title: `A long ${what.toLowerCase()}`,
      language: 'en',
      text: Array.from({ length: 320 }, (_, i) => paragraph(i + 1, what)).join('\n\n')
    })
  await app.reload()
  const r = new ReaderPage(app)
  await r.openFromLibrary(/A long diary/)
  const scroller = r.text(r.pane('A long diary')).locator('..')
  await scroller.evaluate((el) => (el.scrollTop = 40_000))
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(30_000)
  // Dragged from the sidebar into the pane: the reader stays, the pane shows the other source.
  await app
    .getByRole('list', { name: 'Sources to open' })
    .getByRole('button', { name: /A long ledger/ })
    .dragTo(r.text(r.pane('A long diary')))
  const ledger = r.text(r.pane('A long ledger'))
  await expect(ledger).toContainText('Ledger 1:', { timeout: 30_000 * SLOWNESS })
  expect(await ledger.locator('..').evaluate((el) => el.scrollTop)).toBe(0)
  await expect(ledger.getByText('Ledger 1:', { exact: false }).first()).toBeInViewport()
})

test('in a long source, an annotation near its end picked from the list is drawn and shown', async ({
  app,
  served
}) => {
  // 320 paragraphs of about 600 characters: past the length from which the reader draws only the
  // blocks near the view, so the annotation's paragraph is not drawn until it is asked for.
  const text = Array.from(
    { length: 320 },
    (_, i) =>
      `Entry ${i + 1}: ${'the column reached the city at dawn and the fields were burning. '.repeat(9)}`
  ).join('\n\n')
  const { id } = await callApi<{ id: string }>(served, 'createSource', {
    title: 'A long journal',
    language: 'en',
    text
  })
  const tags = await callApi<{ id: string; name: string }[]>(served, 'listTags')
  await callApi(served, 'createAnnotation', {
    sourceId: id,
    target: { quote: 'Entry 310: the column reached' },
    tagIds: [tags.find((t) => t.name === 'Date')!.id]
  })
  await app.reload()
  const r = new ReaderPage(app)
  await r.openFromLibrary(/A long journal/)
  const pane = r.pane('A long journal')
  const run = r.text(pane).locator('.hl', { hasText: 'Entry 310: the column reached' })
  await expect(run).toHaveCount(0)
  await r
    .list(pane)
    .getByRole('button', { name: /Entry 310/ })
    .click()
  await expect(run).toHaveClass(/selected/)
  await expect(run).toBeInViewport()
  await expect(run).toHaveAttribute('title', /^Date/)
})

test('the tag popup stays in its pane, beside the visible end of the selection', async ({
  app
}) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  await r.openBeside(FR_TITLE)
  const en = r.pane(EN)
  const fr = r.pane(FR_TITLE)
  await expect(fr).toBeVisible()
  const inPane = async (pane: typeof en): Promise<void> => {
    const box = (await r.popup().boundingBox())!
    const area = (await r.text(pane).locator('..').boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(area.x)
    expect(box.x + box.width).toBeLessThanOrEqual(area.x + area.width + 1)
    expect(box.y).toBeGreaterThanOrEqual(area.y)
    expect(box.y + box.height).toBeLessThanOrEqual(area.y + area.height + 1)
  }
  // A phrase at the start of a line, by the sidebar.
  await r.select(en, 'On Sept. 15, 1918')
  await expect(r.popup()).toBeVisible()
  await inPane(en)
  await app.screenshot({ path: 'test-results/screens/popup-in-pane.png' })
  // The window gets narrower: the popup follows.
  await app.setViewportSize({ width: 1000, height: 700 })
  await expect.poll(async () => (await r.popup().boundingBox())!.x).toBeLessThan(700)
  await inPane(en)
  await app.setViewportSize({ width: 1280, height: 800 })
  // A keyboard selection running past the bottom of the pane: the popup stays in the pane.
  await app.keyboard.press('Escape')
  await r.text(fr).click({ position: { x: 120, y: 140 } })
  for (let i = 0; i < 40; i++) await app.keyboard.press('Shift+ArrowDown')
  await expect(r.popup()).toBeVisible()
  await inPane(fr)
  // Beside the end of the selection that is in view: in the lower half of the pane.
  const area = (await r.text(fr).locator('..').boundingBox())!
  expect((await r.popup().boundingBox())!.y).toBeGreaterThan(area.y + area.height / 2)
  await app.screenshot({ path: 'test-results/screens/popup-keyboard.png' })
})

test('F1 lists the reader keys from the table that binds them', async ({ app }) => {
  await app.keyboard.press('F1')
  const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' })
  for (const [label, keys] of [
    ['Tag the selection', '1–9'],
    ['Write a note on the selection', 'Enter'],
    ['Save the note', 'CtrlEnter'],
    ['Link the selection or annotation', 'L'],
    ['Delete the picked annotation', 'Delete'],
    ['Next annotation', 'j'],
    ['Previous annotation', 'k'],
    ['Find in this source', '/'],
    ['Select by character', 'Shift←→'],
    ['Select by line', 'Shift↑↓'],
    ['Search the Archive', 'Ctrl+F']
  ])
    await expect(dialog.getByRole('row', { name: new RegExp(`^${label}`) })).toContainText(keys)
  await app.screenshot({ path: 'test-results/screens/shortcuts.png' })
})

test('opening a source puts the keyboard in its text, with a visible ring; Enter on a listed annotation opens its note', async ({
  app,
  served
}) => {
  const { en } = await ids(served)
  await callApi(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'Baku was liberated' },
    note: 'Whose word?'
  })
  await app.reload()
  const grid = app.getByRole('grid', { name: 'Sources' })
  await grid.getByRole('row', { name: EN }).click()
  await app.keyboard.press('Enter')
  const r = new ReaderPage(app)
  const text = r.text(r.pane(EN))
  await expect(text).toBeFocused()
  await expect
    .poll(() => text.locator('..').evaluate((el) => getComputedStyle(el).boxShadow))
    .not.toBe('none')
  // j picks the first annotation at once; the list item then takes Enter for its note.
  await app.keyboard.press('j')
  const item = r.list(r.pane(EN)).getByRole('button', { name: /Baku was liberated/ })
  await item.focus()
  await app.keyboard.press('Enter')
  const note = app.getByRole('dialog', { name: 'Note' })
  await expect(note.getByRole('textbox', { name: 'Note (Markdown)' })).toHaveValue('Whose word?')
  await app.keyboard.press('Escape')
  // The codebook's colour swatches say their colours' names.
  await app.keyboard.press('Control+Shift+K')
  const codebook = app.getByRole('dialog', { name: /Codebook/ })
  await expect(codebook.getByRole('button', { name: 'Light blue' })).toBeVisible()
  await expect(codebook.getByRole('button', { name: /^Colour #/ })).toHaveCount(0)
})

test('right-to-left quotes read right to left, and the ¶ label stays outside the title', async ({
  app,
  served
}) => {
  const ar = await callApi<{ id: string }>(served, 'createSource', {
    title: 'معركة باكو',
    language: 'ar',
    text: 'معركة باكو هي معركة وقعت بين حزيران وأيلول 1918.\n\nدخل الجيش العثماني المدينة في 15 أيلول.'
  })
  const { en } = await ids(served)
  const a = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: ar.id,
    target: { quote: 'دخل الجيش العثماني المدينة' }
  })
  const b = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'Baku was liberated' }
  })
  await callApi(served, 'createLink', { from: b.id, to: a.id, relation: 'same-event' })
  await app.reload()
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const link = r.list(r.pane(EN)).getByRole('button', { name: /same event as/ })
  await expect(link).toContainText('معركة باكو ¶2')
  // The ¶ label is outside the isolated title, so it reads "¶2", not "2¶".
  expect(await link.locator('bdi').textContent()).toBe('معركة باكو')
  await r.openFromLibrary(/معركة باكو/)
  const pane = r.pane('معركة باكو')
  const quote = r.list(pane).locator('.quote [dir]')
  await expect(quote).toHaveAttribute('dir', 'rtl')
  await expect(quote).toHaveText('”دخل الجيش العثماني المدينة“')
  const align = await quote.evaluate((el) => {
    const box = el.getBoundingClientRect()
    const parent = (el.closest('button') as HTMLElement).getBoundingClientRect()
    return { right: parent.right - box.right, left: box.left - parent.left }
  })
  // Right-aligned in its row: closer to the right edge than to the left.
  expect(align.right).toBeLessThan(align.left)
  await app.screenshot({ path: 'test-results/screens/rtl-quote.png' })
})
