// Issue 13's hostile files, built here: each import stays under the memory bound, is read off the main thread, and other calls carry on.

import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import {
  DEFAULT_IMPORT_LIMITS,
  closeImportWorkers,
  setImportLimits
} from '../../../src/main/archive/importers'
import { RESOURCES, tempDir } from '../../helpers/archive'
import { bloatedDocx, bloatedPdf } from '../../helpers/hostile-files'
import { articleParagraphs, newsPage } from './importers/fixtures'

/** The stated bound: no import takes the app (its process and its import workers together) past 1 GB. */
const BOUND_KB = 1024 * 1024

const dir = tempDir('parallax-hostile-')
const files: Record<string, string> = {}

beforeAll(async () => {
  const write = (name: string, bytes: Uint8Array): void => {
    files[name] = join(dir, name)
    writeFileSync(files[name], bytes)
  }
  write('bloated-190.docx', await bloatedDocx(190))
  write('bloated-25.docx', await bloatedDocx(25))
  write('bloated-300.pdf', bloatedPdf(300))
}, 120_000)

afterAll(async () => {
  await closeImportWorkers()
})

/** Imports files in a child process (the CLI's path through the core) and reads its peak RSS. */
function importInChild(...paths: string[]): {
  /** The importing process's peak plus its import workers' peak: an upper bound of the whole. */
  peakKb: number
  imported: { title: string; length: number }[]
  failed: string[]
} {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      './bench/peak-rss.mjs',
      '--import',
      'tsx',
      'tests/helpers/import-child.ts',
      join(tempDir(), 'a.parallax'),
      ...paths
    ],
    {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, PARALLAX_REPORT_WORKER_RSS: '1' }
    }
  )
  expect(result.status, result.stderr).toBe(0)
  const mainKb = Number(/PEAK_RSS_KB (\d+)/.exec(result.stderr)?.[1] ?? 0)
  const workerKb = Math.max(
    ...[...result.stderr.matchAll(/WORKER_PEAK_RSS_KB (\d+)/g)].map((m) => Number(m[1]))
  )
  expect(workerKb).toBeGreaterThan(0)
  return { peakKb: mainKb + workerKb, ...JSON.parse(result.stdout) }
}

describe('hostile imports (issue 13)', () => {
  it('reads small files several to a worker call, and one that breaks the cap among them fails alone', async () => {
    const archive = Archive.open({ path: join(tempDir(), 'a.parallax'), resourcesDir: RESOURCES })
    const enc = new TextEncoder()
    // A 250 KB page is small enough to share a call with letters, and needs more than 16 MB as a
    // DOM; a letter does not.
    const page = enc.encode(newsPage({ paragraphs: articleParagraphs(1150) }))
    expect(page.byteLength).toBeLessThan(256 * 1024)
    const letters = Array.from({ length: 6 }, (_, i) => ({
      name: `letter-${i + 1}.txt`,
      data: enc.encode(
        `Letter ${i + 1} from the harbour, written on the ${i + 3}rd day of the strike.\n`
      )
    }))
    try {
      setImportLimits({ heapMb: 16 })
      const report = await archive.importFiles([
        ...letters.slice(0, 3),
        { name: 'page.html', data: page },
        ...letters.slice(3)
      ])
      expect(report.failed.map((f) => f.message)).toEqual([
        'page.html: this file needs more than 16 MB to read, more than Parallax gives one import; it was not imported.'
      ])
      expect(report.imported.map((s) => s.title)).toEqual(letters.map((l) => l.name.slice(0, -4)))
      expect(await archive.listSources()).toHaveLength(6)
    } finally {
      setImportLimits(DEFAULT_IMPORT_LIMITS)
      archive.close()
    }
  }, 120_000)

  it('imports the 1.9 MB Word file of 190 MB XML under the bound (it used to abort at 4.8 GB)', () => {
    const run = importInChild(files['bloated-190.docx'])
    expect(run.failed).toEqual([])
    expect(run.imported[0].length).toBeGreaterThan(4_000_000)
    expect(run.peakKb).toBeGreaterThan(0)
    expect(run.peakKb).toBeLessThan(BOUND_KB)
  }, 240_000)

  it('imports the 250 KB Word file of 25 MB XML and refuses the PDF of 300 MB content, both under the bound', () => {
    const run = importInChild(files['bloated-25.docx'], files['bloated-300.pdf'])
    expect(run.imported).toHaveLength(1)
    expect(run.failed).toEqual([
      'bloated-300.pdf: its text is longer than 20,000,000 characters, the most one source holds; split it and import the parts.'
    ])
    expect(run.peakKb).toBeLessThan(BOUND_KB)
  }, 240_000)

  it('answers other calls while a long import reads in its worker', async () => {
    const archive = Archive.open({ path: join(tempDir(), 'a.parallax'), resourcesDir: RESOURCES })
    let importDone = false
    const importing = archive
      .importFiles([{ name: 'big.docx', data: new Uint8Array(await bloatedDocx(190)) }])
      .finally(() => (importDone = true))
    const listed = await archive.listSources()
    expect(listed).toEqual([])
    expect(importDone).toBe(false)
    expect((await importing).imported).toHaveLength(1)
    archive.close()
  }, 120_000)

  it('refuses a file over the heap cap or the time limit with one line, and the next import works', async () => {
    const archive = Archive.open({ path: join(tempDir(), 'a.parallax'), resourcesDir: RESOURCES })
    try {
      // A 3 MB page needs about 100 MB as a DOM: over a 40 MB cap.
      setImportLimits({ heapMb: 40 })
      const page = new TextEncoder().encode(newsPage({ paragraphs: articleParagraphs(12_000) }))
      const memory = await archive.importFiles([{ name: 'page.html', data: page }])
      expect(memory.failed.map((f) => f.message)).toEqual([
        'page.html: this file needs more than 40 MB to read, more than Parallax gives one import; it was not imported.'
      ])
      setImportLimits({ heapMb: DEFAULT_IMPORT_LIMITS.heapMb, timeoutMs: 1000 })
      const slow = await archive.importFiles([{ name: 'slow.pdf', data: bloatedPdf(300) }])
      expect(slow.failed.map((f) => f.message)).toEqual([
        'slow.pdf: this file took longer than 1 s to read, more than Parallax gives one import; it was not imported.'
      ])
      setImportLimits(DEFAULT_IMPORT_LIMITS)
      const ok = await archive.importFiles([
        { name: 'note.txt', data: new TextEncoder().encode('A short note.\n') }
      ])
      expect(ok.imported).toHaveLength(1)
      expect(await archive.listSources()).toHaveLength(1)
    } finally {
      setImportLimits(DEFAULT_IMPORT_LIMITS)
      archive.close()
    }
  }, 120_000)
})
