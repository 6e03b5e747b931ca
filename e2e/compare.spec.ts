// Working together: two members' annotations (brought in from their W3C files), authors in the reader, comparing coders, settling a difference, the agreement table.

import { execFileSync } from 'node:child_process'
import { SLOWNESS } from '../playwright.config'
import { callApi, test, expect, type Served } from './fixtures'
import { ReaderPage } from './pages/reader'

const EN = /Commemoration of the 107th anniversary/

/** Ana's and Ben's coding of the English report, as each would send it in a W3C file. */
async function twoCoders(served: Served): Promise<string> {
  const sources = await callApi<{ id: string; language: string }[]>(served, 'listSources')
  const en = sources.find((s) => s.language === 'en')!.id
  let n = 0
  const mark = (creator: string, exact: string, tag: string): unknown => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:example:annotation:${++n}`,
    type: 'Annotation',
    creator: { type: 'Person', name: creator },
    body: { type: 'TextualBody', purpose: 'tagging', value: tag },
    target: {
      source: `urn:parallax:source:${en}`,
      selector: { type: 'TextQuoteSelector', exact }
    }
  })
  const report = await callApi<{ imported: number }>(served, 'importAnnotations', [
    mark('Ana Aliyeva', 'Bolshevik and Armenian gangs', 'Loaded language'),
    mark('Ben Brandt', 'Armenian gangs', 'Loaded language'),
    mark('Ana Aliyeva', 'Baku was liberated', 'Claim'),
    mark('Ben Brandt', 'Baku was liberated', 'Loaded language'),
    mark('Ana Aliyeva', 'Enver Pasha', 'Person'),
    mark('Ben Brandt', 'Enver Pasha', 'Person'),
    mark('Ben Brandt', 'Ketim Veliyev', 'Person')
  ])
  expect(report.imported).toBe(7)
  return en
}

test('authors in the reader: initials, filter by member, outlines', async ({ app, served }) => {
  await twoCoders(served)
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const pane = r.pane(EN)
  const list = r.list(pane)
  await expect(list.getByText('by Ben Brandt')).toHaveCount(4)
  await expect(list.locator('[data-author="Ana Aliyeva"]').first()).toHaveText(/AA/)

  // Only Ben's: the list and the text's highlights both follow.
  await pane.getByTitle('Whose annotations to show').click()
  await pane.getByRole('checkbox', { name: /Ana Aliyeva/ }).uncheck()
  await expect(list.getByText('by Ana Aliyeva')).toHaveCount(0)
  await expect(list.getByText('by Ben Brandt')).toHaveCount(4)
  await expect(r.text(pane).locator('.hl[data-author="Ana Aliyeva"]')).toHaveCount(0)
  await expect(r.text(pane).locator('.hl', { hasText: 'Ketim Veliyev' })).toHaveCount(1)

  // Everyone again, each member outlined in their own style.
  await pane.getByRole('radio', { name: 'Everyone' }).check()
  await pane.getByRole('checkbox', { name: 'Outline each member’s highlights' }).check()
  const enver = r.text(pane).locator('.hl.outlined', { hasText: 'Enver' }).first()
  await expect(enver).toBeVisible()
  await expect(r.text(pane).locator('.hl.outlined[data-author="Ben Brandt"]').first()).toHaveCSS(
    'outline-style',
    'dashed'
  )
  await app.screenshot({ path: 'test-results/screens/authors-outlined.png' })
})

test('compare coders, settle differences, agreement table and its CSV', async ({ app, served }) => {
  const en = await twoCoders(served)
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const pane = r.pane(EN)
  await pane.getByRole('button', { name: 'Source actions' }).click()
  await app.getByRole('menuitem', { name: 'Compare coders…' }).click()
  const dialog = app.getByRole('dialog', { name: 'Compare coders' })
  await expect(dialog).toBeVisible()
  // A is the first member, B the other (the app's own name has no annotations here).
  await expect(
    dialog.getByRole('group', { name: 'Coder A' }).getByRole('checkbox', { name: 'Ana Aliyeva' })
  ).toBeChecked()
  const differences = dialog
    .getByRole('listitem')
    .filter({ has: app.getByRole('group', { name: /^Settle/ }) })
  await expect(differences).toHaveCount(3)
  await expect(differences.nth(0)).toHaveAccessibleName('¶1: Overlapping, other extents')
  await expect(differences.nth(1)).toHaveAccessibleName('¶4: Marked by Ben Brandt only')
  await expect(differences.nth(2)).toHaveAccessibleName('¶11: Same passage, other tags')
  // Both coders' marks beside the text of ¶1.
  const row = dialog.locator('[data-paragraph="1"]')
  await expect(
    row.getByRole('list', { name: 'Marks by Ana Aliyeva in this paragraph' })
  ).toContainText('Bolshevik and Armenian gangs')
  await expect(
    row.getByRole('list', { name: 'Marks by Ben Brandt in this paragraph' })
  ).toContainText('Armenian gangs')

  // The agreement table, each figure with its meaning.
  const table = dialog.getByRole('table')
  await expect(table.getByRole('row', { name: /^Person/ })).toContainText('0.632')
  await expect(table.getByRole('row', { name: /^All tags/ })).toContainText('0.538')
  await expect(dialog.getByText(/agreement beyond chance for any number of coders/)).toBeVisible()
  await app.screenshot({ path: 'test-results/screens/compare-coders.png' })
  const download = app.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export CSV…' }).click()
  const csv = await download
  expect(csv.suggestedFilename()).toMatch(/agreement\.csv$/)

  // Merge the two extents into one agreed annotation.
  await differences.nth(0).getByRole('button', { name: 'Merge' }).click()
  await expect(differences).toHaveCount(2)
  await expect(dialog.getByRole('heading', { name: /Differences/ })).toContainText('1 settled')

  // Ben changes his mark meanwhile (another window, another process): adopting is refused and the later state is shown.
  const comparison = await callApi<{ differences: { kind: string; b: { id: string } }[] }>(
    served,
    'compareCoders',
    { sourceId: en, a: ['Ana Aliyeva'], b: ['Ben Brandt'] }
  )
  const tagsDiff = comparison.differences.find((d) => d.kind === 'tags')!
  await callApi(served, 'updateAnnotation', tagsDiff.b.id, { note: 'Ben: it is a claim too' })
  await differences.nth(1).getByRole('button', { name: 'Adopt Ana Aliyeva’s' }).click()
  const alert = dialog.getByRole('alert')
  await expect(alert).toContainText('since the comparison was made; nothing was changed')
  await expect(alert).toContainText('Ben: it is a claim too')
  await expect(differences).toHaveCount(2)

  // Now with the current state, it settles; Ben's extra name is dropped by adopting Ana's "nothing".
  await differences.nth(1).getByRole('button', { name: 'Adopt Ana Aliyeva’s' }).click()
  await expect(differences).toHaveCount(1)
  await differences.nth(0).getByRole('button', { name: 'Adopt Ana Aliyeva’s' }).click()
  await expect(dialog.getByText('No differences left: everything is settled.')).toBeVisible()
  await app.screenshot({ path: 'test-results/screens/compare-settled.png' })
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(r.list(pane).getByText('Ketim Veliyev')).toHaveCount(0)
  await expect(r.list(pane)).toContainText('merged from the coding of Ana Aliyeva and Ben Brandt')
})

test('a handout of chosen members’ notes with their names and the agreement table', async ({
  app,
  served
}) => {
  const en = await twoCoders(served)
  const list = await callApi<{ id: string; createdBy: string; exact: string }[]>(
    served,
    'listAnnotations',
    { sourceId: en }
  )
  const anas = list.find((a) => a.createdBy === 'Ana Aliyeva' && a.exact === 'Baku was liberated')!
  await callApi(served, 'updateAnnotation', anas.id, { note: 'Whose word is “liberated”?' })
  await app.getByRole('button', { name: 'Handouts' }).click()
  await app.getByRole('button', { name: 'New handout' }).click()
  const composer = app.getByRole('region', { name: 'Handout composer' })
  await composer.getByRole('textbox', { name: 'Title', exact: true }).fill('Two coders')
  await composer.getByRole('radio', { name: 'Chosen members’' }).check()
  const members = composer.getByRole('group', { name: 'Members whose annotations to print' })
  await expect(members.getByRole('checkbox', { name: 'Ana Aliyeva' })).toBeChecked()
  await composer.getByRole('checkbox', { name: 'Print each note’s author' }).check()
  await composer.getByRole('checkbox', { name: 'Agreement table' }).check()
  const preview = app.getByRole('region', { name: 'Preview' })
  await expect(preview).toContainText(/page 1 of \d/, { timeout: 30_000 * SLOWNESS })
  await expect(preview.getByRole('status')).toHaveCount(0, { timeout: 15_000 * SLOWNESS })
  await app.screenshot({ path: 'test-results/screens/handout-members.png' })
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Export PDF…' }).click()
  ])
  const path = test.info().outputPath('members.pdf')
  await download.saveAs(path)
  const text = execFileSync('pdftotext', ['-layout', path, '-']).toString()
  expect(text).toContain('Whose word is “liberated”? — Ana Aliyeva')
  expect(text).toMatch(/Agreement between coders/)
  expect(text).toMatch(/Person\s+92\.9 %\s+0\.632/)
})
