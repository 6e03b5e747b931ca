// Many small files against the same text in large files, imported as the app does, and both against the
// paragraph-index floor for the same bytes, all in one run (npx tsx bench/import-small.bench.ts).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as ImportersModule from '../src/main/archive/importers'
import { importBatches } from '../src/shared/import-batches'
import { mbps } from './bare-fts'
import { buildCorpus, letters } from './corpus'
import { prepare, writeIndex } from './floor'
import { ROOT, loadModule, median } from './runner'

const ROUNDS = 3
const BYTES = 12_000_000

/** The corpus's letters as files (as a folder of letters would be). */
function smallFiles(texts: string[]): { name: string; data: Uint8Array }[] {
  return letters(texts).map((text, i) => ({
    name: `letter-${i}.txt`,
    data: Buffer.from(text, 'utf8') as Uint8Array
  }))
}

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const importers = await loadModule<typeof ImportersModule>('src/main/archive/importers/index.ts')
  const texts = buildCorpus(BYTES).documents.map((d) => d.text)
  const large = texts.map((t, i) => ({
    name: `document-${i}.txt`,
    data: Buffer.from(t, 'utf8') as Uint8Array
  }))
  const small = smallFiles(texts)
  const bytes = large.reduce((n, f) => n + f.data.byteLength, 0)
  const dir = mkdtempSync(join(tmpdir(), 'parallax-import-small-'))
  let runs = 0

  const importAll = async (files: { name: string; data: Uint8Array }[]): Promise<number> => {
    const archive = Archive.open({
      path: join(dir, `run-${runs++}.parallax`),
      resourcesDir: join(ROOT, 'resources')
    })
    const t0 = performance.now()
    // As the app sends them: the next batch is read while one is written.
    const check = (report: { failed: unknown[] }): void => {
      if (report.failed.length) throw new Error(JSON.stringify(report.failed.slice(0, 2)))
    }
    let sent: Promise<{ failed: unknown[] }> | null = null
    for (const [i, end] of importBatches(files.map((f) => f.data.byteLength))) {
      const request = archive.importFiles(files.slice(i, end))
      request.catch(() => {})
      if (sent) check(await sent)
      sent = request
    }
    if (sent) check(await sent)
    archive.database.pragma('wal_checkpoint(TRUNCATE)')
    const ms = performance.now() - t0
    archive.close()
    return ms
  }
  /** The floor: SQLite writing the paragraph index with its bodies for the same texts, inputs ready. */
  const floor = (files: { data: Uint8Array }[]): number => {
    let row = 1
    const prepared = files.map((f, i) => {
      const p = prepare(f.data, `s${i}`, row)
      row += p.rows.length
      return p
    })
    return writeIndex(
      join(dir, `floor-${runs++}.sqlite`),
      prepared,
      importBatches(files.map((f) => f.data.byteLength)),
      true
    )
  }

  // The import workers start and load their importers once, before anything is timed.
  await importAll(small.slice(0, 40))
  const t = {
    small: [] as number[],
    large: [] as number[],
    floorSmall: [] as number[],
    floorLarge: [] as number[]
  }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      t.large.push(await importAll(large))
      t.small.push(await importAll(small))
      t.floorLarge.push(floor(large))
      t.floorSmall.push(floor(small))
    }
  } finally {
    await importers.closeImportWorkers()
    rmSync(dir, { recursive: true, force: true })
  }
  const [s, l, fs, fl] = [
    median(t.small),
    median(t.large),
    median(t.floorSmall),
    median(t.floorLarge)
  ]
  console.log(
    `${(bytes / 1e6).toFixed(1)} MB as ${large.length} files of 50-200 kB and as ${small.length} files of 2-11 kB; median of ${ROUNDS}`
  )
  console.log(
    `large files  ${mbps(bytes, l).toFixed(1)} MB/s   ${(l / fl).toFixed(2)}x the index floor (${mbps(bytes, fl).toFixed(1)} MB/s)`
  )
  console.log(
    `small files  ${mbps(bytes, s).toFixed(1)} MB/s   ${(s / fs).toFixed(2)}x the index floor (${mbps(bytes, fs).toFixed(1)} MB/s)`
  )
  const ratio = l / s
  console.log(
    `small against large: ${ratio.toFixed(2)} of the MB/s (aim ≥ 0.8) ${ratio >= 0.8 ? 'MET' : 'MISSED'}; import against the floor: ${Math.max(s / fs, l / fl).toFixed(2)}x (aim ≤ 1.5) ${Math.max(s / fs, l / fl) <= 1.5 ? 'MET' : 'MISSED'}`
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
