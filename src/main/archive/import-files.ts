// Reads a batch of files into checked sources: failures and duplicates reported, nothing written here.

import { toErrorPayload, invalid } from '../../shared/errors'
import type { ImportFile, ImportReport, SourceMeta, SourceMetaPatch } from '../../shared/model'
import type { ImportedDocument } from './importers'
import type { Db } from './db'
import { readDocument } from './importers'
import { checkSourceInput, findByHash, type CheckedSource } from './sources'
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

/**
 * Decodes and checks every file. Returns the sources ready to insert, and a report that already
 * lists duplicates (same text as a source in the archive or earlier in the batch) and failures.
 */
export async function prepareImport(
  db: Db,
  files: unknown
): Promise<{ ready: { name: string; source: CheckedSource }[]; report: ImportReport }> {
  if (!Array.isArray(files)) throw invalid('importFiles takes a list of { name, data } files.')
  const report: ImportReport = { imported: [], duplicates: [], failed: [] }
  const ready: { name: string; source: CheckedSource }[] = []
  const batch = new Map<string, string>()
  const items = (files as unknown[]).map((file) => ({
    file,
    name:
      isRecord(file) && typeof file.name === 'string' && file.name ? file.name : '(unnamed file)'
  }))
  // Files are read in the import workers, two at a time (one per core); checked here in order.
  const read = await inParallel(items, READ_AT_ONCE, async ({ file, name }) => {
    try {
      if (!isRecord(file) || !(file.data instanceof Uint8Array)) {
        throw invalid(`${name}: a file to import is { name, data } with the bytes in data.`)
      }
      const doc: ImportedDocument = await readDocument({ name, data: file.data } as ImportFile)
      return { doc, error: null as unknown }
    } catch (error) {
      return { doc: null, error }
    }
  })
  items.forEach(({ name }, i) => {
    try {
      const { doc, error } = read[i]
      if (!doc) throw error
      const source = checkSourceInput({
        ...lenientMeta(doc.meta),
        text: doc.text,
        origin: doc.origin
      })
      if (!source.title) source.title = name
      const hash = source.hash
      const existing = findByHash(db, hash)
      const earlier = batch.get(hash)
      if (existing) report.duplicates.push({ name, sourceId: existing.id, title: existing.title })
      else if (earlier) report.duplicates.push({ name, sourceId: '', title: earlier })
      else {
        batch.set(hash, source.title)
        ready.push({ name, source })
      }
    } catch (error) {
      const { code, message } = toErrorPayload(error)
      report.failed.push({
        name,
        code,
        message: message.startsWith(`${name}:`) ? message : `${name}: ${message}`
      })
    }
  })
  return { ready, report }
}
