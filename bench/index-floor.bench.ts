// How fast can any paragraph-level search index be written here? Lower bounds for the import aim, against bare FTS5 in the same run (npx tsx bench/index-floor.bench.ts).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { importBatches } from '../src/shared/import-batches'
import { bareFtsImport, mbps, openBenchDb } from './bare-fts'
import { buildCorpus } from './corpus'
import { indexSchema, prepare, writeIndex, type Row } from './floor'
import { median } from './runner'

const ROUNDS = 3
const AIM = 20

async function main(): Promise<void> {
  const corpus = buildCorpus()
  const files = corpus.documents.map((d) => new Uint8Array(Buffer.from(d.text, 'utf8')))
  const bytes = files.reduce((n, f) => n + f.byteLength, 0)
  const batches = importBatches(files.map((f) => f.byteLength))
  // Inputs for the index-only runs, prepared once outside the timing.
  let nextRow = 1
  const prepared = files.map((f, i) => {
    const p = prepare(f, `s${i}`, nextRow)
    nextRow += p.rows.length
    return p
  })
  const dir = mkdtempSync(join(tmpdir(), 'parallax-index-floor-'))
  let runs = 0
  const path = (): string => join(dir, `run-${runs++}.sqlite`)

  const indexOnly = (withBodies: boolean): number =>
    writeIndex(path(), prepared, batches, withBodies)

  /**
   * The whole import split over two cores: this thread prepares each request and stores its sources
   * and texts, a worker thread writes the paragraph index into a second file meanwhile. Timed until
   * both files are written and checkpointed (that is, until the import is searchable).
   */
  async function twoThreads(): Promise<{ ms: number; storedMs: number }> {
    const db = openBenchDb(path())
    db.exec(`CREATE TABLE sources (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
      CREATE TABLE revisions (source_id TEXT NOT NULL, n INTEGER NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (source_id, n));`)
    const insertSource = db.prepare('INSERT INTO sources (id, content_hash) VALUES (?, ?)')
    const insertRevision = db.prepare('INSERT INTO revisions (source_id, n, text) VALUES (?, 1, ?)')
    const worker = new Worker(new URL('./index-worker.mjs', import.meta.url), {
      workerData: { path: path(), schema: indexSchema(true) }
    })
    let pending = 0
    let drained: (() => void) | undefined
    worker.on('message', () => {
      pending--
      if (pending === 0) drained?.()
    })
    const send = (message: unknown): void => {
      pending++
      worker.postMessage(message)
    }
    let row = 1
    const t0 = performance.now()
    for (const [i, end] of batches) {
      const rows: Row[] = []
      db.transaction(() => {
        for (let k = i; k < end; k++) {
          const p = prepare(files[k], `s${k}`, row)
          row += p.rows.length
          insertSource.run(`s${k}`, p.hash)
          insertRevision.run(`s${k}`, p.text)
          rows.push(...p.rows)
        }
      })()
      send(rows)
      // As between two requests of the app: the event loop turns, the worker already has its batch.
      await new Promise((resolve) => setImmediate(resolve))
    }
    db.pragma('wal_checkpoint(TRUNCATE)')
    const storedMs = performance.now() - t0
    send('close')
    await new Promise<void>((resolve) => {
      drained = resolve
    })
    const ms = performance.now() - t0
    db.close()
    await worker.terminate()
    return { ms, storedMs }
  }

  const samples = { bare: [] as number[], contentless: [] as number[], bodies: [] as number[] }
  const two = { ms: [] as number[], stored: [] as number[] }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      samples.bare.push(bareFtsImport(path(), files, batches))
      samples.contentless.push(indexOnly(false))
      samples.bodies.push(indexOnly(true))
      const t = await twoThreads()
      two.ms.push(t.ms)
      two.stored.push(t.storedMs)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const base = median(samples.bare)
  const line = (label: string, ms: number, note = ''): void =>
    console.log(
      `${label.padEnd(58)} ${mbps(bytes, ms).toFixed(1).padStart(5)} MB/s   ${(ms / base).toFixed(2)}x bare time${note}`
    )
  console.log(
    `Parallax index floor, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}: ${(bytes / 1e6).toFixed(1)} MB in ${files.length} files, ${nextRow - 1} passages, ${batches.length} requests; median of ${ROUNDS}`
  )
  line('bare FTS5, whole documents with their text (baseline)', base)
  line('paragraph index alone, inputs ready, no text kept', median(samples.contentless))
  line('paragraph index with the bodies highlight() reads', median(samples.bodies))
  line(
    'two threads: sources here, index in a worker (searchable)',
    median(two.ms),
    `   (texts stored after ${(median(two.stored) / 1000).toFixed(2)} s)`
  )
  console.log(
    `Import aim ${AIM} MB/s: ${mbps(bytes, median(two.ms)) >= AIM ? 'reachable' : 'not reached'} with two threads; the index alone runs at ${mbps(bytes, median(samples.bodies)).toFixed(1)} MB/s.`
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
