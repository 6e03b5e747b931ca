// The CLI in-process: commands over a real archive file, JSON output for scripts, and one-line errors with exit statuses.

import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import type { SearchResults, Source, SourceSummary } from '../../../src/shared/model'
import { RESOURCES, fileBytes, tempDir } from '../../helpers/archive'
import { cli, type CliRun } from '../../helpers/cli'

const ENGLISH = 'Commemoration of the 107th anniversary of the taking of Baku (news report)'
const FRENCH = 'Bataille de Bakou'

function archivePath(): string {
  return join(tempDir(), 'cli.parallax')
}

describe('commands', () => {
  it('--with-sample list prints both titles', async () => {
    const path = archivePath()
    const run = await cli('--archive', path, '--with-sample', 'list')
    expect(run.code).toBe(0)
    expect(run.out).toContain(ENGLISH)
    expect(run.out).toContain(FRENCH)
    expect(run.err).toBe('')
  })

  it('list --json prints JSON that parses to the sources', async () => {
    const path = archivePath()
    await cli('--archive', path, '--with-sample', 'list')
    const run = await cli('--archive', path, 'list', '--json')
    expect(run.code).toBe(0)
    const list = JSON.parse(run.out) as SourceSummary[]
    expect(list.map((s) => s.title).sort()).toEqual([ENGLISH, FRENCH].sort())
  })

  it('list takes --filter, --sort and --descending', async () => {
    const path = archivePath()
    await cli('--archive', path, '--with-sample', 'list')
    const filtered = JSON.parse(
      (await cli('--archive', path, 'list', '--filter', 'BATAILLE', '--json')).out
    ) as SourceSummary[]
    expect(filtered.map((s) => s.title)).toEqual([FRENCH])
    const sorted = JSON.parse(
      (await cli('--archive', path, 'list', '--sort', 'title', '--descending', '--json')).out
    ) as SourceSummary[]
    expect(sorted.map((s) => s.title)).toEqual([ENGLISH, FRENCH].sort().reverse())
    const bad = await cli('--archive', path, 'list', '--sort', 'colour')
    expect(bad.code).toBe(1)
    expect(bad.errLines).toHaveLength(1)
    expect(bad.err).toMatch(/--sort must be one of/)
  })

  it('show ID prints the metadata and the text', async () => {
    const path = archivePath()
    const list = JSON.parse(
      (await cli('--archive', path, '--with-sample', 'list', '--json')).out
    ) as SourceSummary[]
    const french = list.find((s) => s.title === FRENCH)!
    const run = await cli('--archive', path, 'show', french.id)
    expect(run.code).toBe(0)
    expect(run.out).toContain(`Title:       ${FRENCH}`)
    expect(run.out).toContain('Language:    fr')
    expect(run.out).toContain('Artilleurs azéris et turcs')
    const json = JSON.parse(
      (await cli('--archive', path, 'show', french.id, '--json')).out
    ) as Source
    expect(json.id).toBe(french.id)
    expect(json.text.startsWith('Artilleurs azéris')).toBe(true)
  })

  it('search baki --json returns hits in both sources', async () => {
    const path = archivePath()
    await cli('--archive', path, '--with-sample', 'list')
    const run = await cli('--archive', path, 'search', 'baki', '--json')
    expect(run.code).toBe(0)
    const results = JSON.parse(run.out) as SearchResults
    expect(new Set(results.hits.map((h) => h.sourceTitle))).toEqual(new Set([ENGLISH, FRENCH]))
  })

  it('search prints hits with the match marked, and says when nothing matches', async () => {
    const path = archivePath()
    await cli('--archive', path, '--with-sample', 'list')
    const run = await cli('--archive', path, 'search', 'Dunsterville')
    expect(run.code).toBe(0)
    expect(run.out).toContain('[Dunsterville]')
    expect(run.out).toContain(FRENCH)
    const none = await cli('--archive', path, 'search', 'zanzibar')
    expect(none.code).toBe(0)
    expect(none.out).toMatch(/No passage matches "zanzibar"/)
  })

  it('search joins several words and takes exclusions after --', async () => {
    const path = archivePath()
    await cli('--archive', path, '--with-sample', 'list')
    const both = JSON.parse(
      (await cli('--archive', path, 'search', '--json', 'Nuri', 'Pasha')).out
    ) as SearchResults
    expect(both.terms).toEqual([['nuri'], ['pasha']])
    const excluded = JSON.parse(
      (await cli('--archive', path, 'search', '--json', '--', 'Nuri', '-Enver')).out
    ) as SearchResults
    expect(excluded.hits.length).toBeGreaterThan(0)
    expect(excluded.hits.every((h) => !/Enver/.test(h.snippet))).toBe(true)
  })

  it('import FILE then list shows it', async () => {
    const dir = tempDir()
    const path = join(dir, 'a.parallax')
    const file = join(dir, 'memo.txt')
    writeFileSync(file, 'A memo about Batumi\n\nThe treaty was signed in Batumi.')
    const run = await cli('--archive', path, 'import', file)
    expect(run.code).toBe(0)
    expect(run.err).toMatch(/^\[1\/1\] imported A memo about Batumi$/m)
    expect(run.out).toBe('Imported 1 file; 0 skipped as duplicates; 0 failed.')
    const list = await cli('--archive', path, 'list')
    expect(list.out).toContain('A memo about Batumi')
    const again = await cli('--archive', path, 'import', file)
    expect(again.code).toBe(0)
    expect(again.err).toMatch(/^\[1\/1\] skipped memo\.txt: already in the archive/m)
  })

  it('import reports a bad file with exit 1 and still imports the good ones', async () => {
    const dir = tempDir()
    const path = join(dir, 'a.parallax')
    writeFileSync(join(dir, 'good.txt'), 'Good text.')
    writeFileSync(join(dir, 'empty.txt'), '')
    const run = await cli(
      '--archive',
      path,
      'import',
      join(dir, 'good.txt'),
      join(dir, 'empty.txt')
    )
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/^\[2\/2\] failed: .*empty\.txt: the file is empty\.$/m)
    const list = JSON.parse((await cli('--archive', path, 'list', '--json')).out) as SourceSummary[]
    expect(list.map((s) => s.title)).toEqual(['good'])
  })

  it('without --with-sample creates an EMPTY archive (no sources, no tags)', async () => {
    const path = archivePath()
    const run = await cli('--archive', path, 'list', '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.out)).toEqual([])
    expect((await cli('--archive', path, 'list')).out).toBe('No sources.')
    const archive = Archive.open({ path, resourcesDir: RESOURCES })
    try {
      expect(await archive.listTags()).toEqual([])
      expect(await archive.listVariantSets()).toEqual([])
    } finally {
      archive.close()
    }
  })

  it('--help prints the usage with every command and exits 0', async () => {
    const run = await cli('--help')
    expect(run.code).toBe(0)
    for (const command of ['import', 'list', 'show', 'search']) expect(run.out).toContain(command)
  })
})

