// Reads import files in worker processes with a memory cap and a time limit, so no file can exhaust, freeze or crash the app.

import { ArchiveError } from '../../../shared/errors'
import type { ImportFile } from '../../../shared/model'
import { WorkerLimitError, WorkerPool, WorkerStoppedError } from '../../workers/pool'
import { fromThrownPayload, type ThrownPayload } from '../../workers/protocol'
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
    throw limitError(name, error)
  }
}

/** One line saying why a worker could not read `name`: over a limit, or stopped; others as they are. */
function limitError(name: string, error: unknown): unknown {
  if (error instanceof WorkerLimitError) {
    const what =
      error.limit === 'memory'
        ? `needs more than ${error.amount} MB to read`
        : `took longer than ${error.amount} s to read`
    return new ArchiveError(
      'TOO_LARGE',
      `${name}: this file ${what}, more than Parallax gives one import; it was not imported.`
    )
  }
  if (error instanceof WorkerStoppedError) {
    return new ArchiveError('UNAVAILABLE', `${name}: ${error.message}`)
  }
  return error
}

/** A file read into a document, or why it could not be. */
export type ReadOutcome = { doc: ImportedDocument } | { doc?: undefined; error: unknown }

/** What the worker sends back for each file of a batch. */
export type BatchReply = { ok: true; doc: ImportedDocument } | { ok: false; error: ThrownPayload }

/** Files smaller than this are read several to a worker call (letters, clippings, transcripts). */
const BATCH_FILE_BYTES = 256 * 1024
/** Most files, and bytes, one batched call carries. */
const BATCH_FILES = 32
const BATCH_BYTES = 1024 * 1024

/**
 * Groups files for readDocuments' worker calls: consecutive small files together (up to
 * BATCH_FILES or BATCH_BYTES), each larger file alone. Returns [start, end) index pairs.
 */
export function readBatches(sizes: number[]): [number, number][] {
  const out: [number, number][] = []
  let start = 0
  let bytes = 0
  for (let i = 0; i < sizes.length; i++) {
    const small = sizes[i] < BATCH_FILE_BYTES
    const full = i - start >= BATCH_FILES || bytes + sizes[i] > BATCH_BYTES
    if (i > start && (!small || full)) {
      out.push([start, i])
      start = i
      bytes = 0
    }
    bytes += sizes[i]
    if (!small) {
      out.push([start, i + 1])
      start = i + 1
      bytes = 0
    }
  }
  if (start < sizes.length) out.push([start, sizes.length])
  return out
}

/**
 * Reads files as readDocument does, each to its own document or error, but small files several to
 * one worker call: a folder of letters pays the round trip to the worker once a batch instead of
 * once a file. When a batch breaks the memory cap or the time limit, or its worker dies, its files
 * are read again one by one, so that only the file that broke the limit fails, with its own line.
 */
export async function readDocuments(files: ImportFile[]): Promise<ReadOutcome[]> {
  const settle = (file: ImportFile): Promise<ReadOutcome> =>
    readDocument(file).then(
      (doc) => ({ doc }),
      (error: unknown) => ({ error })
    )
  if (files.length <= 1) return Promise.all(files.map(settle))
  const out: ReadOutcome[] = new Array(files.length)
  const sent: number[] = []
  for (let i = 0; i < files.length; i++) {
    try {
      checkImportSize(files[i].name, files[i].data)
      sent.push(i)
    } catch (error) {
      out[i] = { error }
    }
  }
  if (sent.length === 0) return out
  const copies = sent.map((i) => new Uint8Array(files[i].data))
  const used = importPool()
  try {
    const replies = await used.call<BatchReply[]>(
      'readDocuments',
      [sent.map((i) => files[i].name), copies],
      { transfer: copies.map((c) => c.buffer as ArrayBuffer) }
    )
    sent.forEach((fileIndex, k) => {
      const reply = replies[k]
      out[fileIndex] = reply.ok ? { doc: reply.doc } : { error: fromThrownPayload(reply.error) }
    })
  } catch (error) {
    const stopped = error instanceof WorkerStoppedError && pool !== used
    if (stopped || !(error instanceof WorkerLimitError || error instanceof WorkerStoppedError)) {
      // The workers were closed (the app is quitting), or something other than a file failed.
      for (const i of sent) out[i] = { error: limitError(files[i].name, error) }
      return out
    }
    const again = await Promise.all(sent.map((i) => settle(files[i])))
    sent.forEach((fileIndex, k) => (out[fileIndex] = again[k]))
  }
  return out
}
