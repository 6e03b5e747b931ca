// Checkpoints of the writing thread's archive, made in a worker thread of their own after the calls that wrote instead of inside a write.

import type { Statement } from 'better-sqlite3'
import { toErrorPayload } from '../../shared/errors'
import type { Db } from './db'
import { WorkerPool } from '../workers/pool'

/**
 * Frames of log (16 KB pages) after which the writing connection checkpoints by itself all the
 * same, SQLite's own way: only if the worker cannot keep up (a reader holding old pages, a worker
 * that cannot start). SQLite's default is 1,000.
 */
export const BACKSTOP_FRAMES = 10_000

/**
 * In WAL mode SQLite copies the log into the database file (a checkpoint) in the commit that takes
 * the log past 1,000 pages: that commit then takes 40-160 ms instead of 5-15 (a batch of 100
 * letters, bench/write-scale.bench.ts), and in all an import's write spends a third of its time
 * copying pages (bench/import-small.bench.ts). Here the copy runs in a worker thread, on its own
 * connection, after each call that wrote, one at a time: calls that end while one runs are served
 * by one more after it. The writing connection goes on with the next call meanwhile. A write also
 * reaches the archive's file within moments instead of waiting in the log for the next thousand
 * pages, so a copy of the file alone holds it.
 */
export class Checkpoints {
  private readonly pool = new WorkerPool({
    worker: 'checkpoint-worker',
    isolation: 'thread',
    size: 1,
    maxHeapMb: 64,
    timeoutMs: 600_000,
    // A thread of a few MB; started again by the next write after a minute of none.
    idleMs: 60_000
  })
  private db: Db | null = null
  private changes: Statement | null = null
  /** The connection's count of rows written (SQLite's total_changes) at the last look. */
  private written = 0
  private running: Promise<void> | null = null
  private again = false
  private held = 0
  private failed = false

  constructor(
    private readonly path: string,
    private readonly log: (line: string) => void
  ) {}

  /**
   * After a call on `db` (the writing connection; a restored backup brings a new one): starts a
   * checkpoint if the connection wrote anything since the last look, or asks the running one for
   * another after it.
   */
  afterCall(db: Db): void {
    if (!db.open) return
    if (db !== this.db) {
      this.db = db
      this.changes = db.prepare('SELECT total_changes()').pluck()
      this.written = -1
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_FRAMES}`)
    }
    const written = this.changes!.get() as number
    if (written === this.written) return
    this.written = written
    if (this.running || this.held > 0) this.again = true
    else this.start()
  }

  private start(): void {
    this.again = false
    this.running = this.pool
      .call('checkpoint', [this.path])
      .then(
        () => undefined,
        (error: unknown) => {
          // The writing connection's own checkpoints still run past BACKSTOP_FRAMES.
          if (!this.failed)
            this.log(
              `a checkpoint in its own thread failed (${toErrorPayload(error).message}); the writes checkpoint the archive themselves past ${BACKSTOP_FRAMES} pages of log`
            )
          this.failed = true
        }
      )
      .finally(() => {
        this.running = null
        if (this.again && this.held === 0) this.start()
      })
  }

  /**
   * Runs `work` with no checkpoint under way (restoring a backup replaces the file a checkpoint
   * writes); what was asked for meanwhile runs after it.
   */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.held++
    try {
      await this.running
      return await work()
    } finally {
      this.held--
      if (this.held === 0 && this.again && !this.running) this.start()
    }
  }

  /** Waits for the checkpoint under way and ends the worker: the writing connection closes next. */
  async close(): Promise<void> {
    this.held++
    await this.running
    await this.pool.close()
  }
}
