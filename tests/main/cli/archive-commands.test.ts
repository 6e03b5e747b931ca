// CLI bundles, backups and bulk import: real files in temp folders, output as a user or a script reads it.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import type { BackupInfo, BundleImportReport, SourceSummary } from '../../../src/shared/model'
import { RESOURCES, fileBytes, tempDir } from '../../helpers/archive'
import { cli } from '../../helpers/cli'
import { dumpTables, populate } from '../../helpers/populated'

async function withArchive<T>(path: string, fn: (archive: Archive) => Promise<T>): Promise<T> {
  const archive = Archive.open({ path, resourcesDir: RESOURCES })
  try {
    return await fn(archive)
  } finally {
    archive.close()
  }
}

const titles = async (path: string): Promise<string[]> =>
  (JSON.parse((await cli('--archive', path, 'list', '--json')).out) as SourceSummary[])
    .map((s) => s.title)
    .sort()

describe('bundle export / import', () => {
  it('moves every record into a new archive', async () => {
    const dir = tempDir()
    const from = join(dir, 'from.parallax')
    const to = join(dir, 'to.parallax')
    const file = join(dir, 'whole.parallax-bundle')
    await cli('--archive', from, '--with-sample', 'list')
    await withArchive(from, populate)
    const exported = await cli('--archive', from, 'bundle', 'export', file)
    expect(exported.code).toBe(0)
    expect(exported.out).toMatch(/^wrote .*whole\.parallax-bundle \(\d+ bytes\)$/)
    const imported = await cli('--archive', to, 'bundle', 'import', file, '--json')
    expect(imported.code).toBe(0)
    expect((JSON.parse(imported.out) as BundleImportReport).sources).toEqual({
      added: 3,
      existing: 0
    })
    const again = await cli('--archive', to, 'bundle', 'import', file)
    expect(again.out).toContain('sources       0 added, 3 already here')
    const a = await withArchive(from, async (x) => dumpTables(x))
    const b = await withArchive(to, async (x) => dumpTables(x))
    expect(b).toEqual(a)
  })

  it('a file that is not a bundle: one line, exit 1, archive file untouched', async () => {
    const dir = tempDir()
    const path = join(dir, 'a.parallax')
    await cli('--archive', path, '--with-sample', 'list')
    const bogus = join(dir, 'notes.parallax-bundle')
    writeFileSync(bogus, 'not a bundle at all')
    const before = fileBytes(path)
    const run = await cli('--archive', path, 'bundle', 'import', bogus)
    expect(run.code).toBe(1)
    expect(run.errLines).toEqual([
      'parallax bundle: Cannot import this bundle: the file is not a Parallax bundle (not a ZIP file).'
    ])
    expect(fileBytes(path).equals(before)).toBe(true)
  })

  it('a wrong subcommand or an unwritable target: one line, exit 1, no partial file', async () => {
    const dir = tempDir()
    const path = join(dir, 'a.parallax')
    const wrong = await cli('--archive', path, 'bundle', 'send', 'x')
    expect(wrong.code).toBe(1)
    expect(wrong.errLines).toHaveLength(1)
    const target = join(dir, 'no-such-folder', 'b.parallax-bundle')
    const run = await cli('--archive', path, 'bundle', 'export', target)
    expect(run.code).toBe(1)
    expect(run.errLines).toHaveLength(1)
    expect(run.errLines[0]).toMatch(/Cannot write/)
    expect(existsSync(target)).toBe(false)
  })
})

