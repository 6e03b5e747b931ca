// Blind coding in two browsers on two copies of a team archive (serve mode syncing live with a throwaway
// PostgreSQL), a third member on the command line: the owner marks a source, Hamid codes it without seeing
// Aysel's coding, and sees it once he hands in his own.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { ReaderPage } from './pages/reader'
import { cli, openCopies, teamDatabase, useCluster } from './team-fixtures'

const TITLE = /harbour-council/

const { cluster, servers } = useCluster()

test('coded independently: hidden until handed in, then shown', async ({ browser }) => {
  const team = await teamDatabase(cluster(), 'Baku 1918', {
    Leyla: 'owner',
    Hamid: 'annotator',
    Aysel: 'annotator'
  })
  const { Leyla: leyla, Hamid: hamid, Aysel: aysel } = team.members
  const { dir, url } = team
  const leylaPath = join(dir, 'leyla.parallax')
  const hamidPath = join(dir, 'hamid.parallax')
  const ayselPath = join(dir, 'aysel.parallax')
  const text = join(dir, 'harbour-council.txt')
  writeFileSync(
    text,
    'The oil workers met at dawn by the harbour.\n\nThe council argued until night about bread, wages and the ships.\n'
  )
  cli('--archive', leylaPath, '--with-sample', 'import', text)
  cli('--archive', leylaPath, 'team', 'share', url(leyla))
  cli('--archive', hamidPath, 'team', 'join', url(hamid), '--as', 'Hamid')
  cli('--archive', ayselPath, 'team', 'join', url(aysel), '--as', 'Aysel')
  const sourceId = (
    JSON.parse(cli('--archive', ayselPath, '--json', 'list')) as { id: string; title: string }[]
  ).find((s) => TITLE.test(s.title))!.id

  const [pageL, pageH] = await openCopies(browser, servers, leylaPath, hamidPath)
  const readerL = new ReaderPage(pageL)
  const readerH = new ReaderPage(pageH)
  await readerL.openFromLibrary(TITLE)
  await readerH.openFromLibrary(TITLE)
  const paneL = readerL.pane(TITLE)
  const paneH = readerH.pane(TITLE)

  // The owner marks the source in the pane's menu; Hamid's reader says so, live.
  await paneL.getByRole('button', { name: 'Source actions' }).click()
  await pageL.getByRole('menuitem', { name: 'Code independently' }).click()
  const bannerH = paneH.getByRole('status', { name: 'Coded independently' })
  await expect(bannerH).toContainText(
    "Coded independently: others' annotations are hidden until you hand in."
  )

  // Aysel codes on the command line and hands in; Hamid codes in his browser and sees only his own.
  cli('--archive', ayselPath, 'annotate', sourceId, '--quote', 'oil workers', '--note', 'Aysel')
  cli('--archive', ayselPath, 'sync')
  cli('--archive', ayselPath, 'team', 'hand-in', sourceId)
  await readerH.select(paneH, 'bread, wages')
  await pageH.keyboard.press('1')
  await expect(readerH.text(paneH).locator('.hl', { hasText: 'bread, wages' })).toHaveCount(1)
  // The owner sees Aysel's handed-in coding (not Hamid's); Hamid still does not see it.
  await expect(readerL.text(paneL).locator('.hl', { hasText: 'oil workers' })).toHaveCount(1)
  await expect(bannerH).toContainText('Handed in so far: Aysel.')
  await expect(readerH.text(paneH).locator('.hl', { hasText: 'oil workers' })).toHaveCount(0)
  await expect(readerL.text(paneL).locator('.hl', { hasText: 'bread, wages' })).toHaveCount(0)
  await pageH.screenshot({ path: 'test-results/screens/blind-before.png' })

  // Hamid hands in: Aysel's coding appears in his reader, and his in the owner's.
  await bannerH.getByRole('button', { name: 'Hand in my coding' }).click()
  await bannerH.getByRole('button', { name: 'Hand in', exact: true }).click()
  await expect(readerH.text(paneH).locator('.hl', { hasText: 'oil workers' })).toHaveCount(1)
  await expect(bannerH).toContainText('you have handed in your coding')
  await expect(bannerH).toContainText('Aysel')
  await expect(readerL.text(paneL).locator('.hl', { hasText: 'bread, wages' })).toHaveCount(1)
  await pageH.screenshot({ path: 'test-results/screens/blind-after.png' })
})
