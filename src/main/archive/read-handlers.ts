// What a read worker does: answers the contract's heavy reads on its own read-only connection (read-worker.ts runs it).

import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { encodeJson } from '../../shared/codec'
import { ArchiveError } from '../../shared/errors'
import { Transfer } from '../workers/worker-side'
import type { BackupInfo } from '../../shared/model'
import { Archive } from './archive'
import { backupArchive } from './backup'
import { archiveErrorOf, quickCheck } from './db'
import { WORKER_READS, type ReadTarget } from './read-methods'

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
  if (!WORKER_READS.has(method)) {
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

/**
 * A backup of the archive made on this worker's read-only connection (VACUUM INTO reads one
 * consistent snapshot, WAL and all), then the scheduled ones pruned: the writing connection goes
 * on taking writes meanwhile.
 */
export function backup(target: ReadTarget, reason: BackupInfo['reason'], now: string): BackupInfo {
  const db = readerOf(target).database
  // query_only refuses VACUUM INTO, which writes another file; the connection itself stays
  // read-only (opened so), so the archive cannot change here.
  db.pragma('query_only = OFF')
  try {
    return backupArchive(db, target.path, reason, new Date(now))
  } finally {
    db.pragma('query_only = ON')
  }
}

/** Opens the archive and, if asked, readies the PDF export, so the first calls wait for neither. */
export async function warm(target: ReadTarget, exportToo = false): Promise<void> {
  readerOf(target)
  if (!exportToo) return
  const { warmUpExport } = await import('../export/pdf')
  await warmUpExport(join(target.resourcesDir, 'fonts')).catch(() => undefined)
}

/** The archive's bundle written to a new file at `path` for the server to send (and delete). */
export function bundleFile(
  target: ReadTarget,
  _method: string,
  _args: unknown[],
  path: string
): SpilledReply {
  return { path, bytes: readerOf(target).writeBundleFile(path) }
}

/** Replies larger than this (UTF-8 bytes) are written to a file instead of crossing as one buffer. */
export const SPILL_BYTES = 1024 * 1024

/** Characters of a large reply encoded and written at a time: bounds the worker's extra memory. */
const SLICE_CHARS = 1024 * 1024

/** A reply written to a file for the server to send in pieces (and delete). */
export interface SpilledReply {
  path: string
  bytes: number
}

/**
 * A read answered as serve mode's JSON reply, `{"ok":true,"value":…}` in UTF-8: encoding a 20 MB
 * source takes a few hundred milliseconds, which here costs the main thread nothing. A small reply
 * moves to it as bytes without a copy; one over SPILL_BYTES, when `spill` names a file, is written
 * there and the server sends it in pieces: a 20 MB buffer arriving on the server's thread would
 * make its heap collect (tens of ms) while other calls wait. `via` is the read to run (tests wrap
 * it).
 */
export async function readJson(
  target: ReadTarget,
  method: string,
  args: unknown[],
  spill: string | null = null,
  via: typeof read = read
): Promise<Transfer<Uint8Array> | SpilledReply> {
  const value = await via(target, method, args)
  const json = encodeJson({ ok: true, value: value === undefined ? null : value })
  const bytes = Buffer.byteLength(json)
  if (spill !== null && bytes > SPILL_BYTES) {
    try {
      return writeReply(spill, json, bytes)
    } catch {
      // A temp folder that is full or gone costs the server a stall, not the user the answer.
    }
  }
  // TextEncoder gives bytes of their own (a small Buffer would share a pool that cannot move).
  const encoded = new TextEncoder().encode(json)
  return new Transfer(encoded, [encoded.buffer as ArrayBuffer])
}

/** Writes `json` to a new file at `path` a slice at a time; nothing is left there if it fails. */
function writeReply(path: string, json: string, bytes: number): SpilledReply {
  const fd = openSync(path, 'wx', 0o600)
  try {
    for (let at = 0; at < json.length;) {
      let end = Math.min(at + SLICE_CHARS, json.length)
      // Never split a surrogate pair: each half alone would be written as U+FFFD.
      const last = json.charCodeAt(end - 1)
      if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--
      const piece = Buffer.from(json.slice(at, end), 'utf8')
      for (let done = 0; done < piece.length;) done += writeSync(fd, piece, done)
      at = end
    }
  } catch (error) {
    closeSync(fd)
    rmSync(path, { force: true })
    throw error
  }
  closeSync(fd)
  return { path, bytes }
}
