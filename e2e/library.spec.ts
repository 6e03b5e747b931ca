// The first things a new user does: see the sample sources, open one, search, import a bad file; a large library, its columns.

import { test, expect, callApi } from './fixtures'
import { LibraryPage } from './pages/library'
import { ReaderPage } from './pages/reader'

test('the library lists both seed sources with their metadata', async ({ app }) => {
  const grid = app.getByRole('grid', { name: 'Sources' })
  await expect(grid.getByRole('row')).toHaveCount(3) // header + 2 sources
  const news = grid.getByRole('row', { name: /107th anniversary/ })
  await expect(news).toContainText('2025-09-15')
  await expect(news).toContainText('en')
  const wiki = grid.getByRole('row', { name: /Bataille de Bakou/ })
  await expect(wiki).toContainText('fr')
  await expect(wiki).toContainText('Encyclopedia entry')
  await expect(app.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
  await app.screenshot({ path: 'test-results/screens/library.png' })
})

test('in the smallest window the titles, the handout preview and the status bar stay in view', async ({
  app
}) => {
  // The desktop window's minimum size (src/main/window.ts).
  await app.setViewportSize({ width: 800, height: 560 })
  const inView = async (name: string, locator: ReturnType<typeof app.getByRole>): Promise<void> => {
    const box = await locator.boundingBox()
    expect(box, name).not.toBeNull()
    expect(box!.x + box!.width, `${name} ends inside the window`).toBeLessThanOrEqual(800)
  }
  const title = app
    .getByRole('row', { name: /107th anniversary/ })
    .getByRole('gridcell')
    .first()
  await expect(title).toContainText('Commemoration')
  expect((await title.boundingBox())!.width).toBeGreaterThan(150)
  await inView('the Archive button', app.getByRole('button', { name: 'Archive…' }))
  await inView('the status bar', app.getByRole('status').filter({ hasText: 'Saved' }))
  expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800)
  // The narrow details panel puts each label above its value, which then keeps to one line.
  await app.getByRole('row', { name: /107th anniversary/ }).click()
  const details = app.getByRole('complementary', { name: 'Source details' })
  const paragraphs = details.getByText(/^\d+ paragraphs, revision \d+$/)
  await expect(paragraphs).toBeVisible()
  expect((await paragraphs.boundingBox())!.height).toBeLessThan(30)
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  await expect(app.getByRole('region', { name: 'Preview' })).toBeVisible()
  await inView('the preview', app.getByRole('region', { name: 'Preview' }))
  await inView('the Export button', app.getByRole('button', { name: 'Export PDF…' }))
  await app.screenshot({ path: 'test-results/screens/smallest-window.png' })
  // Two sources side by side: each pane's heading keeps to its lines, so both texts start level.
  const r = new ReaderPage(app)
  await app.getByRole('button', { name: 'Library' }).click()
  await r.openFromLibrary(/107th anniversary/)
  await r.openBeside('Bataille de Bakou')
  const top = (pane: string | RegExp): Promise<number> =>
    r
      .text(r.pane(pane))
      .boundingBox()
      .then((b) => b!.y)
  await expect.poll(() => top('Bataille de Bakou')).toBe(await top(/Commemoration of the 107th/))
})

test('opening the French source shows its text in French, paragraph by paragraph', async ({
  app
}) => {
  await app.getByRole('row', { name: /Bataille de Bakou/ }).dblclick()
  const reader = app.getByRole('region', { name: /Reader: Bataille de Bakou/ })
  await expect(reader).toBeVisible()
  const article = reader.locator('article')
  await expect(article).toHaveAttribute('lang', 'fr')
  await expect(article).toContainText("l'armée de Nouri Pacha est entrée à Bakou le .")
  await expect(article).toContainText('Битва за Баку')
  await app.screenshot({ path: 'test-results/screens/reader-fr.png' })
})

test('the keyboard opens a source from the library', async ({ app }) => {
  const grid = app.getByRole('grid', { name: 'Sources' })
  await grid.focus()
  await app.keyboard.press('Home')
  await app.keyboard.press('Enter')
  await expect(app.getByRole('region', { name: /^Reader: / })).toBeVisible()
})