describe('backup and backups', () => {
  it('backup prints the path of a copy that exists; backups lists it', async () => {
    const dir = tempDir()
    const path = join(dir, 'Class.parallax')
    const run = await cli('--archive', path, '--with-sample', 'backup')
    expect(run.code).toBe(0)
    expect(run.out.startsWith(join(dir, 'Backups', 'Class '))).toBe(true)
    expect(existsSync(run.out)).toBe(true)
    const list = JSON.parse((await cli('--archive', path, 'backups', '--json')).out) as BackupInfo[]
    expect(list.map((b) => b.path)).toEqual([run.out])
    expect((await cli('--archive', path, 'backups')).out).toContain(run.out)
  })

  it('backup-schedule shows and sets the schedule, refusing bad values', async () => {
    const path = join(tempDir(), 'a.parallax')
    expect((await cli('--archive', path, 'backup-schedule')).out).toMatch(/every 24 hours/)
    const set = await cli('--archive', path, 'backup-schedule', '--every', '0', '--keep', '5')
    expect(set.out).toBe('Scheduled backups are off; 5 copies are kept.')
    const bad = await cli('--archive', path, 'backup-schedule', '--keep', '0')
    expect(bad.code).toBe(1)
    expect(bad.errLines).toHaveLength(1)
  })
})

