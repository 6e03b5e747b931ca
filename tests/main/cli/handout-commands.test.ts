// The CLI's quick handout: with no --title, a handout of many sources gets a default title that fits.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { SourceSummary } from '../../../src/shared/model'
import { tempDir } from '../../helpers/archive'
import { cli } from '../../helpers/cli'

it('export-pdf of twelve long-titled sources without --title writes the PDF', async () => {
  const dir = tempDir()
  const archive = join(dir, 'many.parallax')
  const files = Array.from({ length: 12 }, (_, i) => {
    const file = join(dir, `letter-${i + 1}.md`)
    writeFileSync(
      file,
      `# Letter ${i + 1} from the Caspian front to the family at home, September 1918\n\nThe city was quiet that morning.\n`
    )
    return file
  })
  expect((await cli('--archive', archive, 'import', ...files)).code).toBe(0)
  const list = JSON.parse(
    (await cli('--archive', archive, 'list', '--json')).out
  ) as SourceSummary[]
  expect(list).toHaveLength(12)
  const out = join(dir, 'many.pdf')
  const run = await cli(
    '--archive',
    archive,
    'export-pdf',
    ...list.flatMap((s) => ['--source', s.id]),
    '--layout',
    'full',
    '--out',
    out
  )
  expect(run.err).toBe('')
  expect(run.code).toBe(0)
  expect(run.out).toMatch(/^wrote .*many\.pdf/)
})