test('searching "baki" finds both sources and opens the reader at the match', async ({ app }) => {
  const box = app.getByRole('searchbox', { name: 'Search the archive' })
  await box.fill('baki')
  await box.press('Enter')
  const results = app.getByRole('region', { name: 'Search results' })
  await expect(results.getByRole('region', { name: 'Bataille de Bakou' })).toBeVisible()
  await expect(results.getByRole('region', { name: /107th anniversary/ })).toBeVisible()
  await expect(results.locator('mark').filter({ hasText: 'Bakı' })).toBeVisible()
  await app.screenshot({ path: 'test-results/screens/search-baki.png' })

  await results.getByRole('button', { name: /Bakı döyüşü/ }).click()
  const reader = app.getByRole('region', { name: /Reader: Bataille de Bakou/ })
  await expect(reader.locator('mark.current')).toBeVisible()
  await expect(reader.locator('mark.current')).toHaveText('Bakou')
  await expect(reader.locator('mark.find').first()).toBeVisible()
})

test('a word in more passages than one search ranks says it shows the best of the first 5,000', async ({
  app,
  served
}) => {
  const text = Array.from({ length: 5100 }, (_, i) => `Entry ${i}: the ember glowed.`).join('\n\n')
  await callApi(served, 'createSource', { title: 'Logbook', text })
  const box = app.getByRole('searchbox', { name: 'Search the archive' })
  await box.fill('ember')
  await box.press('Enter')
  const results = app.getByRole('region', { name: 'Search results' })
  await expect(results).toContainText(
    'More than 5,000 passages match: showing the best 200 of the first 5,000.'
  )
  await expect(results.getByRole('region', { name: 'Logbook' })).toBeVisible()
  await app.screenshot({ path: 'test-results/screens/search-first-pass.png' })
})

test('importing a PNG renamed .txt shows a clear error and adds nothing', async ({ app }) => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
  await app
    .getByLabel('Files to import')
    .setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: png })
  const alert = app.getByRole('alert')
  await expect(alert).toContainText('The file could not be imported.')
  await expect(alert).toContainText('photo.txt: this is a PNG image, not a text file.')
  await expect(app.getByRole('grid', { name: 'Sources' }).getByRole('row')).toHaveCount(3)
  await app.screenshot({ path: 'test-results/screens/import-error.png' })
})

