// What a read worker does: answers the contract's heavy reads on its own read-only connection (read-worker.ts runs it).

import { join } from 'node:path'
import { encodeJson } from '../../shared/codec'
import { ArchiveError } from '../../shared/errors'
import { Transfer } from '../workers/worker-side'
import { warmUpExport } from '../export/pdf'
import { Archive } from './archive'
import { archiveErrorOf, quickCheck } from './db'
import { POOLED_METHODS, type ReadTarget } from './read-methods'

const POOLED: ReadonlySet<string> = new Set(POOLED_METHODS)

let open: { key: string; archive: Archive } | null = null

/** The reader of `target`, opened on first use (a worker serves one archive at a time). */
function readerOf(target: ReadTarget): Archive {
  const key = `${target.path}\u0000${target.resourcesDir}`
  if (open?.key !== key) {
    open?.archive.close()
    open = null
    open = { key, archive: Archive.openReader(target) }
  }
  return open.archive
}

/**
 * Runs one contract read inside one read transaction: everything it reads comes from the same
 * committed state, which includes every write committed before the call began (read-your-writes
 * for a caller that waited for its write's answer).
 */
export async function read(target: ReadTarget, method: string, args: unknown[]): Promise<unknown> {
  if (!POOLED.has(method)) {
    throw new ArchiveError('INTERNAL', `The read workers do not answer ${method}.`)
  }
  const archive = readerOf(target)
  const db = archive.database
  db.exec('BEGIN')
  try {
    const fn = (archive as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]
    return await fn.apply(archive, args)
  } catch (error) {
    // SQLite's errors lose their code crossing threads: turn them into one-line ArchiveErrors here.
    throw archiveErrorOf(error)
  } finally {
    if (db.inTransaction) db.exec('COMMIT')
  }
}

/**
 * SQLite's full integrity check of the archive, on this worker's connection: the problems it
 * found (at most 20), none when sound. It reads every page and index, so it runs here, not on the
 * main thread.
 */
export function integrity(target: ReadTarget): string[] {
  return quickCheck(readerOf(target).database, true)
}

/** Opens the archive and, if asked, readies the PDF export, so the first calls wait for neither. */
export async function warm(target: ReadTarget, exportToo = false): Promise<void> {
  readerOf(target)
  if (exportToo) await warmUpExport(join(target.resourcesDir, 'fonts')).catch(() => undefined)
}

/**
 * A read answered as serve mode's JSON reply, `{"ok":true,"value":…}` in UTF-8: encoding a 20 MB
 * source takes a few hundred milliseconds, which here costs the main thread nothing (the bytes move
 * to it without a copy). `via` is the read to run (tests wrap it).
 */
export async function readJson(
  target: ReadTarget,
  method: string,
  args: unknown[],
  via: typeof read = read
): Promise<Transfer<Uint8Array>> {
  const value = await via(target, method, args)
  // TextEncoder gives bytes of their own (a small Buffer would share a pool that cannot move).
  const bytes = new TextEncoder().encode(
    encodeJson({ ok: true, value: value === undefined ? null : value })
  )
  return new Transfer(bytes, [bytes.buffer as ArrayBuffer])
}
