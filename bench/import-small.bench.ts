// Many small files against the same text in large files, imported as the app does, and both against the
// paragraph-index floor for the same bytes, all in one run (npx tsx bench/import-small.bench.ts).

import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as ImportFilesModule from '../src/main/archive/import-files'
import type * as ImportersModule from '../src/main/archive/importers'
import type * as ThreadedModule from '../src/main/writer/threaded-session'
import Database from 'better-sqlite3'
import { importBatches } from '../src/shared/import-batches'
import { mbps } from './bare-fts'
import { buildCorpus, letters } from './corpus'
import { prepare, writeIndex } from './floor'
import { ROOT, loadModule, median } from './runner'

const ROUNDS = 3
const BYTES = 12_000_000
const CLI = join(ROOT, 'out', 'main', 'cli.js')
const WRITER = join(ROOT, 'out', 'main', 'writer-worker.js')

/** A file to import, as the app sends it. */
type BenchFile = { name: string; data: Uint8Array }

/** The corpus's letters as files (as a folder of letters would be). */
function smallFiles(texts: string[]): BenchFile[] {
  return letters(texts).map((text, i) => ({
    name: `letter-${i}.txt`,
    data: Buffer.from(text, 'utf8') as Uint8Array
  }))
}

/** CPU time (ms) this process's child processes (the import workers) have used, from /proc; NaN elsewhere. */
function childrenCpu(): number {
  let total = 0
  try {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        // Fields after the command's closing parenthesis: state, ppid, …, utime (12th), stime.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
        if (Number(fields[1]) === process.pid)
          total += (Number(fields[11]) + Number(fields[12])) * 10
      } catch {
        // Ended meanwhile.
      }
    }
  } catch {
    return NaN
  }
  return total
}

/**
 * Sends `files` to `importFiles` in the app's requests (importBatches), as the library's drop
 * does: the next request is sent while one is written. Throws on a file that failed.
 */