test('a folder of 125 files imports in two requests and undoes in one step', async ({ app }) => {
  // A request carries at most 100 files (importBatches): 100, then 25.
  const files = Array.from({ length: 125 }, (_, i) => ({
    name: `letter-${String(i + 1).padStart(3, '0')}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`Letter ${i + 1}\n\nWritten in Baku, September 1918, page ${i + 1}.`)
  }))
  await app.getByLabel('Files to import').setInputFiles(files)
  await expect(app.getByRole('status').filter({ hasText: 'Imported 125 sources.' })).toBeVisible()
  // The grid shows the rows in view; it says how many it holds.
  const grid = app.getByRole('grid', { name: 'Sources' })
  await expect(grid).toHaveAttribute('aria-rowcount', '128')
  await grid.click({ position: { x: 5, y: 5 } })
  await app.keyboard.press('Control+z')
  await expect(
    app.getByRole('status').filter({ hasText: 'Undone: Import 125 files' })
  ).toBeVisible()
  await expect(grid).toHaveAttribute('aria-rowcount', '3')
  await app.keyboard.press('Control+Shift+z')
  await expect(grid).toHaveAttribute('aria-rowcount', '128')
})

test('importing a Windows-1252 text file adds it with its title', async ({ app }) => {
  const text =
    'Lettre de Bakou\n\nNous sommes arrivés à Bakou le 15 septembre. La ville était calme, les rues désertes.'
  const bytes = Buffer.from([...text].map((c) => c.charCodeAt(0)))
  await app
    .getByLabel('Files to import')
    .setInputFiles({ name: 'lettre.txt', mimeType: 'text/plain', buffer: bytes })
  await expect(
    app.getByRole('status').filter({ hasText: 'Imported “Lettre de Bakou”' })
  ).toBeVisible()
  const row = app.getByRole('row', { name: /Lettre de Bakou/ })
  await expect(row).toBeVisible()
  await row.dblclick()
  await expect(app.locator('article')).toContainText('arrivés à Bakou le 15 septembre')
})

test('a library of 1,000 sources draws only the rows in view, and the keyboard reaches every one', async ({
  app,
  served
}) => {
  const lib = new LibraryPage(app)
  await lib.importLetters(served, 1000)
  await expect(app.getByText('1002 sources', { exact: true })).toBeVisible()
  expect(await lib.grid.getByRole('row').count()).toBeLessThan(80)
  // Pressed on the grid itself: the key goes to the grid even if the page was still settling.
  await lib.grid.press('End')
  await expect(lib.grid).toBeFocused()
  await expect(lib.selectedRow()).toContainText('Letter 1000')
  await expect(lib.selectedRow()).toHaveAttribute('aria-rowindex', '1003')
  await expect(lib.selectedRow()).toBeInViewport()
  await expect(lib.grid).toHaveAttribute('aria-activedescendant', /^row-/)
  await app.keyboard.press('Home')
  await expect(lib.selectedRow()).toContainText('Bataille de Bakou')
  await app.keyboard.press('ArrowDown')
  await app.keyboard.press('ArrowDown')
  await expect(lib.selectedRow()).toContainText('Letter 0001')
  await app.keyboard.press('PageDown')
  await expect(lib.selectedRow()).not.toContainText('Letter 0001')
  const paged = Number(await lib.selectedRow().getAttribute('aria-rowindex'))
  expect(paged).toBeGreaterThan(10)
  await expect(lib.selectedRow()).toBeInViewport()
  await app.keyboard.press('PageUp')
  await expect(lib.selectedRow()).toContainText('Letter 0001')
  // Rows far down are fetched when scrolled to.
  await lib.grid.evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
  await expect(lib.grid.getByRole('row', { name: /Letter 0500/ })).toBeInViewport()
  // Rows are refilled as the view moves, not rebuilt: every row drawn shows its own source, in
  // order, after a few rows' scroll and after a jump (Letter n is row n + 3, after the seeds).
  const drawnInOrder = async (): Promise<boolean> => {
    const rows = await lib.grid.locator('[role=row]:not([aria-rowindex="1"])').evaluateAll((els) =>
      els.map((r) => ({
        at: Number(r.getAttribute('aria-rowindex')),
        title: r.querySelector('[role=gridcell]')?.textContent?.trim() ?? ''
      }))
    )
    return (
      rows.length > 10 &&
      rows.every(
        (r, k) =>
          r.title === `Letter ${String(r.at - 3).padStart(4, '0')}` &&
          (k === 0 || r.at === rows[k - 1].at + 1)
      )
    )
  }
  for (const by of [0, 100, 9000, -3000]) {
    await lib.grid.evaluate((el, px) => (el.scrollTop += px), by)
    await expect.poll(drawnInOrder).toBe(true)
  }
  // A new order keeps the selected source in view, wherever it now falls: here, the source in the
  // middle of the list, which the other order puts in the middle too (the view need not move). The
  // row is picked where it shows, not by name: a named row may be refilled while scrolled to.
  await lib.grid.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2))
  await expect.poll(drawnInOrder).toBe(true)
  const box = (await lib.grid.boundingBox())!
  await app.mouse.click(box.x + 60, box.y + box.height / 2)
  await expect(lib.selectedRow()).toContainText(/Letter \d{4}/)
  const picked = (await lib.selectedRow().getByRole('gridcell').first().textContent())!.trim()
  for (const order of ['descending', 'ascending']) {
    await lib.header('Title').getByRole('button').click()
    await expect(lib.header('Title')).toHaveAttribute('aria-sort', order)
    await expect(lib.selectedRow()).toContainText(picked)
    await expect(lib.selectedRow()).toBeInViewport()
  }
  // The column headers stay in view over the scrolled rows.
  await expect(lib.header('Title')).toBeInViewport()
  const [grid, head] = await Promise.all([
    lib.grid.boundingBox(),
    lib.header('Title').boundingBox()
  ])
  expect(Math.abs(head!.y - grid!.y)).toBeLessThan(2)
  // Typing on the grid goes on in the filter.
  await lib.grid.focus()
  await app.keyboard.type('0777')
  await expect(lib.filter).toBeFocused()
  await expect(lib.filter).toHaveValue('0777')
  await expect(lib.grid.getByRole('row')).toHaveCount(2)
  await lib.grid.focus()
  await app.keyboard.press('ArrowDown')
  await app.keyboard.press('Enter')
  await expect(app.getByRole('region', { name: /^Reader: Letter 0777/ })).toBeVisible()
})

test('columns resize and move by mouse and keyboard, and the archive remembers them', async ({
  app,
  served
}) => {
  const lib = new LibraryPage(app)
  expect(await lib.columns()).toEqual([
    'Title',
    'Creators',
    'Date',
    'Language',
    'Kind',
    'Annotations'
  ])
  const creators = await lib.width('Creators')
  const title = await lib.width('Title')
  // Dragging the Creators column's edge to the left widens it; the title gives up the room.
  const edge = (await lib.edge('Creators').boundingBox())!
  await app.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2)
  await app.mouse.down()
  await app.mouse.move(edge.x + edge.width / 2 - 40, edge.y + edge.height / 2, { steps: 6 })
  await app.mouse.up()
  expect(Math.abs((await lib.width('Creators')) - (creators + 40))).toBeLessThanOrEqual(2)
  expect(Math.abs((await lib.width('Title')) - (title - 40))).toBeLessThanOrEqual(2)
  // The keyboard: arrows on an edge move it.
  const kindWidth = Number(await lib.edge('Kind').getAttribute('aria-valuenow'))
  await lib.edge('Kind').focus()
  await app.keyboard.press('ArrowLeft')
  await app.keyboard.press('ArrowLeft')
  await expect(lib.edge('Kind')).toHaveAttribute('aria-valuenow', String(kindWidth + 32))
  // Dragging the Kind header before Creators moves it there, and does not sort.
  const kind = (await lib.header('Kind').getByRole('button').boundingBox())!
  const before = (await lib.header('Creators').boundingBox())!
  await app.mouse.move(kind.x + kind.width / 2, kind.y + kind.height / 2)
  await app.mouse.down()
  await app.mouse.move(before.x + 10, kind.y + kind.height / 2, { steps: 8 })
  await app.mouse.up()
  const moved = ['Title', 'Kind', 'Creators', 'Date', 'Language', 'Annotations']
  expect(await lib.columns()).toEqual(moved)
  await expect(lib.header('Title')).toHaveAttribute('aria-sort', 'ascending')
  await expect(lib.header('Kind')).toHaveAttribute('aria-sort', 'none')
  // Alt+arrows on a header move its column.
  await lib.header('Annotations').getByRole('button').focus()
  await app.keyboard.press('Alt+ArrowLeft')
  const final = ['Title', 'Kind', 'Creators', 'Date', 'Annotations', 'Language']
  expect(await lib.columns()).toEqual(final)
  await expect(lib.header('Annotations').getByRole('button')).toBeFocused()
  // The archive remembers the order and the widths.
  await expect
    .poll(() => callApi<{ order: string[] }>(served, 'getSetting', 'library.columns'))
    .toMatchObject({ order: ['title', 'kind', 'creators', 'date', 'annotations', 'language'] })
  const widths = { creators: await lib.width('Creators'), kind: await lib.width('Kind') }
  await app.reload()
  await expect(lib.grid.getByRole('row', { name: /Bataille de Bakou/ })).toBeVisible()
  await expect.poll(() => lib.columns()).toEqual(final)
  expect(await lib.width('Creators')).toBeCloseTo(widths.creators, 0)
  expect(await lib.width('Kind')).toBeCloseTo(widths.kind, 0)
  await app.screenshot({ path: 'test-results/screens/library-columns.png' })
})

test('a cut title shows whole in its tooltip, and the count column is called Annotations', async ({
  app,
  served
}) => {
  const lib = new LibraryPage(app)
  const sources = await callApi<{ title: string }[]>(served, 'listSources')
  const long = sources.find((s) => s.title.includes('107th anniversary'))!.title
  const cell = lib.grid
    .getByRole('row', { name: /107th anniversary/ })
    .getByRole('gridcell')
    .first()
  await expect(cell).toHaveAttribute('title', long)
  expect(await cell.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
  // At 1280 px the title has the most room of any column.
  expect(await lib.width('Title')).toBeGreaterThan(240)
  await expect(lib.header('Annotations')).toBeVisible()
  await expect(lib.grid.getByRole('columnheader', { name: /^Notes/ })).toHaveCount(0)
})
