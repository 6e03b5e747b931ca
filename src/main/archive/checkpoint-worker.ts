// The archive's checkpoints (out/main/checkpoint-worker.js): copies the write-ahead log into the archive's file on a connection of its own, so that no write waits for it (see checkpoints.ts).

import Database from 'better-sqlite3'
import { handleCalls } from '../workers/worker-side'

/**
 * A passive checkpoint of the archive at `path`: as much of the log as no reader still needs is
 * copied into the file, without waiting for the writing connection or any reader. The connection is
 * opened for this one checkpoint and closed after it, so that none is left on a file that a
 * restored backup replaces; the writing connection is always open meanwhile, so closing this one
 * never removes the log.
 */
function checkpoint(path: string): void {
  const db = new Database(path, { fileMustExist: true })
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } finally {
    db.close()
  }
}

handleCalls({ checkpoint })
