// Notices changes to the archive that this connection did not make (another process, a team sync) and wakes those waiting for them.

import type { ArchiveChanges } from '../../shared/model'
import type { Db } from './db'

/** How often the file is checked for other processes' commits while someone is waiting. */
const POLL_MS = 250
/** How many recent changes are remembered with the sources they touched. */
const REMEMBERED = 64
export const DEFAULT_WAIT_MS = 25_000
export const MAX_WAIT_MS = 60_000

interface Noted {
  version: number
  /** Sources touched, or null: anything may have changed (another process wrote the file). */
  sourceIds: string[] | null
}

/**
 * A version number that goes up with every change made outside this connection's own API calls:
 * commits by other connections (SQLite's data_version, checked cheaply while anyone waits) and
 * changes a team sync applied through this connection (`note`). Views long-poll `wait` and refresh
 * what changed; their own writes they know already.
 */
export class ChangeWatcher {
  private version = 0
  private dataVersion: number
  private readonly noted: Noted[] = []
  private readonly waiters = new Set<() => void>()
  private timer: ReturnType<typeof setInterval> | undefined
  private readonly readDataVersion: () => number

  constructor(private readonly db: Db) {
    const statement = db.prepare('PRAGMA data_version').pluck()
    this.readDataVersion = () => statement.get() as number
    this.dataVersion = this.readDataVersion()
  }

  /** Records a change made through this connection that views did not ask for (a sync pull). */
  note(sourceIds: string[] | null): void {
    this.version++
    this.noted.push({ version: this.version, sourceIds })
    if (this.noted.length > REMEMBERED) this.noted.shift()
    for (const wake of [...this.waiters]) wake()
  }

  /** Checks the file for other connections' commits. */
  check(): void {
    if (!this.db.open) return
    const now = this.readDataVersion()
    if (now !== this.dataVersion) {
      this.dataVersion = now
      this.note(null)
    }
  }

  private since(version: number): ArchiveChanges {
    if (version >= this.version) return { version: this.version, sourceIds: [] }
    const newer = this.noted.filter((n) => n.version > version)
    const known = newer.length === this.version - version && newer.every((n) => n.sourceIds)
    return {
      version: this.version,
      sourceIds: known ? [...new Set(newer.flatMap((n) => n.sourceIds as string[]))] : null
    }
  }

  /**
   * Resolves with what changed after `version`: at once if something did (or for a negative
   * version, which asks for the current number), else at the next change or after `waitMs` with
   * nothing (sourceIds empty).
   */
  wait(version: number, waitMs: number): Promise<ArchiveChanges> {
    this.check()
    if (version < 0) return Promise.resolve({ version: this.version, sourceIds: [] })
    if (version < this.version) return Promise.resolve(this.since(version))
    return new Promise((resolve) => {
      const done = (): void => {
        this.waiters.delete(done)
        clearTimeout(timeout)
        if (this.waiters.size === 0) this.stopPolling()
        resolve(this.since(version))
      }
      const timeout = setTimeout(done, waitMs)
      this.waiters.add(done)
      this.startPolling()
    })
  }

  private startPolling(): void {
    this.timer ??= setInterval(() => this.check(), POLL_MS)
    this.timer.unref?.()
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  /** Wakes every waiter (the archive is closing). */
  close(): void {
    for (const wake of [...this.waiters]) wake()
    this.stopPolling()
  }
}