describe('import of folders and globs', () => {
  function folder(): string {
    const dir = tempDir()
    const docs = join(dir, 'docs')
    mkdirSync(join(docs, 'letters', 'more'), { recursive: true })
    mkdirSync(join(docs, '.hidden'))
    writeFileSync(join(docs, 'memo.txt'), 'A memo about Batumi\n\nThe treaty was signed in Batumi.')
    writeFileSync(
      join(docs, 'letters', 'one.md'),
      '# Letter one\n\nDear friend, the port is closed.'
    )
    writeFileSync(join(docs, 'letters', 'more', 'two.txt'), 'Letter two\n\nThe rail line is open.')
    writeFileSync(join(docs, 'letters', 'photo.jpg'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))
    writeFileSync(join(docs, '.secret.txt'), 'Hidden file')
    writeFileSync(join(docs, '.hidden', 'x.txt'), 'Hidden folder')
    return dir
  }

  it('a folder: every readable file inside, recursively, hidden ones left out; progress and summary', async () => {
    const dir = folder()
    const path = join(dir, 'a.parallax')
    const run = await cli('--archive', path, 'import', join(dir, 'docs'))
    expect(run.code).toBe(0)
    // Names in order, each folder's entries sorted, subfolders where their names fall.
    expect(run.errLines).toEqual([
      '[1/3] imported Letter two',
      '[2/3] imported Letter one',
      '[3/3] imported A memo about Batumi'
    ])
    expect(run.out).toBe(
      'Imported 3 files; 0 skipped as duplicates; 0 failed. (1 file of other types left out)'
    )
    expect(await titles(path)).toEqual(['A memo about Batumi', 'Letter one', 'Letter two'])
    // Again: every file is a duplicate now.
    const again = await cli('--archive', path, 'import', join(dir, 'docs'))
    expect(again.code).toBe(0)
    expect(again.errLines[1]).toMatch(
      /^\[2\/3\] skipped one\.md: already in the archive as \S+ \(Letter one\)$/
    )
    expect(again.out).toMatch(/^Imported 0 files; 3 skipped as duplicates; 0 failed\./)
  })

  it('a glob, with --json for scripts', async () => {
    const dir = folder()
    const path = join(dir, 'a.parallax')
    const run = await cli('--archive', path, 'import', join(dir, 'docs', '**', '*.txt'), '--json')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.out) as { imported: SourceSummary[]; failed: unknown[] }
    expect(report.imported.map((s) => s.title).sort()).toEqual([
      'A memo about Batumi',
      'Letter two'
    ])
    expect(report.failed).toEqual([])
    expect(run.errLines).toHaveLength(2)
  })

  it('one bad file among good ones: the others are imported, the bad one named, exit 1', async () => {
    const dir = folder()
    const docs = join(dir, 'docs')
    writeFileSync(join(docs, 'broken.docx'), readFileSync(join(docs, 'memo.txt')).subarray(0, 10))
    writeFileSync(join(docs, 'empty.txt'), '')
    const path = join(dir, 'a.parallax')
    const run = await cli('--archive', path, 'import', docs, join(dir, 'missing.txt'))
    expect(run.code).toBe(1)
    const failed = run.errLines.filter((l) => /failed: /.test(l))
    expect(failed).toHaveLength(3)
    expect(failed.find((l) => l.includes('broken.docx'))).toMatch(
      /^\[\d\/6\] failed: .*broken\.docx: /
    )
    expect(failed.find((l) => l.includes('missing.txt'))).toMatch(/no such file or folder/)
    expect(run.out).toBe(
      'Imported 3 files; 0 skipped as duplicates; 3 failed. (1 file of other types left out)'
    )
    expect(await titles(path)).toEqual(['A memo about Batumi', 'Letter one', 'Letter two'])
  })

  it('a folder of more files than one batch holds: every file a line in order, same names in two folders told apart', async () => {
    const dir = tempDir()
    const docs = join(dir, 'letters')
    mkdirSync(join(docs, 'a'), { recursive: true })
    mkdirSync(join(docs, 'b'))
    // 130 letters (more than the 100 of one transaction), a name found in two folders (one of
    // them empty), another empty file and a letter copied under another name.
    for (let i = 0; i < 130; i++) {
      const name = `letter-${String(i).padStart(3, '0')}.txt`
      writeFileSync(join(docs, name), `Letter ${i}\n\nThe courier brought word ${i} from Baku.`)
    }
    writeFileSync(join(docs, 'a', 'notes.txt'), 'Notes A\n\nFirst folder.')
    writeFileSync(join(docs, 'b', 'notes.txt'), '')
    writeFileSync(join(docs, 'letter-050.txt.bak.txt'), readFileSync(join(docs, 'letter-050.txt')))
    writeFileSync(join(docs, 'letter-070-empty.txt'), '')
    const path = join(dir, 'a.parallax')
    const run = await cli('--archive', path, 'import', docs)
    expect(run.code).toBe(1)
    const total = 134
    expect(run.errLines).toHaveLength(total)
    expect(run.errLines.map((l) => /^\[(\d+)\/134\] /.exec(l)?.[1])).toEqual(
      Array.from({ length: total }, (_, i) => String(i + 1))
    )
    expect(run.errLines).toContain('[1/134] imported Notes A')
    expect(run.errLines[1]).toBe(
      `[2/134] failed: ${join(docs, 'b', 'notes.txt')}: the file is empty.`
    )
    expect(run.errLines).toContain('[3/134] imported Letter 0')
    const copy = run.errLines.find((l) => l.includes('letter-050.txt.bak.txt'))
    const list = JSON.parse((await cli('--archive', path, 'list', '--json')).out) as SourceSummary[]
    const original = list.find((s) => s.title === 'Letter 50')!
    expect(copy).toMatch(
      /^\[\d+\/134\] skipped letter-050\.txt\.bak\.txt: already in the archive as /
    )
    expect(copy).toContain(`as ${original.id} (Letter 50)`)
    expect(run.errLines.find((l) => l.includes('letter-070-empty.txt'))).toMatch(
      new RegExp(
        `failed: ${join(docs, 'letter-070-empty.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `
      )
    )
    expect(run.out).toBe('Imported 131 files; 1 skipped as a duplicate; 2 failed.')
    expect(list).toHaveLength(131)
    expect((await cli('--archive', path, 'search', 'word 129')).out).toContain('Letter 129')
  })

  it('arguments that name nothing: one line, exit 1', async () => {
    const dir = tempDir()
    const path = join(dir, 'a.parallax')
    const missing = await cli('--archive', path, 'import', join(dir, 'nope.txt'))
    expect(missing.code).toBe(1)
    expect(missing.errLines).toEqual([
      `parallax import: ${join(dir, 'nope.txt')}: no such file or folder.`
    ])
    mkdirSync(join(dir, 'empty'))
    const empty = await cli('--archive', path, 'import', join(dir, 'empty'))
    expect(empty.code).toBe(1)
    expect(empty.errLines).toHaveLength(1)
    expect(empty.errLines[0]).toMatch(/Found no file to import/)
  })
})
