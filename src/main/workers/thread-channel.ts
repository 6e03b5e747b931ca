// One long-lived worker thread that takes many calls at once (unlike a WorkerPool's one call per worker), all in flight together.

import { Worker } from 'node:worker_threads'
import type { WorkerName } from './entries'
import { workerScript, type WorkerScript } from './locate'
import { WorkerStoppedError } from './pool'
import { fromThrownPayload, type ReplyMessage } from './protocol'

/** A message the thread sends of its own accord, not an answer: `{ event, data }`. */
export interface EventMessage {
  event: string
  data: unknown
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

/**
 * A worker thread serving calls with `handleCalls` (worker-side.ts), each sent as soon as it is
 * made: the thread interleaves them as its own event loop allows (a long-poll waiting there holds
 * up nothing). Replies are matched by id; what the thread posts as `{ event, data }` goes to
 * `onEvent`, and `post` sends it messages that are not calls. When the thread ends (a crash, an
 * exit, `close`), every call still waiting rejects with a WorkerStoppedError and `onExit` is told;
 * the channel takes no more calls. The thread has no heap cap of its own beyond the process's, as
 * the main thread.
 */
export class ThreadChannel {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private ended: Error | null = null
  private readonly exited: Promise<void>

  constructor(
    worker: WorkerName | WorkerScript,
    private readonly hooks: {
      onExit?: (reason: Error) => void
      onEvent?: (message: EventMessage) => void
    } = {}
  ) {
    const script = typeof worker === 'string' ? workerScript(worker) : worker
    this.worker = new Worker(script.filename, {
      execArgv: script.execArgv,
      argv: script.argv ?? []
    })
    this.worker.on('message', (message: ReplyMessage | EventMessage) => {
      if ('event' in message) return this.hooks.onEvent?.(message)
      const call = this.pending.get(message.id)
      if (!call) return
      this.pending.delete(message.id)
      if (message.ok) call.resolve(message.value)
      else call.reject(fromThrownPayload(message.error))
    })
    this.worker.on('error', (error) =>
      this.end(new WorkerStoppedError(`The archive's thread failed: ${error.message}`))
    )
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.end(new WorkerStoppedError(`The archive's thread stopped (exit code ${code}).`))
        resolve()
      })
    )
  }

  /** Whether the thread has ended (no call can be answered any more). */
  get isEnded(): boolean {
    return this.ended !== null
  }

  /** Calls `method` of the thread's handlers with `args` (structured-cloned, or moved if listed). */
  call<T>(method: string, args: unknown[], transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.ended) return Promise.reject(this.ended)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      try {
        this.worker.postMessage({ id, method, args }, transfer)
      } catch (error) {
        // Arguments that cannot be cloned: this call fails, the thread carries on.
        this.pending.delete(id)
        reject(error as Error)
      }
    })
  }

  /** Sends the thread a message that is not a call (the thread listens for it on its own). */
  post(message: object): void {
    if (!this.ended) this.worker.postMessage(message)
  }

  /** Ends the thread now; calls still waiting reject. */
  async close(): Promise<void> {
    this.end(
      new WorkerStoppedError('Parallax is shutting down, so this was stopped before it finished.')
    )
    await this.worker.terminate()
    await this.exited
  }

  private end(reason: Error): void {
    if (this.ended) return
    this.ended = reason
    for (const call of this.pending.values()) call.reject(reason)
    this.pending.clear()
    this.hooks.onExit?.(reason)
  }
}
