// CLI set-metadata: fields set through updateSource, cleared with "", creators with roles; bad values refused with one line and nothing changed.

import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SourceSummary } from '../../../src/shared/model'
import { tempDir } from '../../helpers/archive'
import { cli } from '../../helpers/cli'

async function sample(): Promise<{ path: string; id: string }> {
  const path = join(tempDir(), 'meta.parallax')
  await cli('--archive', path, '--with-sample', 'list')
  const list = JSON.parse((await cli('--archive', path, 'list', '--json')).out) as SourceSummary[]
  return { path, id: list.find((s) => s.title === 'Bataille de Bakou')!.id }
}

describe('set-metadata', () => {
  it('sets title, language, date, kind and creators with roles, and clears a field with ""', async () => {
    const { path, id } = await sample()
    const run = await cli(
      '--archive',
      path,
      'set-metadata',
      id,
      '--title',
      'La bataille de Bakou (1918)',
      '--language',
      'FR-fr',
      '--date',
      '1918-09-15',
      '--kind',
      'encyclopedia',
      '--creator',
      'Wikipédia',
      '--creator',
      'Smith, Anna (translator)',
      '--url',
      ''
    )
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    expect(run.out).toContain('language: fr-FR')
    const shown = JSON.parse((await cli('--archive', path, 'show', id, '--json')).out)
    expect(shown).toMatchObject({
      title: 'La bataille de Bakou (1918)',
      language: 'fr-FR',
      date: '1918-09-15',
      kind: 'encyclopedia',
      url: '',
      creators: [
        { name: 'Wikipédia', role: 'author' },
        { name: 'Smith, Anna', role: 'translator' }
      ]
    })
  })

  it('refuses a bad language tag or no field at all with one line, and changes nothing', async () => {
    const { path, id } = await sample()
    const before = (await cli('--archive', path, 'show', id, '--json')).out
    const bad = await cli('--archive', path, 'set-metadata', id, '--language', 'not a tag!')
    expect(bad.code).toBe(1)
    expect(bad.errLines).toHaveLength(1)
    expect(bad.err).toMatch(/is not a language tag/)
    const none = await cli('--archive', path, 'set-metadata', id)
    expect(none.code).toBe(1)
    expect(none.errLines).toEqual([
      'parallax set-metadata: give at least one field to set, such as --language fr or --date 1918-09-15.'
    ])
    expect((await cli('--archive', path, 'show', id, '--json')).out).toBe(before)
  })
})
