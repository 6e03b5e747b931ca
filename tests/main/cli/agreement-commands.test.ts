// The CLI's agreement and compare commands: a table with meanings, JSON, CSV, and one-line refusals.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/archive'
import { cli } from '../../helpers/cli'

async function twoCoders(): Promise<{ archive: string; source: string; dir: string }> {
  const dir = tempDir()
  const archive = join(dir, 'a.parallax')
  const list = await cli('--archive', archive, '--with-sample', '--json', 'list')
  const source = (JSON.parse(list.out) as { id: string; language: string }[]).find(
    (s) => s.language === 'en'
  )!.id
  const mark = (who: string, quote: string, tag: string): Promise<unknown> =>
    cli('--archive', archive, '--as', who, 'annotate', source, '--quote', quote, '--tag', tag)
  await mark('Ana', 'Bolshevik and Armenian gangs', 'Loaded language')
  await mark('Ben', 'Armenian gangs', 'Loaded language')
  await mark('Ana', 'Enver Pasha', 'Person')
  await mark('Ben', 'Enver Pasha', 'Person')
  await mark('Ben', 'Ketim Veliyev', 'Person')
  return { archive, source, dir }
}

describe('agreement and compare commands', () => {
  it('prints the table with meanings, JSON, CSV and the differences', async () => {
    const { archive, source, dir } = await twoCoders()
    const table = await cli('--archive', archive, 'agreement', '--source', source)
    expect(table.code).toBe(0)
    expect(table.out).toContain('Coders: Ana, Ben')
    expect(table.out).toMatch(/Person\s+92\.9 %\s+0\.632\s+0\.640/)
    expect(table.out).toContain("Krippendorff's alpha (nominal):")
    const json = await cli(
      '--archive',
      archive,
      'agreement',
      '--source',
      source,
      '--tag',
      'person',
      '--json'
    )
    const report = JSON.parse(json.out) as { rows: { tagName: string; kappa: { value: number } }[] }
    expect(report.rows).toHaveLength(1)
    expect(report.rows[0].kappa.value).toBeCloseTo(0.632, 3)
    const csvPath = join(dir, 'agreement.csv')
    expect(
      (await cli('--archive', archive, 'agreement', '--source', source, '--csv', csvPath)).code
    ).toBe(0)
    expect(readFileSync(csvPath, 'utf8').split('\n')[0]).toContain('krippendorff alpha')
    const compare = await cli(
      '--archive',
      archive,
      'compare',
      '--source',
      source,
      '--a',
      'Ana',
      '--b',
      'Ben'
    )
    expect(compare.out).toContain('1 matching')
    expect(compare.out).toMatch(/¶4\s+marked by B only\s+Ben: “Ketim Veliyev”/)
  })

  it('says in one line why there is no figure or what is wrong', async () => {
    const { archive, source } = await twoCoders()
    const solo = await cli(
      '--archive',
      archive,
      'agreement',
      '--source',
      source,
      '--members',
      'Ana'
    )
    expect(solo.out).toContain('No figures: only one coder (Ana) annotated this source.')
    const noTag = await cli('--archive', archive, 'agreement', '--source', source, '--tag', 'Nope')
    expect(noTag.code).toBe(1)
    expect(noTag.errLines).toEqual(['parallax agreement: There is no tag named "Nope".'])
    const noSource = await cli('--archive', archive, 'agreement')
    expect(noSource.errLines).toEqual(['parallax agreement: Say which source: --source ID.'])
  })
})
