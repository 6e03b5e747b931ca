// Bulk import for the CLI: files, folders and globs, in the app's batches of committed transactions, progress on stderr.

import { globSync, readFileSync, readdirSync, statSync, type Stats } from 'node:fs'
import { basename, join, resolve, sep } from 'node:path'
import { ArchiveError } from '../../shared/errors'
import { importBatches } from '../../shared/import-batches'
import type { ImportReport } from '../../shared/model'
import type { Archive } from '../archive/archive'
import { IMPORT_EXTENSIONS, MAX_IMPORT_BYTES } from '../archive/importers'

/** What a bulk import did, as `import --json` prints it. */
export interface BulkReport extends ImportReport {
  /** Files inside the folders given whose type Parallax does not read; not tried. */
  leftOut: number
}

/** One thing to import: a file found (its size when found), or an argument that named nothing. */
interface Item {
  path: string
  size: number
  missing?: boolean
}

const GLOB_CHARS = /[*?[\]{}]/

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

function isHidden(path: string): boolean {
  return path.split(sep).some((part) => part.startsWith('.') && part !== '.' && part !== '..')
}

/**
 * Expands the arguments, in order: a file is itself; a folder is every file of a type Parallax
 * reads inside it, recursively, by name, leaving out hidden files and folders; anything else is a
 * glob (Node's fs.globSync). The same file named twice is imported once.
 */
