// More of the reader: right-to-left sources, linked scrolling, exporting and importing annotations.

import { readFileSync } from 'node:fs'
import { callApi, expect, test } from './fixtures'
import { ReaderPage } from './pages/reader'

interface Src {
  id: string
  language: string
}

test('a right-to-left source reads right to left, in its language', async ({ app, served }) => {
  await callApi(served, 'createSource', {
    title: 'معركة باكو',
    language: 'ar',
    text: 'معركة باكو هي معركة وقعت بين حزيران وأيلول 1918.\n\nدخل الجيش العثماني المدينة في 15 أيلول.'
  })
  await app.reload()
  await app.getByRole('row', { name: /معركة باكو/ }).dblclick()
  const article = new ReaderPage(app).text(app.getByRole('region', { name: /^Reader: معركة/ }))
  await expect(article).toHaveAttribute('lang', 'ar')
  const directions = await article
    .locator('p')
    .evaluateAll((ps) => ps.map((p) => getComputedStyle(p).direction))
  expect(directions).toEqual(['rtl', 'rtl'])
  await app.screenshot({ path: 'test-results/screens/reader-rtl.png' })
})

test('linked scrolling keeps the two ends of a link level', async ({ app, served }) => {
  const sources = await callApi<Src[]>(served, 'listSources')
  const en = sources.find((s) => s.language === 'en')!.id
  const fr = sources.find((s) => s.language === 'fr')!.id
  const a = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'Baku was liberated' }
  })
  const b = await callApi<{ id: string }>(served, 'createAnnotation', {
    sourceId: fr,
    target: { quote: 'Dunsterville' }
  })
  await callApi(served, 'createLink', { from: a.id, to: b.id, relation: 'same-event' })
  const r = new ReaderPage(app)
  await r.openFromLibrary(/107th anniversary/)
  await r.openBeside('Bataille de Bakou')
  const scrolling = app.getByRole('combobox', { name: 'Scrolling' })
  await scrolling.selectOption({ label: 'Linked passages stay level' })
  await expect(scrolling).toHaveValue('linked')
  const enText = r.text(r.pane(/Commemoration of the 107th/))
  const frText = r.text(r.pane('Bataille de Bakou'))
  const enEnd = enText.locator('.hl', { hasText: 'Baku was liberated' })
  const frEnd = frText.locator('.hl', { hasText: 'Dunsterville' })
  // Bring the English end to the upper part of its pane, then scroll with the wheel: the French
  // pane follows so its end stays at the same height.
  await enEnd.evaluate((el) => {
    const scroller = el.closest('.scroll') as HTMLElement
    scroller.scrollTop +=
      el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 250
  })
  for (const delta of [0, 120, -80]) {
    if (delta !== 0) {
      await enText.hover()
      await app.mouse.wheel(0, delta)
    }
    await expect
      .poll(async () => Math.abs((await enEnd.boundingBox())!.y - (await frEnd.boundingBox())!.y), {
        message: `ends level after scrolling ${delta}px`
      })
      .toBeLessThan(30)
  }
})

test('a click on a run two annotations cover picks the inner one, a second the outer', async ({
  app,
  served
}) => {
  const sources = await callApi<Src[]>(served, 'listSources')
  const en = sources.find((s) => s.language === 'en')!.id
  const tags = await callApi<{ id: string; name: string }[]>(served, 'listTags')
  const tagged = (name: string): string[] => [tags.find((t) => t.name === name)!.id]
  await callApi(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'Baku was liberated' },
    tagIds: tagged('Claim'),
    note: 'The outer one'
  })
  await callApi(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'liberated' },
    tagIds: tagged('Loaded language')
  })
  const r = new ReaderPage(app)
  await r.openFromLibrary(/107th anniversary/)
  const text = r.text(r.pane(/Commemoration of the 107th/))
  // The phrase is drawn as two runs: the outer annotation alone, then both, the inner first (each
  // tooltip line ends with who made it).
  const both = text.locator('.hl', { hasText: /^liberated$/ })
  await expect(both).toHaveAttribute('title', /^Loaded language — .+\nClaim — The outer one — /)
  await expect(text.locator('.hl', { hasText: /^Baku was $/ })).toHaveAttribute(
    'title',
    /^Claim — The outer one — [^\n]+$/
  )
  await both.click()
  await expect(text.locator('.hl.selected')).toHaveText(['liberated'])
  await expect(r.popup()).toBeVisible()
  await both.click()
  await expect(text.locator('.hl.selected')).toHaveText(['Baku was ', 'liberated'])
  // The list follows the text: the outer annotation is the current item.
  await expect(
    r.list(r.pane(/Commemoration of the 107th/)).locator('[aria-current="true"]')
  ).toContainText('“Baku was liberated”')
})

