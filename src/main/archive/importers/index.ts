// Reads import files in worker processes with a memory cap and a time limit, so no file can exhaust, freeze or crash the app.

import { ArchiveError } from '../../../shared/errors'
import type { ImportFile } from '../../../shared/model'
import { WorkerLimitError, WorkerPool, WorkerStoppedError } from '../../workers/pool'
import { checkImportSize } from './formats'
import type { ImportedDocument } from './types'

export { IMPORT_EXTENSIONS } from './formats'
export { MAX_IMPORT_BYTES, type ImportedDocument } from './types'

/** The limits every import is read under. */
export interface ImportLimits {
  /** Heap cap of an import worker, in MB: with two workers and the main process, peak RSS stays under 1 GB. */
  heapMb: number
  /** Longest one file may take to read, in ms. */
  timeoutMs: number
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { heapMb: 320, timeoutMs: 120_000 }

let limits = DEFAULT_IMPORT_LIMITS
let pool: WorkerPool | null = null
let earlierPeakKb = 0

/**
 * The highest peak resident memory of an import worker process in this run, in KB: with the
 * caller's own peak, what an import cost in all (the benchmark and the memory tests add them).
 */
export function importWorkerPeakKb(): number {
  return Math.max(earlierPeakKb, pool?.peakRssKb ?? 0)
}

if (process.env.PARALLAX_REPORT_WORKER_RSS === '1') {
  process.on('exit', () => process.stderr.write(`WORKER_PEAK_RSS_KB ${importWorkerPeakKb()}\n`))
}

function importPool(): WorkerPool {
  // Processes, not threads: a file that runs a thread past its heap cap can abort the whole app.
  pool ??= new WorkerPool({
    worker: 'import-worker',
    isolation: 'process',
    maxHeapMb: limits.heapMb,
    timeoutMs: limits.timeoutMs,
    // A worker process costs a Node start and its importers' loading: keep it a while.
    idleMs: 120_000
  })
  return pool
}

/** Changes the limits (tests, benchmarks); running imports finish in the old workers' pool. */
export function setImportLimits(next: Partial<ImportLimits>): void {
  const old = pool
  earlierPeakKb = importWorkerPeakKb()
  pool = null
  limits = { ...limits, ...next }
  void old?.close()
}

/**
 * Starts the import workers and loads their common importers now, so that the first import of a
 * long-running app (serve mode, the desktop app) does not wait for them. The CLI does not call it.
 */
export function warmImportWorkers(): void {
  const p = importPool()
  for (let i = 0; i < 2; i++) void p.call('warm', []).catch(() => undefined)
}

/** Ends the import workers; imports still queued or running are refused with a clear line. */
export async function closeImportWorkers(): Promise<void> {
  const old = pool
  earlierPeakKb = importWorkerPeakKb()
  pool = null
  await old?.close()
}

/**
 * Reads one file into a document in an import worker, or throws an ArchiveError saying why it
 * cannot be imported: the importers' own refusals, or "needs more than N MB to read" / "took
 * longer than N s to read" when the file breaks the worker's memory cap or time limit (the worker
 * is then replaced and other calls carry on).
 */
export async function readDocument(file: ImportFile): Promise<ImportedDocument> {
  const { name, data } = file
  checkImportSize(name, data)
  // A copy of exactly these bytes moves to the worker (a Buffer may be a view of a larger one).
  const copy = new Uint8Array(data)
  try {
    return await importPool().call<ImportedDocument>('readDocument', [name, copy], {
      transfer: [copy.buffer]
    })
  } catch (error) {
    if (error instanceof WorkerLimitError) {
      const what =
        error.limit === 'memory'
          ? `needs more than ${error.amount} MB to read`
          : `took longer than ${error.amount} s to read`
      throw new ArchiveError(
        'TOO_LARGE',
        `${name}: this file ${what}, more than Parallax gives one import; it was not imported.`
      )
    }
    if (error instanceof WorkerStoppedError) {
      throw new ArchiveError('UNAVAILABLE', `${name}: ${error.message}`)
    }
    throw error
  }
}
