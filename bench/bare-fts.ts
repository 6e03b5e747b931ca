// The import baseline both import benchmarks measure against: decoded files into a plain FTS5 table.

import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'

/** Megabytes (10^6 bytes) per second. */
export function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000)
}

/** A database file set up as an archive is (16 KB pages, WAL, synchronous NORMAL). */
export function openBenchDb(path: string): Database.Database {
  const db = new Database(path)
  db.pragma('page_size = 16384')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  return db
}

/**
 * Decodes the files and inserts each whole into a plain FTS5 table with the archive's tokenizer,
 * one transaction per batch (the app's requests), then checkpoints. Returns the milliseconds.
 */
export function bareFtsImport(
  path: string,
  files: readonly Uint8Array[],
  batches: readonly [number, number][]
): number {
  const db = openBenchDb(path)
  db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)')
  const write = db.transaction((texts: string[]) => {
    for (const text of texts) insert.run(text)
  })
  const t0 = performance.now()
  for (const [i, end] of batches) {
    const decoder = new TextDecoder('utf-8', { fatal: true })
    write(files.slice(i, end).map((f) => decoder.decode(f)))
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  const ms = performance.now() - t0
  db.close()
  return ms
}
