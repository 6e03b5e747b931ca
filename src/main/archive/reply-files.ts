// Where read workers write serve mode's large replies: one folder per read pool in the system's temp folder, removed with the pool.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PREFIX = 'parallax-replies-'

/** Whether a process with this id runs (one we may not signal runs too). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * A folder of reply files, made on first use. A process that ended without closing its pool (a
 * crash, a kill) leaves its folder behind: the next one to start removes it.
 */
export class ReplyFiles {
  private dir: string | null = null
  private next = 0

  constructor(private readonly root: string = tmpdir()) {}

  /** A new file name in the folder (the worker creates the file). */
  name(): string {
    if (!this.dir) {
      removeStale(this.root)
      this.dir = mkdtempSync(join(this.root, `${PREFIX}${process.pid}-`))
    }
    return join(this.dir, `${++this.next}.json`)
  }

  /** Removes the folder and whatever is still in it. */
  close(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true })
    this.dir = null
  }
}

/** Removes the reply folders of processes that no longer run. */
function removeStale(root: string): void {
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return
  }
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)
    const pid = Number(m?.[1] ?? 0)
    if (pid > 0 && pid !== process.pid && !alive(pid))
      rmSync(join(root, name), { recursive: true, force: true })
  }
}
