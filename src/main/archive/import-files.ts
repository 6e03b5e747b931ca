// Reads a batch of files into checked sources (in the import workers), then admits them: failures and duplicates reported, nothing written here.

import { toErrorPayload, invalid } from '../../shared/errors'
import type { ImportFile, ImportReport, SourceMeta, SourceMetaPatch } from '../../shared/model'
import type { Db } from './db'
import { readBatches, readDocuments, type ReadOutcome } from './importers'
import { checkSourceInput, findByHashes, type CheckedSource } from './sources'
import { checkMetaPatch, isRecord } from './validate'

/** Files read at once: the import worker pool's size. */
const READ_AT_ONCE = 2

/** Maps `items` through `fn` with at most `limit` calls running at once; results in input order. */
async function inParallel<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>
): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return out
}

/** Keeps only the metadata fields that pass validation; imports never fail on a bad guess. */
function lenientMeta(meta: Partial<SourceMeta>): SourceMetaPatch {
  const out: SourceMetaPatch = {}
  for (const [key, value] of Object.entries(meta)) {
    if (value === undefined || value === '') continue
    try {
      Object.assign(out, checkMetaPatch({ [key]: value }))
    } catch {
      // A guessed date or language that does not validate is left for the user to fill in.
    }
  }
  return out
}

/** A file read and checked, or why it cannot be imported. */
export type ReadFile =
  | { name: string; source: CheckedSource; error?: undefined }
  | { name: string; source?: undefined; error: unknown }

/**
 * Decodes and checks every file (in the import workers, two calls at a time: one per core; small
 * files go several to a call). Nothing is looked up in the archive here: `admitImport` does that
 * right before the write, in the same synchronous step, so two imports running at once cannot both
 * take the same text.
 */
export async function readImport(files: unknown): Promise<ReadFile[]> {
  if (!Array.isArray(files)) throw invalid('importFiles takes a list of { name, data } files.')
  const out = new Array<ReadFile>(files.length)
  const valid: { index: number; file: ImportFile }[] = []
  ;(files as unknown[]).forEach((file, index) => {
    const name =
      isRecord(file) && typeof file.name === 'string' && file.name ? file.name : '(unnamed file)'
    if (!isRecord(file) || !(file.data instanceof Uint8Array)) {
      out[index] = {
        name,
        error: invalid(`${name}: a file to import is { name, data } with the bytes in data.`)
      }
    } else valid.push({ index, file: { name, data: file.data } })
  })
  const batches = readBatches(valid.map((v) => v.file.data.byteLength))
  await inParallel(batches, READ_AT_ONCE, async ([from, to]) => {
    const part = valid.slice(from, to)
    const read = await readDocuments(part.map((v) => v.file))
    part.forEach(({ index, file: { name } }, k) => {
      out[index] = checked(name, read[k])
    })
  })
  return out
}

/** A read document checked as a new source (its title the file's name if it states none). */
function checked(name: string, read: ReadOutcome): ReadFile {
  if (!read.doc) return { name, error: read.error }
  try {
    const source = checkSourceInput(
      { ...lenientMeta(read.doc.meta), text: read.doc.text, origin: read.doc.origin },
      read.doc.prepared
    )
    if (!source.title) source.title = name
    return { name, source }
  } catch (error) {
    return { name, error }
  }
}

/**
 * Sorts read files into those to insert and a report that already lists duplicates (same text as
 * a source in the archive or earlier in the batch) and failures. Synchronous: call it in the same
 * step as the write that inserts `ready`, then `named` with the new sources' ids (in the order of
 * `ready`): a file whose text came earlier in the same batch is a duplicate of that new source.
 */
export function admitImport(
  db: Db,
  read: ReadFile[]
): {
  ready: { name: string; source: CheckedSource }[]
  report: ImportReport
  named: (ids: string[]) => void
} {
  const report: ImportReport = { imported: [], duplicates: [], failed: [] }
  const ready: { name: string; source: CheckedSource }[] = []
  /** Each text of the batch: the index in `ready` of its first file. */
  const batch = new Map<string, number>()
  const sameAsEarlier: { duplicate: ImportReport['duplicates'][number]; index: number }[] = []
  const known = findByHashes(
    db,
    read.flatMap((r) => (r.source ? [r.source.hash] : []))
  )
  for (const { name, source, error } of read) {
    if (!source) {
      const { code, message } = toErrorPayload(error)
      report.failed.push({
        name,
        code,
        message: message.startsWith(`${name}:`) ? message : `${name}: ${message}`
      })
      continue
    }
    const existing = known.get(source.hash)
    const earlier = batch.get(source.hash)
    if (existing) report.duplicates.push({ name, sourceId: existing.id, title: existing.title })
    else if (earlier !== undefined) {
      const duplicate = { name, sourceId: '', title: ready[earlier].source.title }
      report.duplicates.push(duplicate)
      sameAsEarlier.push({ duplicate, index: earlier })
    } else {
      batch.set(source.hash, ready.length)
      ready.push({ name, source })
    }
  }
  const named = (ids: string[]): void => {
    for (const { duplicate, index } of sameAsEarlier) duplicate.sourceId = ids[index]
  }
  return { ready, report, named }
}
