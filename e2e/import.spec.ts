// Bulk import as a user does it: a folder with good and bad files, progress, a summary, and Cancel.

import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SLOWNESS } from '../playwright.config'
import { importBatches } from '../src/shared/import-batches'
import { expect, test } from './fixtures'

function article(i: number, paragraphs = 6): string {
  const body = Array.from(
    { length: paragraphs },
    (_, k) =>
      `<p>Letter ${i}, paragraph ${k}: the column reached Baku at dawn and the oil fields were burning.</p>`
  ).join('\n')
  return `<!doctype html><html lang="en"><head><title>Dispatch ${i}</title><script>document.title = 'pwned'</script></head>
<body><nav>Home | News</nav><article><h1>Dispatch ${i}</h1>${body}<p><a href="javascript:alert(1)">click</a></p></article></body></html>`
}

test('a folder of files imports with a summary; bad files are reported and the rest come in', async ({
  app
}) => {
  const dir = test.info().outputPath('folder')
  mkdirSync(join(dir, 'sub'), { recursive: true })
  mkdirSync(join(dir, '.hidden'), { recursive: true })
  for (let i = 0; i < 8; i++)
    writeFileSync(join(dir, i < 4 ? '' : 'sub', `dispatch-${i}.html`), article(i))
  writeFileSync(
    join(dir, 'notes.md'),
    '---\ntitle: Field notes\n---\n# Field notes\n\nThe *Dunsterforce* left on 14 September.'
  )
  writeFileSync(join(dir, 'photo.txt'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))
  writeFileSync(join(dir, '.hidden', 'secret.txt'), 'should not be imported')
  await app.getByLabel('Folder to import').setInputFiles(dir)
  const alert = app.getByRole('alert')
  await expect(alert).toContainText('Imported 9 of 10 files.')
  await expect(alert).toContainText('photo.txt: this is a PNG image, not a text file.')
  const grid = app.getByRole('grid', { name: 'Sources' })
  await expect(grid.getByRole('row', { name: /Dispatch 7/ })).toBeVisible()
  await expect(grid.getByRole('row', { name: /Field notes/ })).toBeVisible()
  await expect(grid.getByRole('row', { name: /secret/ })).toHaveCount(0)
  // Nothing of the page's script or its javascript: link came in.
  await grid.getByRole('row', { name: /Dispatch 3/ }).dblclick()
  const text = app.getByRole('article')
  await expect(text).toContainText('the column reached Baku at dawn')
  await expect(text).not.toContainText('pwned')
  await expect(text).not.toContainText('javascript')
})

test('Cancel stops a long import between batches and keeps what came in', async ({ app }) => {
  const dir = test.info().outputPath('many')
  mkdirSync(dir, { recursive: true })
  // Letters go at most 100 to a request: three requests. The app sends the second while the
  // archive reads the first, and looks for Cancel before each next one.
  const sizes: number[] = []
  for (let i = 0; i < 300; i++) {
    const path = join(dir, `letter-${String(i).padStart(3, '0')}.html`)
    writeFileSync(path, article(i))
    sizes.push(statSync(path).size)
  }
  const [, [, sent]] = importBatches(sizes) // the files of the first two requests
  // The first request reaches the server only once Cancel was pressed, however fast the machine
  // imports: Cancel then lands while the first two requests are under way, and stops the rest.
  let pressed!: () => void
  const cancelPressed = new Promise<void>((resolve) => (pressed = resolve))
  let requests = 0
  await app.route('**/api/importFiles', async (route) => {
    if (++requests === 1) await cancelPressed
    await route.continue()
  })
  await app.getByLabel('Folder to import').setInputFiles(dir)
  const progress = app.getByRole('progressbar', { name: 'Files imported' })
  await expect(progress).toBeVisible()
  const status = app.getByRole('status', { name: 'Import progress' })
  await status.getByRole('button', { name: 'Cancel' }).click()
  await expect(status).toContainText('Stopping after this batch')
  pressed()
  // The requests under way finish, which on a crowded machine takes a while: wait for that state
  // as long as the test may take, not for a time measured on an idle machine.
  await expect(progress).toHaveCount(0, { timeout: 40_000 * SLOWNESS })
  expect(await app.getByRole('alert').allTextContents(), 'no error notice').toEqual([])
  await expect(
    app.getByRole('status').filter({
      hasText: `Import stopped: ${300 - sent} of 300 files were not read.`
    })
  ).toBeVisible()
  expect(requests).toBe(2)
  // What came in stays: the two seed sources and the files of the two requests (and a header row).
  await expect(app.getByRole('grid', { name: 'Sources' })).toHaveAttribute(
    'aria-rowcount',
    String(2 + sent + 1)
  )
})