export function gatherFiles(args: string[]): { items: Item[]; leftOut: number } {
  const items: Item[] = []
  const seen = new Set<string>()
  let leftOut = 0
  const readable = new Set(IMPORT_EXTENSIONS)
  const add = (path: string, size: number): void => {
    const key = resolve(path)
    if (seen.has(key)) return
    seen.add(key)
    items.push({ path, size })
  }
  const walk = (dir: string): void => {
    const names = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    for (const name of names) {
      if (name.startsWith('.')) continue
      const path = join(dir, name)
      const st = statOrNull(path)
      if (st?.isDirectory()) walk(path)
      else if (st?.isFile()) {
        if (readable.has(/\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '')) add(path, st.size)
        else leftOut++
      }
    }
  }
  for (const arg of args) {
    const st = statOrNull(arg)
    if (st?.isDirectory()) walk(arg)
    else if (st) add(arg, st.size)
    else if (GLOB_CHARS.test(arg)) {
      const matches = globSync(arg).filter((p) => !isHidden(p))
      if (matches.length === 0) items.push({ path: arg, size: 0, missing: true })
      for (const match of matches.sort()) {
        const found = statOrNull(match)
        if (found?.isDirectory()) walk(match)
        else add(match, found?.size ?? 0)
      }
    } else items.push({ path: arg, size: 0, missing: true })
  }
  return { items, leftOut }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** What became of one file: one entry in one of the report's lists. */
type Outcome = ImportReport

function failure(item: Item, code: string, message: string): Outcome {
  return {
    imported: [],
    duplicates: [],
    failed: [{ name: item.path, code, message: `${item.path}: ${message}` }]
  }
}

/** The file's bytes, or why it is not sent: missing, too large (refused before reading), unreadable. */
function readItem(item: Item): Uint8Array | Outcome {
  if (item.missing) return failure(item, 'NOT_FOUND', 'no such file or folder.')
  const size = statOrNull(item.path)?.size ?? 0
  // Refused before reading, by its size now (not when found), so a huge file never fills memory.
  if (size > MAX_IMPORT_BYTES) {
    return failure(
      item,
      'TOO_LARGE',
      `the file is ${megabytes(size)}; Parallax imports files up to ${megabytes(MAX_IMPORT_BYTES)}.`
    )
  }
  try {
    return new Uint8Array(readFileSync(item.path))
  } catch (error) {
    return failure(
      item,
      'IO',
      `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}).`
    )
  }
}

/**
 * Cuts the files into the app's import batches (importBatches: up to 100 files or 4 MB), and
 * again where a file name repeats, so that the report's lines, which name files by name, tell
 * whose they are.
 */
function cutBatches(items: Item[]): Item[][] {
  const out: Item[][] = []
  for (const [start, end] of importBatches(items.map((item) => item.size))) {
    let batch: Item[] = []
    const names = new Set<string>()
    for (const item of items.slice(start, end)) {
      const name = basename(item.path)
      if (names.has(name)) {
        out.push(batch)
        batch = []
        names.clear()
      }
      names.add(name)
      batch.push(item)
    }
    out.push(batch)
  }
  return out
}

/**
 * Imports a batch of files in one transaction; returns what became of each file, in order. A
 * file that cannot be read or imported is reported, never thrown; a write the archive refuses
 * (busy past the wait, disk full) fails the files of this batch, and the next batch is tried.
 */
async function importBatch(archive: Archive, batch: Item[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  const files: { name: string; data: Uint8Array }[] = []
  const sent: number[] = []
  batch.forEach((item, k) => {
    const read = readItem(item)
    if (read instanceof Uint8Array) {
      files.push({ name: basename(item.path), data: read })
      sent.push(k)
    } else outcomes[k] = read
  })
  if (files.length === 0) return outcomes
  let report: ImportReport
  try {
    report = await archive.importFiles(files)
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error
    for (const k of sent) outcomes[k] = failure(batch[k], error.code, error.message)
    return outcomes
  }
  // Names are unique within a batch (cutBatches); the imported come in the files' order.
  const failed = new Map(report.failed.map((f) => [f.name, f]))
  const duplicates = new Map(report.duplicates.map((d) => [d.name, d]))
  let imported = 0
  for (const k of sent) {
    const { path } = batch[k]
    const name = basename(path)
    const f = failed.get(name)
    const d = duplicates.get(name)
    if (f) {
      // Named by the path given, so two index.html in different folders can be told apart.
      const message = f.message.startsWith(`${name}:`)
        ? `${path}${f.message.slice(name.length)}`
        : f.message
      outcomes[k] = { imported: [], duplicates: [], failed: [{ ...f, name: path, message }] }
    } else if (d) outcomes[k] = { imported: [], duplicates: [d], failed: [] }
    else outcomes[k] = { imported: [report.imported[imported++]], duplicates: [], failed: [] }
  }
  return outcomes
}

/**
 * Imports every file the arguments name, in the app's batches (up to 100 files or 4 MB, each one
 * committed transaction), so a folder of letters imports as fast as a drop on the library. Each
 * file's line on stderr comes once its batch is committed, in the files' order; a bad file never
 * stops the others. The next batch is read in the import workers while one is written. Throws
 * only when the arguments name nothing at all.
 */
export async function bulkImport(
  archive: Archive,
  args: string[],
  progress: (line: string) => void
): Promise<BulkReport> {
  const { items, leftOut } = gatherFiles(args)
  if (items.length === 0) {
    throw new ArchiveError(
      'INVALID_ARGUMENT',
      `Found no file to import in ${args.join(', ')} (Parallax reads ${IMPORT_EXTENSIONS.map((e) => `.${e}`).join(' ')}).`
    )
  }
  if (items.length === 1 && items[0].missing) {
    throw new ArchiveError('NOT_FOUND', `${items[0].path}: no such file or folder.`)
  }
  const total: BulkReport = { imported: [], duplicates: [], failed: [], leftOut }
  let done = 0
  const take = (batch: Outcome[]): void => {
    for (const r of batch) {
      const at = `[${++done}/${items.length}]`
      total.imported.push(...r.imported)
      total.duplicates.push(...r.duplicates)
      total.failed.push(...r.failed)
      for (const s of r.imported) progress(`${at} imported ${s.title}`)
      for (const d of r.duplicates)
        progress(`${at} skipped ${d.name}: already in the archive as ${d.sourceId} (${d.title})`)
      for (const f of r.failed) progress(`${at} failed: ${f.message}`)
    }
  }
  let sent: Promise<Outcome[]> | null = null
  for (const batch of cutBatches(items)) {
    const request = importBatch(archive, batch)
    // Awaited in its turn; until then a failure must not count as unhandled.
    request.catch(() => {})
    if (sent) take(await sent)
    sent = request
  }
  if (sent) take(await sent)
  return total
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** The summary line: "Imported 12 files; 1 skipped as a duplicate; 2 failed." */
export function summaryLine(r: BulkReport): string {
  const parts = [
    `Imported ${count(r.imported.length, 'file')}`,
    `${r.duplicates.length} skipped as ${r.duplicates.length === 1 ? 'a duplicate' : 'duplicates'}`,
    `${r.failed.length} failed`
  ]
  const left = r.leftOut > 0 ? ` (${count(r.leftOut, 'file')} of other types left out)` : ''
  return `${parts.join('; ')}.${left}`
}