async function sendInBatches(
  importFiles: (batch: BenchFile[]) => Promise<{ failed: unknown[] }>,
  files: BenchFile[]
): Promise<void> {
  const check = (report: { failed: unknown[] }): void => {
    if (report.failed.length) throw new Error(JSON.stringify(report.failed.slice(0, 2)))
  }
  let sent: Promise<{ failed: unknown[] }> | null = null
  for (const [i, end] of importBatches(files.map((f) => f.data.byteLength))) {
    const request = importFiles(files.slice(i, end))
    request.catch(() => {})
    if (sent) check(await sent)
    sent = request
  }
  if (sent) check(await sent)
}

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const importers = await loadModule<typeof ImportersModule>('src/main/archive/importers/index.ts')
  const importFiles = await loadModule<typeof ImportFilesModule>('src/main/archive/import-files.ts')
  const { ThreadedSession } = await loadModule<typeof ThreadedModule>(
    'src/main/writer/threaded-session.ts'
  )
  const texts = buildCorpus(BYTES).documents.map((d) => d.text)
  const large = texts.map((t, i) => ({
    name: `document-${i}.txt`,
    data: Buffer.from(t, 'utf8') as Uint8Array
  }))
  const small = smallFiles(texts)
  // Texts of the corpus beyond these 12 MB, for warming the writing thread up.
  const timed = new Set(texts)
  const others = buildCorpus(BYTES + 2_000_000)
    .documents.map((d) => d.text)
    .filter((t) => !timed.has(t))
  const warmUp = [
    ...smallFiles(others.slice(10)).slice(0, 300),
    ...others.slice(0, 10).map((t, i) => ({ name: `other-${i}.txt`, data: Buffer.from(t) }))
  ].map((f) => ({ ...f, name: `warm-up-${f.name}` }))
  const bytes = large.reduce((n, f) => n + f.data.byteLength, 0)
  const dir = mkdtempSync(join(tmpdir(), 'parallax-import-small-'))
  let runs = 0

  /** CPU (ms) of each import's main thread and of its import workers, per file, by run. */
  const cpu = new Map<unknown[], { main: number[]; workers: number[] }>()
  const importAll = async (files: BenchFile[]): Promise<number> => {
    const archive = Archive.open({
      path: join(dir, `run-${runs++}.parallax`),
      resourcesDir: join(ROOT, 'resources')
    })
    const main0 = process.cpuUsage()
    const workers0 = childrenCpu()
    const t0 = performance.now()
    await sendInBatches((batch) => archive.importFiles(batch), files)
    archive.database.pragma('wal_checkpoint(TRUNCATE)')
    const ms = performance.now() - t0
    const main = process.cpuUsage(main0)
    const used = cpu.get(files) ?? { main: [], workers: [] }
    used.main.push((main.user + main.system) / 1000 / files.length)
    used.workers.push((childrenCpu() - workers0) / files.length)
    cpu.set(files, used)
    archive.close()
    return ms
  }
  /**
   * The import as the desktop app and serve mode make it: the archive open in its writing thread
   * (the built one, out/main/writer-worker.js, as serve mode runs it), which reads each request's
   * files in its import workers and writes them, two requests in flight as the library's drop sends
   * them. Timed from the first request until the last is answered and the write-ahead log
   * checkpointed (as importAll). Not timed: the thread's start, and a first import of other texts
   * (300 letters and 10 large files, 2 MB), so that the thread runs warm, as in an app that has
   * imported before, like the one-thread import's later rounds (a cold thread took 10-25% longer).
   */
  const importThreaded = async (files: BenchFile[]): Promise<number> => {
    const path = join(dir, `run-${runs++}.parallax`)
    const session = await ThreadedSession.open({
      path,
      resourcesDir: join(ROOT, 'resources'),
      readWorkers: 0,
      copiesDir: dir,
      logPrefix: 'bench: ',
      warmImports: true,
      worker: { filename: WRITER, execArgv: [] }
    })
    try {
      await sendInBatches((batch) => session.api.importFiles(batch), warmUp)
      const t0 = performance.now()
      await sendInBatches((batch) => session.api.importFiles(batch), files)
      const db = new Database(path)
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
      return performance.now() - t0
    } finally {
      await session.stop()
    }
  }

  /**
   * The import's write alone: the same batches read and checked beforehand (as the import workers
   * do), then admitted and written as importFiles writes them, timed from the first write.
   */
  const writeAlone = async (files: BenchFile[]): Promise<number> => {
    const read = []
    for (const [i, end] of importBatches(files.map((f) => f.data.byteLength))) {
      read.push(await importFiles.readImport(files.slice(i, end)))
    }
    const archive = Archive.open({
      path: join(dir, `run-${runs++}.parallax`),
      resourcesDir: join(ROOT, 'resources')
    })
    const t0 = performance.now()
    for (const batch of read) {
      const report = archive.importRead(batch)
      if (report.failed.length) throw new Error(JSON.stringify(report.failed.slice(0, 2)))
    }
    archive.database.pragma('wal_checkpoint(TRUNCATE)')
    const ms = performance.now() - t0
    archive.close()
    return ms
  }

  /**
   * The built CLI importing the letters as a folder, the whole command (a fresh process: its start,
   * the workers' start, reading the files from disk); NaN when the CLI is not built.
   */
  const cliImport = (files: BenchFile[]): number => {
    if (!existsSync(CLI)) return NaN
    const folder = join(dir, `folder-${files.length}`)
    if (!existsSync(folder)) {
      mkdirSync(folder)
      for (const f of files) writeFileSync(join(folder, f.name), f.data)
    }
    const t0 = performance.now()
    const run = spawnSync(
      process.execPath,
      [CLI, '--archive', join(dir, `cli-${runs++}.parallax`), 'import', folder],
      { encoding: 'utf8' }
    )
    const ms = performance.now() - t0
    if (run.status !== 0) throw new Error(`the CLI import failed: ${run.stderr.slice(-500)}`)
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
    floorLarge: [] as number[],
    writeSmall: [] as number[],
    threadSmall: [] as number[],
    threadLarge: [] as number[],
    writeLarge: [] as number[],
    cliSmall: [] as number[]
  }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      t.large.push(await importAll(large))
      t.small.push(await importAll(small))
      t.floorLarge.push(floor(large))
      t.floorSmall.push(floor(small))
      t.writeLarge.push(await writeAlone(large))
      t.writeSmall.push(await writeAlone(small))
      t.cliSmall.push(cliImport(small))
      if (existsSync(WRITER)) {
        t.threadLarge.push(await importThreaded(large))
        t.threadSmall.push(await importThreaded(small))
      }
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
  for (const [name, files] of [
    ['large', large],
    ['small', small]
  ] as const) {
    const used = cpu.get(files)!
    console.log(
      `${name} files, CPU a file: ${median(used.main).toFixed(2)} ms in the archive's process, ${median(used.workers).toFixed(2)} ms in the import workers; the floor's time a file ${((name === 'large' ? fl : fs) / files.length).toFixed(2)} ms`
    )
  }
  const [ws, wl] = [median(t.writeSmall), median(t.writeLarge)]
  console.log(
    `the write alone (files read beforehand): large ${mbps(bytes, wl).toFixed(1)} MB/s, ${(wl / fl).toFixed(2)}x the floor; small ${mbps(bytes, ws).toFixed(1)} MB/s, ${(ws / fs).toFixed(2)}x the floor`
  )
  const cs = median(t.cliSmall)
  console.log(
    Number.isNaN(cs)
      ? 'the CLI importing the small files as a folder: not measured (run `npm run build` first)'
      : `the CLI importing the small files as a folder (the whole command): ${mbps(bytes, cs).toFixed(1)} MB/s, ${(cs / fs).toFixed(2)}x the floor`
  )
  if (t.threadSmall.length === 0) {
    console.log(
      'as the app and serve mode import: not measured (it runs the built writing thread: run `npm run build` first), so the aims are not judged'
    )
    return
  }
  const [ts, tl] = [median(t.threadSmall), median(t.threadLarge)]
  console.log(
    `as the app and serve mode import (through the archive's writing thread): large ${mbps(bytes, tl).toFixed(1)} MB/s, ${(tl / fl).toFixed(2)}x the floor; small ${mbps(bytes, ts).toFixed(1)} MB/s, ${(ts / fs).toFixed(2)}x the floor`
  )
  // The aims are judged on the app's import; the lines above are the CLI's (one thread).
  const ratio = tl / ts
  const worst = Math.max(ts / fs, tl / fl)
  console.log(
    `the app's import, small against large: ${ratio.toFixed(2)} of the MB/s (aim ≥ 0.8) ${ratio >= 0.8 ? 'MET' : 'MISSED'} (one thread ${(l / s).toFixed(2)}, the write alone ${(wl / ws).toFixed(2)}, the floor itself ${(fl / fs).toFixed(2)}); against the floor: ${worst.toFixed(2)}x (aim ≤ 1.5) ${worst <= 1.5 ? 'MET' : 'MISSED'} (one thread ${Math.max(s / fs, l / fl).toFixed(2)}x)`
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
