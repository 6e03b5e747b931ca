// Another Parallax writing the same archive file (a script with the CLI): the open app shows its changes without a reload.

import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { callApi, test, expect } from './fixtures'
import { ReaderPage } from './pages/reader'

const EN = /Commemoration of the 107th anniversary/

function cli(archivePath: string, ...args: string[]): string {
  const run = spawnSync(
    process.execPath,
    [resolve('out/main/cli.js'), '--archive', archivePath, ...args],
    {
      encoding: 'utf8'
    }
  )
  expect(run.status, run.stderr).toBe(0)
  return run.stdout
}

test('a CLI annotation and import appear in the open reader and library without a reload', async ({
  app,
  served
}) => {
  const r = new ReaderPage(app)
  await r.openFromLibrary(EN)
  const en = r.pane(EN)
  const sources = await callApi<{ id: string; language: string }[]>(served, 'listSources')
  const english = sources.find((s) => s.language === 'en')!

  cli(
    served.archivePath,
    'annotate',
    english.id,
    '--quote',
    'Baku was liberated',
    '--tag',
    'Claim',
    '--note',
    'Written by a script'
  )
  await expect(r.text(en).locator('.hl', { hasText: 'Baku was liberated' })).toHaveCount(1)
  await expect(r.list(en)).toContainText('Written by a script')

  const file = join(served.dir, 'Letter from Lankaran.txt')
  writeFileSync(file, 'Letter from Lankaran\n\nThe rain came from the Caspian all week.\n')
  cli(served.archivePath, 'import', file)
  await app.getByRole('button', { name: 'Library' }).click()
  await expect(app.getByRole('row', { name: /Letter from Lankaran/ })).toBeVisible()
  await app.screenshot({ path: 'test-results/screens/elsewhere.png' })
})
