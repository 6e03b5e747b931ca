// Worker processes the writing thread asks for, started by the main thread: where only the main thread can start them (Electron's utility processes), and talked to through it.

import { EventEmitter } from 'node:events'
import { spawnWorkerProcess, type PoolWorker, type ProcessSpawner } from '../workers/child'
import type { WorkerScript } from '../workers/locate'

/** What the writing thread asks of the main thread for one process. */
export type RelayRequest =
  | { kind: 'spawn'; id: number; script: WorkerScript; maxHeapMb: number }
  | { kind: 'post'; id: number; message: unknown }
  | { kind: 'terminate'; id: number }

/** What the main thread tells the writing thread about one process. */
export type RelayNotice =
  | { relay: number; kind: 'message'; message: unknown }
  | { relay: number; kind: 'error'; message: string; code?: string }
  | { relay: number; kind: 'exit'; code: number }

/**
 * The writing thread's half: a ProcessSpawner whose processes are started by the main thread
 * (`send` posts a RelayRequest there) and whose messages, errors and exit come back as RelayNotices
 * given to `receive`. A pool in the thread uses them as it would its own.
 */
export function relayedSpawner(send: (request: RelayRequest) => void): {
  spawner: ProcessSpawner
  receive: (notice: RelayNotice) => void
} {
  const workers = new Map<number, RelayedWorker>()
  let nextId = 1
  return {
    spawner: (script, maxHeapMb) => {
      const id = nextId++
      const worker = new RelayedWorker(id, send, () => workers.delete(id))
      workers.set(id, worker)
      send({ kind: 'spawn', id, script, maxHeapMb })
      return worker
    },
    receive: (notice) => workers.get(notice.relay)?.notice(notice)
  }
}

class RelayedWorker extends EventEmitter implements PoolWorker {
  private readonly exited: Promise<number>
  private exit!: (code: number) => void

  constructor(
    private readonly id: number,
    private readonly send: (request: RelayRequest) => void,
    private readonly forget: () => void
  ) {
    super()
    this.exited = new Promise((resolve) => (this.exit = resolve))
  }

  notice(notice: RelayNotice): void {
    if (notice.kind === 'message') this.emit('message', notice.message)
    else if (notice.kind === 'error')
      this.emit('error', Object.assign(new Error(notice.message), { code: notice.code }))
    else {
      this.forget()
      this.emit('exit', notice.code)
      this.exit(notice.code)
    }
  }

  postMessage(message: unknown): void {
    this.send({ kind: 'post', id: this.id, message })
  }

  // The main thread's process is never what keeps the program running.
  ref(): void {}

  unref(): void {}

  terminate(): Promise<number> {
    this.send({ kind: 'terminate', id: this.id })
    return this.exited
  }
}

/**
 * The main thread's half: starts the processes the writing thread asks for (spawnWorkerProcess:
 * Electron's utility processes in the desktop app) and passes messages both ways (`notify` posts a
 * RelayNotice to the thread). `close` ends every process it started.
 */
export class ProcessHost {
  private readonly workers = new Map<number, PoolWorker>()

  constructor(
    private readonly notify: (notice: RelayNotice) => void,
    /** How processes start (default: as this program starts them, spawnWorkerProcess). */
    private readonly spawner: ProcessSpawner = spawnWorkerProcess
  ) {}

  handle(request: RelayRequest): void {
    if (request.kind === 'spawn') return this.spawn(request.id, request.script, request.maxHeapMb)
    const worker = this.workers.get(request.id)
    if (request.kind === 'post') worker?.postMessage(request.message)
    else void worker?.terminate()
  }

  private spawn(id: number, script: WorkerScript, maxHeapMb: number): void {
    let worker: PoolWorker
    try {
      worker = this.spawner(script, maxHeapMb)
    } catch (error) {
      this.notify({ relay: id, kind: 'error', message: (error as Error).message })
      this.notify({ relay: id, kind: 'exit', code: 1 })
      return
    }
    worker.unref()
    this.workers.set(id, worker)
    worker.on('message', (message) => this.notify({ relay: id, kind: 'message', message }))
    worker.on('error', (value) => {
      const error = value as Error & { code?: string }
      this.notify({ relay: id, kind: 'error', message: error.message, code: error.code })
    })
    worker.on('exit', (code) => {
      this.workers.delete(id)
      this.notify({ relay: id, kind: 'exit', code: code as number })
    })
  }

  /** Ends every process started here (the writing thread has ended). */
  async close(): Promise<void> {
    const all = [...this.workers.values()]
    this.workers.clear()
    await Promise.all(all.map((w) => w.terminate()))
  }
}