test('annotations export as W3C JSON-LD and come back in from a file', async ({ app, served }) => {
  const sources = await callApi<Src[]>(served, 'listSources')
  const en = sources.find((s) => s.language === 'en')!.id
  await callApi(served, 'createAnnotation', {
    sourceId: en,
    target: { quote: 'red carnations' },
    note: 'A detail of the ceremony'
  })
  const r = new ReaderPage(app)
  await r.openFromLibrary(/107th anniversary/)
  await app.getByRole('button', { name: 'Source actions' }).click()
  await app.getByRole('menuitem', { name: 'Export annotations…' }).click()
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app
      .getByRole('dialog', { name: 'Export annotations' })
      .getByRole('button', { name: 'Export' })
      .click()
  ])
  const path = test.info().outputPath('annotations.jsonld')
  await download.saveAs(path)
  const collection = JSON.parse(readFileSync(path, 'utf8'))
  expect(collection.type).toBe('AnnotationCollection')
  expect(JSON.stringify(collection)).toContain('red carnations')

  // A web annotation (as Hypothesis makes them) on the French article's URL.
  const web = JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: 'https://hypothes.is/a/xyz',
    type: 'Annotation',
    body: { type: 'TextualBody', value: 'British commander', purpose: 'commenting' },
    target: {
      source: 'https://fr.wikipedia.org/wiki/Bataille_de_Bakou',
      selector: { type: 'TextQuoteSelector', exact: 'Lionel Dunsterville' }
    }
  })
  await app.getByRole('button', { name: 'Library' }).click()
  await app.getByRole('button', { name: 'Archive…' }).click()
  await app.getByLabel('Annotations to import').setInputFiles({
    name: 'hypothesis.json',
    mimeType: 'application/json',
    buffer: Buffer.from(web)
  })
  await expect(app.getByRole('dialog', { name: /Archive/ }).getByRole('status')).toContainText(
    'Imported 1 annotation and 0 links'
  )
  const notes = await callApi<{ note: string; exact: string }[]>(served, 'listAnnotations', {
    text: 'Dunsterville'
  })
  expect(notes.map((n) => n.note)).toEqual(['British commander'])
})

test('a source dragged from the sidebar into a pane opens there', async ({ app }) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(/107th anniversary/)
  const source = app
    .getByRole('list', { name: 'Sources to open' })
    .getByRole('button', { name: /Bataille de Bakou/ })
  await source.dragTo(r.text(r.pane(/Commemoration of the 107th/)))
  await expect(r.pane('Bataille de Bakou')).toBeVisible()
  await expect(app.getByRole('region', { name: /^Reader: / })).toHaveCount(1)
})

test('the codebook editor renames a tag and gives it a key that then tags the selection', async ({
  app
}) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(/107th anniversary/)
  await app.getByRole('button', { name: 'Codebook…' }).click()
  const dialog = app.getByRole('dialog', { name: 'Codebook' })
  await dialog.getByRole('list', { name: 'Tags' }).getByRole('button', { name: /Claim/ }).click()
  // A change the archive refuses: said in the dialog, and the status bar does not claim it saved.
  await dialog.getByRole('textbox', { name: 'Name' }).fill(' ')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByRole('alert')).toBeVisible()
  await expect(app.getByRole('status').filter({ hasText: 'Last change not saved' })).toBeVisible()
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Assertion')
  await dialog.getByRole('button', { name: 'Pink' }).click()
  await dialog.getByRole('combobox', { name: 'Shortcut key' }).selectOption('9')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByRole('list', { name: 'Tags' })).toContainText('Assertion')
  await expect(app.getByRole('status').filter({ hasText: 'Saved ✓' })).toBeVisible()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(app.getByRole('list', { name: 'Tags' }).first()).toContainText('Assertion')
  const pane = r.pane(/Commemoration of the 107th/)
  await r.select(pane, 'Baku was liberated')
  await app.keyboard.press('9')
  await expect(r.text(pane).locator('.hl', { hasText: 'Baku was liberated' })).toHaveAttribute(
    'title',
    /Assertion/
  )
})