describe('errors', () => {
  function expectOneLine(run: CliRun, code: number, pattern?: RegExp): void {
    expect(run.code).toBe(code)
    expect(run.errLines, run.err).toHaveLength(1)
    if (pattern) expect(run.errLines[0]).toMatch(pattern)
  }

  it('an unknown command exits 2 with one line', async () => {
    const run = await cli('--archive', archivePath(), 'frobnicate')
    expectOneLine(run, 2, /unknown command "frobnicate"/)
  })

  it('no command at all exits 2 with the usage', async () => {
    const run = await cli()
    expect(run.code).toBe(2)
    expect(run.out).toMatch(/^Usage:/)
  })

  it('an unknown option exits 2 with one line', async () => {
    const run = await cli('--archive', archivePath(), 'list', '--colour')
    expectOneLine(run, 2, /--colour/)
  })

  it('show NOPE exits 1 with one line saying there is no such source', async () => {
    const run = await cli('--archive', archivePath(), 'show', 'NOPE2345')
    expectOneLine(run, 1, /No source/)
  })

  it('show without an id exits 1 with one line', async () => {
    expectOneLine(await cli('--archive', archivePath(), 'show'), 1, /ID/)
  })

  it('import of a missing file exits 1 with one line naming it', async () => {
    const dir = tempDir()
    const missing = join(dir, 'missing.txt')
    const run = await cli('--archive', join(dir, 'a.parallax'), 'import', missing)
    expectOneLine(run, 1, /missing\.txt/)
  })

  it('import of a folder with nothing importable exits 1 with one line', async () => {
    const dir = tempDir()
    expectOneLine(
      await cli('--archive', join(dir, 'a.parallax'), 'import', dir),
      1,
      /Found no file to import in/
    )
  })

  it('--archive pointing at a text file exits 1 with "not a Parallax archive" and leaves the file alone', async () => {
    const dir = tempDir()
    const path = join(dir, 'notes.txt')
    writeFileSync(path, 'My notes, not an archive.\n'.repeat(20))
    const before = fileBytes(path)
    const run = await cli('--archive', path, 'list')
    expectOneLine(run, 1, /not a Parallax archive/)
    expect(fileBytes(path).equals(before)).toBe(true)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('--archive pointing at a folder exits 1 with one line naming it', async () => {
    const dir = tempDir()
    expectOneLine(await cli('--archive', dir, 'list'), 1, new RegExp(dir))
  })

  it('--archive in nested folders that do not exist yet creates them and the archive', async () => {
    const path = join(tempDir(), 'missing', 'deeper', 'a.parallax')
    const run = await cli('--archive', path, '--with-sample', 'list')
    expect(run.code, run.err).toBe(0)
    expect(run.out).toContain(FRENCH)
    expect(existsSync(path)).toBe(true)
  })

  it('search --limit that is not a number exits 1 with one line', async () => {
    expectOneLine(
      await cli('--archive', archivePath(), 'search', 'baku', '--limit', 'ten'),
      1,
      /limit/
    )
  })

  it('search with only an exclusion after -- exits 1 with one line', async () => {
    expectOneLine(await cli('--archive', archivePath(), 'search', '--', '-x'), 1, /not excluded/)
  })

  it('search with only "-x" exits 1 with one line', async () => {
    expectOneLine(await cli('--archive', archivePath(), 'search', '-x'), 1, /not excluded/)
  })

  it('search with an exclusion typed as on the usage line works', async () => {
    const path = archivePath()
    await cli('--archive', path, '--with-sample', 'list')
    const run = await cli('--archive', path, 'search', 'Nuri', '-Enver')
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
  })

  it('search without a query exits 1 with one line', async () => {
    expectOneLine(await cli('--archive', archivePath(), 'search'), 1, /word/)
  })
})
