// Close reading as a user does it: two sources side by side, tagging, notes, links followed both ways, edits, undo.

import { callApi, test, expect } from './fixtures'
import { ReaderPage } from './pages/reader'

const EN = /Commemoration of the 107th anniversary/
const FR_TITLE = 'Bataille de Bakou'

test('tag, note, link, follow, edit, undo and reload in two panes', async ({ app }) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  await r.openBeside(FR_TITLE)
  const en = r.pane(EN)
  const fr = r.pane(FR_TITLE)
  await expect(en).toBeVisible()
  await expect(fr).toBeVisible()

  // Tag "Baku was liberated" with the mouse and the Claim key (4).
  await r.select(en, 'Baku was liberated')
  await expect(r.popup()).toBeVisible()
  await app.screenshot({ path: 'test-results/screens/reader-popup.png' })
  await app.keyboard.press('4')
  const liberated = r.text(en).locator('.hl', { hasText: 'Baku was liberated' })
  await expect(liberated).toHaveCount(1)
  await expect(liberated).toHaveAttribute('title', /Claim/)
  const enList = r.list(en)
  await expect(enList.getByRole('button', { name: /Claim.*Baku was liberated/ })).toBeVisible()

  // A note, with Enter on the picked annotation.
  await liberated.click()
  await app.keyboard.press('Enter')
  const note = app.getByRole('textbox', { name: 'Note (Markdown)' })
  await note.fill('The report calls the taking of Baku a *liberation*.')
  await app.keyboard.press('Control+Enter')
  await expect(enList).toContainText('The report calls the taking of Baku a liberation.')

  // Link it to the French account of the same day.
  await liberated.click()
  await app.keyboard.press('l')
  await expect(fr.getByRole('status').filter({ hasText: 'Pick the other end' })).toBeVisible()
  await r.select(fr, "l'armée de Nouri Pacha est entrée à Bakou")
  await app.getByRole('button', { name: /Link here/ }).click()
  const dialog = app.getByRole('dialog', { name: 'Link passages' })
  await dialog.getByRole('radio', { name: 'same event as the second' }).check()
  await dialog.getByRole('button', { name: 'Link', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(r.text(en).getByRole('button', { name: /Follow the link/ })).toHaveCount(1)
  await expect(r.text(fr).getByRole('button', { name: /Follow the link/ })).toHaveCount(1)
  await app.screenshot({ path: 'test-results/screens/reader-linked.png' })

  // Follow the link both ways: the counterpart is selected and flashes.
  await r
    .text(en)
    .getByRole('button', { name: /Follow the link/ })
    .click()
  await expect(r.text(fr).locator('.hl.selected')).toContainText('entrée à Bakou')
  await r
    .text(fr)
    .getByRole('button', { name: /Follow the link/ })
    .click()
  await expect(r.text(en).locator('.hl.selected')).toContainText('Baku was liberated')
  await expect(
    r.list(fr).getByRole('button', { name: /same event as this|same event as/ })
  ).toBeVisible()

  // Edit the text before the annotation: it stays on its words.
  await en.getByRole('button', { name: 'Source actions' }).click()
  await app.getByRole('menuitem', { name: 'Edit text…' }).click()
  const editor = app.getByRole('textbox', { name: 'Source text' })
  const original = await editor.inputValue()
  await editor.fill(
    `A note from the editor.\n\n${original.replace('On Sept. 15, 1918', 'On 15 September 1918')}`
  )
  await app.getByRole('button', { name: 'Save revision' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Saved as revision 3' })).toContainText(
    '1 kept, 0 moved, 0 orphaned'
  )
  await app.getByRole('button', { name: 'Done' }).click()
  await expect(r.text(en).locator('.hl', { hasText: 'Baku was liberated' })).toHaveCount(1)
  await expect(r.text(en)).toContainText('A note from the editor.')

  // Undo the edit, redo it.
  await r.text(en).click({ position: { x: 5, y: 5 } })
  await app.keyboard.press('Control+z')
  await expect(r.text(en)).not.toContainText('A note from the editor.')
  await expect(r.text(en).locator('.hl', { hasText: 'Baku was liberated' })).toHaveCount(1)
  await app.keyboard.press('Control+Shift+z')
  await expect(r.text(en)).toContainText('A note from the editor.')

  // Filter the list by tag.
  await r.select(en, 'Bolshevik and Armenian gangs')
  await app.keyboard.press('6')
  await expect(enList.getByRole('listitem')).toHaveCount(2)
  await enList
    .getByRole('combobox', { name: 'Show annotations with tag' })
    .selectOption({ label: 'Loaded language' })
  await expect(enList.getByRole('listitem')).toHaveCount(1)
  await expect(enList).toContainText('Bolshevik and Armenian gangs')

  // Reload: panes, annotations, note and link are all still there.
  await app.reload()
  await app.getByRole('button', { name: 'Reader' }).click()
  await expect(r.pane(EN)).toBeVisible()
  await expect(r.pane(FR_TITLE)).toBeVisible()
  await expect(r.text(r.pane(EN)).locator('.hl')).toHaveCount(2)
  await expect(r.list(r.pane(EN))).toContainText(
    'The report calls the taking of Baku a liberation.'
  )
  await expect(
    r.text(r.pane(FR_TITLE)).getByRole('button', { name: /Follow the link/ })
  ).toHaveCount(1)
})

test('the rendered text is exactly the source text, paragraph by paragraph', async ({
  app,
  served
}) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const paragraphs = await r
    .text(r.pane(EN))
    .locator('p')
    .evaluateAll((ps) =>
      ps.map((p) => [...p.querySelectorAll('[data-s]')].map((s) => s.textContent).join(''))
    )
  const list = await callApi<{ id: string; language: string }[]>(served, 'listSources')
  const { text } = await callApi<{ text: string }>(
    served,
    'getSource',
    list.find((s) => s.language === 'en')!.id
  )
  expect(paragraphs).toEqual(text.split('\n\n'))
})

test('bad gestures get a clear message and change nothing', async ({ app }) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  await r.openBeside(FR_TITLE)
  const en = r.pane(EN)
  // A key with no tag.
  await r.select(en, 'red carnations')
  await app.keyboard.press('9')
  await expect(app.getByRole('status').filter({ hasText: 'No tag has the key 9' })).toBeVisible()
  await expect(r.highlights(en)).toHaveCount(0)
  // A selection across the two panes.
  await r.dragAcross(en, 'laid red', r.pane(FR_TITLE), 'durant la bataille')
  await expect(
    app.getByRole('status').filter({ hasText: 'select text inside one pane' })
  ).toBeVisible()
  await expect(r.popup()).toBeHidden()
})

