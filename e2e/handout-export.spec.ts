// The composer's citation style and its exports: the handout as a Word document, its sources as references.

import { readFileSync } from 'node:fs'
import mammoth from 'mammoth'
import { callApi, expect, test } from './fixtures'

test('a handout cites in the style chosen, and exports as Word and as references', async ({
  app,
  served
}) => {
  const sources = await callApi<{ id: string; language: string }[]>(served, 'listSources')
  const tags = await callApi<{ id: string; name: string }[]>(served, 'listTags')
  await callApi(served, 'createAnnotation', {
    sourceId: sources.find((s) => s.language === 'en')!.id,
    target: { quote: 'Baku was liberated' },
    tagIds: [tags.find((t) => t.name === 'Claim')!.id],
    note: 'Whose word is “liberated”?'
  })
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  const composer = app.getByRole('region', { name: 'Handout composer' })
  await composer.getByRole('textbox', { name: 'Title', exact: true }).fill('Baku in notes')
  const style = composer.getByRole('combobox', { name: 'Citations' })
  // New handouts cite in Chicago notes and bibliography.
  await expect(style).toHaveValue('chicago-notes-bibliography')
  await style.selectOption({ label: 'MLA' })
  const preview = app.getByRole('region', { name: 'Preview' })
  await expect(preview).toContainText(/page 1 of \d/, { timeout: 30_000 })
  await expect(preview.getByRole('status')).toHaveCount(0, { timeout: 15_000 })
  await app.screenshot({ path: 'test-results/screens/handout-style-export.png' })

  const [word] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Export Word…' }).click()
  ])
  expect(word.suggestedFilename()).toBe('Baku in notes.docx')
  const path = test.info().outputPath('handout.docx')
  await word.saveAs(path)
  const html = (await mammoth.convertToHtml({ buffer: readFileSync(path) })).value
  expect(html).toContain('Works Cited')
  expect(html).toContain('Whose word is “liberated”?')

  await composer.page().getByRole('combobox', { name: 'Reference format' }).selectOption('ris')
  const [refs] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Export sources' }).click()
  ])
  expect(refs.suggestedFilename()).toBe('Baku in notes sources.ris')
  const risPath = test.info().outputPath('sources.ris')
  await refs.saveAs(risPath)
  expect(readFileSync(risPath, 'utf8')).toMatch(/^TY {2}- /)

  // The style is saved with the handout.
  await app.reload()
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: /Baku in notes/ }).click()
  await expect(
    app
      .getByRole('region', { name: 'Handout composer' })
      .getByRole('combobox', { name: 'Citations' })
  ).toHaveValue('modern-language-association')
})
