// Bulk import for the CLI: files, folders and globs, one committed transaction per file, progress on stderr.

import { globSync, readFileSync, readdirSync, statSync, type Stats } from 'node:fs'
import { basename, join, resolve, sep } from 'node:path'
import { ArchiveError } from '../../shared/errors'
import type { ImportFailure, ImportReport } from '../../shared/model'
import type { Archive } from '../archive/archive'
import { IMPORT_EXTENSIONS, MAX_IMPORT_BYTES } from '../archive/importers'

/** What a bulk import did, as `import --json` prints it. */
export interface BulkReport extends ImportReport {
  /** Files inside the folders given whose type Parallax does not read; not tried. */
  leftOut: number
}

/** One thing to import: a file found, or an argument that named nothing. */
interface Item {
  path: string
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
  const add = (path: string): void => {
    const key = resolve(path)
    if (seen.has(key)) return
    seen.add(key)
    items.push({ path })
  }
  const walk = (dir: string): void => {
    const names = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    for (const name of names) {
      if (name.startsWith('.')) continue
      const path = join(dir, name)
      const st = statOrNull(path)
      if (st?.isDirectory()) walk(path)
      else if (st?.isFile()) {
        if (readable.has(/\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '')) add(path)
        else leftOut++
      }
    }
  }
  for (const arg of args) {
    const st = statOrNull(arg)
    if (st?.isDirectory()) walk(arg)
    else if (st) add(arg)
    else if (GLOB_CHARS.test(arg)) {
      const matches = globSync(arg).filter((p) => !isHidden(p))
      if (matches.length === 0) items.push({ path: arg, missing: true })
      for (const match of matches.sort()) {
        if (statOrNull(match)?.isDirectory()) walk(match)
        else add(match)
      }
    } else items.push({ path: arg, missing: true })
  }
  return { items, leftOut }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Imports one file in its own transaction; a failure is reported, never thrown. */
async function importOne(archive: Archive, item: Item): Promise<ImportReport> {
  const name = basename(item.path)
  const fail = (code: string, message: string): ImportReport => ({
    imported: [],
    duplicates: [],
    failed: [{ name: item.path, code, message: `${item.path}: ${message}` }]
  })
  if (item.missing) return fail('NOT_FOUND', 'no such file or folder.')
  const size = statOrNull(item.path)?.size ?? 0
  // Refused before reading, so a huge file never fills memory.
  if (size > MAX_IMPORT_BYTES) {
    return fail(
      'TOO_LARGE',
      `the file is ${megabytes(size)}; Parallax imports files up to ${megabytes(MAX_IMPORT_BYTES)}.`
    )
  }
  let data: Uint8Array
  try {
    data = new Uint8Array(readFileSync(item.path))
  } catch (error) {
    return fail('IO', `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
  let report: ImportReport
  try {
    report = await archive.importFiles([{ name, data }])
  } catch (error) {
    // The archive refused the write (busy past the wait, disk full): this file is not in, the
    // ones before it are, and the next ones are tried.
    if (!(error instanceof ArchiveError)) throw error
    return fail(error.code, error.message)
  }
  // Name the file by the path given, so two index.html in different folders can be told apart.
  report.failed = report.failed.map((f: ImportFailure) => ({
    ...f,
    name: item.path,
    message: f.message.startsWith(`${name}:`)
      ? `${item.path}${f.message.slice(name.length)}`
      : f.message
  }))
  return report
}

/** Files read ahead of the one being written: as many as there are import workers. */
const AHEAD = 2

/**
 * Imports every file the arguments name, each in its own committed transaction, so each
 * "imported" line on stderr is a committed write and a bad file never stops the others. The
 * next files are read in the import workers while one is written; lines come in the files'
 * order. Throws only when the arguments name nothing at all.
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
  const running: Promise<ImportReport>[] = []
  let next = 0
  const startNext = (): void => {
    if (next >= items.length) return
    const r = importOne(archive, items[next++])
    // Awaited in its turn below; until then a failure must not count as unhandled.
    r.catch(() => {})
    running.push(r)
  }
  for (let i = 0; i < AHEAD; i++) startNext()
  for (let i = 0; i < items.length; i++) {
    const at = `[${i + 1}/${items.length}]`
    const r = await running[i]
    delete running[i]
    startNext()
    total.imported.push(...r.imported)
    total.duplicates.push(...r.duplicates)
    total.failed.push(...r.failed)
    for (const s of r.imported) progress(`${at} imported ${s.title}`)
    for (const d of r.duplicates)
      progress(`${at} skipped ${d.name}: already in the archive as ${d.sourceId} (${d.title})`)
    for (const f of r.failed) progress(`${at} failed: ${f.message}`)
  }
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