test('pasting a text too long for a source into the editor is refused and loses nothing', async ({
  app,
  served
}) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const en = r.pane(EN)
  await en.getByRole('button', { name: 'Source actions' }).click()
  await app.getByRole('menuitem', { name: 'Edit text…' }).click()
  const editor = app.getByRole('textbox', { name: 'Source text' })
  const original = await editor.inputValue()
  // Paste 20 million and one characters over the whole text (the clipboard, as a paste event).
  await editor.evaluate((area: HTMLTextAreaElement) => {
    const data = new DataTransfer()
    data.setData('text/plain', 'A line of pasted text.\n'.repeat(869_566))
    area.focus()
    area.select()
    area.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
    )
  })
  await expect(app.getByRole('alert')).toContainText('Nothing was pasted')
  await expect(app.getByRole('alert')).toContainText('at most 20,000,000')
  expect(await editor.inputValue()).toBe(original)
  await app.getByRole('button', { name: 'Cancel' }).click()
  const list = await callApi<{ id: string; language: string }[]>(served, 'listSources')
  const source = await callApi<{ revision: number; text: string }>(
    served,
    'getSource',
    list.find((s) => s.language === 'en')!.id
  )
  expect(source.revision).toBe(2)
  expect(source.text).toBe(original)
})

test('a source deleted while open says so in its pane, and undo brings it back', async ({
  app
}) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(/Bataille de Bakou/)
  await app.getByRole('button', { name: 'Library' }).click()
  await app.getByRole('row', { name: /Bataille de Bakou/ }).click()
  await app.getByRole('button', { name: 'Delete…' }).click()
  await app
    .getByRole('dialog', { name: 'Delete this source?' })
    .getByRole('button', { name: 'Delete' })
    .click()
  await app.getByRole('button', { name: 'Reader' }).click()
  await expect(app.getByRole('alert').filter({ hasText: 'no longer in the archive' })).toBeVisible()
  await app.keyboard.press('Control+z')
  await expect(app.getByRole('grid', { name: 'Sources' })).toHaveCount(0)
  await app.getByRole('button', { name: 'Library' }).click()
  await expect(app.getByRole('row', { name: /Bataille de Bakou/ })).toBeVisible()
})

test('when the server stops, the reader says so plainly', async ({ app, served }) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  await expect(r.text(r.pane(EN))).toBeVisible()
  // Opening is over (all annotations, links, layout saved) before the server goes.
  await expect(r.text(r.pane(EN))).not.toHaveAttribute('aria-busy')
  await served.stop()
  await r.select(r.pane(EN), 'red carnations')
  await app.keyboard.press('4')
  await expect(app.getByRole('alert')).toContainText('Parallax is not answering')
  await expect(app.getByRole('status').filter({ hasText: 'Last change not saved' })).toBeVisible()
  // The passage is still selected and can be tagged again; every call fails the same way now,
  // and the message is shown once, not once per attempt.
  await expect(app.getByRole('toolbar', { name: 'Tag the selection' })).toBeVisible()
  let failed = app.waitForEvent('requestfailed')
  await app.keyboard.press('4')
  await failed
  await r.select(r.pane(EN), 'graves of the martyrs')
  failed = app.waitForEvent('requestfailed')
  await app.keyboard.press('3')
  await failed
  await expect(app.getByRole('alert')).toHaveCount(1)
  await expect(app.getByRole('alert')).toContainText('Parallax is not answering')
})
