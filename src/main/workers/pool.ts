// A pool of worker threads, each capped in memory and each call in time; a worker that breaks a limit is ended and replaced.

import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { spawnWorkerProcess, type PoolWorker } from './child'
import type { WorkerName } from './entries'
import { workerScript, type WorkerScript } from './locate'
import { fromThrownPayload, type ReplyMessage } from './protocol'

/** A call stopped because its worker reached the memory cap or the call its time limit. */
export class WorkerLimitError extends Error {
  constructor(
    readonly limit: 'memory' | 'time',
    /** The cap that was reached: megabytes of heap, or seconds. */
    readonly amount: number
  ) {
    super(
      limit === 'memory' ? `needs more than ${amount} MB of memory` : `took longer than ${amount} s`
    )
    this.name = 'WorkerLimitError'
  }
}

/** A call that could not finish because its worker died or the pool was shut down. */
export class WorkerStoppedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkerStoppedError'
  }
}

export interface PoolOptions {
  /** A worker of WORKER_ENTRIES, or an explicit script (tests). */
  worker: WorkerName | WorkerScript
  /** Most workers at once; default: the number of cores, at most 2. */
  size?: number
  /** Heap cap of each worker (V8 old generation), in MB. */
  maxHeapMb: number
  /** Longest a call may run, in ms. */
  timeoutMs: number
  /** A worker idle this long is ended to give its memory back (default 30 s; null: never). */
  idleMs?: number | null
  /**
   * 'thread' (default): node:worker_threads with resourceLimits. 'process': a child process with
   * --max-old-space-size, for hostile input, where passing the cap must never take the caller
   * down (see child.ts). Both run the same entry files and messages.
   */
  isolation?: 'thread' | 'process'
}

export interface CallOptions {
  /** Buffers to move to the worker instead of copying them (they are detached here). */
  transfer?: ArrayBuffer[]
  /** A time limit for this call instead of the pool's. */
  timeoutMs?: number
}

interface Job {
  method: string
  args: unknown[]
  options: CallOptions
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

interface Slot {
  worker: PoolWorker
  job: Job | null
  id: number
  timer?: NodeJS.Timeout
  idleTimer?: NodeJS.Timeout
}

/**
 * Runs calls in worker threads (node:worker_threads) or child processes (`isolation`), one call per
 * worker at a time, queued in order beyond `size`. Each worker has a heap cap (`resourceLimits`,
 * or --max-old-space-size for a process); a call past its time limit has its worker terminated. Either way the call rejects with a WorkerLimitError, and the next call
 * gets a fresh worker. Idle workers do not keep the process alive and end after `idleMs`.
 * `close()` rejects every queued and running call with a WorkerStoppedError.
 *
 * Worker entry files serve calls with `handleCalls` (worker-side.ts); see locate.ts for how a
 * worker's file is found in the built app and under vitest/tsx. Nothing here imports electron.
 */
export class WorkerPool {
  private readonly queue: Job[] = []
  private readonly slots = new Set<Slot>()
  private readonly size: number
  private closed = false
  private nextId = 1

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, options.size ?? Math.min(2, availableParallelism()))
  }

  /** Calls `method` of the worker entry's handlers with `args` (structured-cloned). */
  call<T>(method: string, args: unknown[], options: CallOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(this.stopped())
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ method, args, options, resolve: resolve as (v: unknown) => void, reject })
      this.pump()
    })
  }

  /** The highest peak resident memory a worker process reported, in KB (0 for threads). */
  peakRssKb = 0

  /** Workers running now (for tests and diagnostics). */
  get workerCount(): number {
    return this.slots.size
  }

  /** Ends every worker; queued and running calls reject with a WorkerStoppedError. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(this.stopped())
    const ending: Promise<number>[] = []
    for (const slot of [...this.slots]) {
      const job = slot.job
      this.drop(slot)
      job?.reject(this.stopped())
      ending.push(slot.worker.terminate())
    }
    await Promise.all(ending)
  }

  private stopped(): WorkerStoppedError {
    return new WorkerStoppedError(
      'Parallax is shutting down, so this was stopped before it finished.'
    )
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      let slot = [...this.slots].find((s) => !s.job)
      if (!slot) {
        if (this.slots.size >= this.size) return
        slot = this.spawn()
      }
      this.start(slot, this.queue.shift()!)
    }
  }

  private spawn(): Slot {
    const script =
      typeof this.options.worker === 'string'
        ? workerScript(this.options.worker)
        : this.options.worker
    const worker: PoolWorker =
      this.options.isolation === 'process'
        ? spawnWorkerProcess(script, this.options.maxHeapMb)
        : (new Worker(script.filename, {
            execArgv: script.execArgv,
            argv: script.argv ?? [],
            resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb, stackSizeMb: 4 }
          }) as unknown as PoolWorker)
    const slot: Slot = { worker, job: null, id: 0 }
    worker.on('message', (message) => this.reply(slot, message as ReplyMessage))
    worker.on('error', (value) => {
      const error = value as Error & { code?: string }
      const limit = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      this.fail(
        slot,
        limit
          ? new WorkerLimitError('memory', this.options.maxHeapMb)
          : new WorkerStoppedError(`The worker failed: ${error.message}`)
      )
    })
    worker.on('exit', (code) => {
      this.fail(
        slot,
        new WorkerStoppedError(`The worker stopped unexpectedly (exit code ${code}).`)
      )
    })
    this.slots.add(slot)
    return slot
  }

  private start(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer)
    slot.job = job
    slot.id = this.nextId++
    slot.worker.ref()
    const timeoutMs = job.options.timeoutMs ?? this.options.timeoutMs
    slot.timer = setTimeout(() => {
      this.fail(slot, new WorkerLimitError('time', Math.round(timeoutMs / 100) / 10))
    }, timeoutMs)
    try {
      slot.worker.postMessage(
        { id: slot.id, method: job.method, args: job.args },
        job.options.transfer ?? []
      )
    } catch (error) {
      // Arguments that cannot be cloned: the call fails, the worker stays usable.
      clearTimeout(slot.timer)
      slot.job = null
      job.reject(error as Error)
      this.idle(slot)
    }
  }

  private reply(slot: Slot, message: ReplyMessage): void {
    const job = slot.job
    if (message.rssKb) this.peakRssKb = Math.max(this.peakRssKb, message.rssKb)
    if (!job || message.id !== slot.id) return
    clearTimeout(slot.timer)
    slot.job = null
    if (message.ok) job.resolve(message.value)
    else job.reject(fromThrownPayload(message.error))
    this.idle(slot)
    this.pump()
  }

  private idle(slot: Slot): void {
    // An idle worker must not keep a CLI run alive; a busy one must (the caller awaits it).
    slot.worker.unref()
    if (this.options.idleMs === null) return
    slot.idleTimer = setTimeout(() => {
      if (slot.job || !this.slots.has(slot)) return
      this.drop(slot)
      void slot.worker.terminate()
    }, this.options.idleMs ?? 30_000)
    slot.idleTimer.unref()
  }

  /** Ends a worker after a limit, a crash or an exit: its call rejects, a fresh worker follows. */
  private fail(slot: Slot, error: Error): void {
    if (!this.slots.has(slot)) return
    const job = slot.job
    this.drop(slot)
    void slot.worker.terminate()
    job?.reject(error)
    this.pump()
  }

  private drop(slot: Slot): void {
    clearTimeout(slot.timer)
    clearTimeout(slot.idleTimer)
    slot.job = null
    this.slots.delete(slot)
  }
}
