// A worker run as a child process instead of a thread: the same messages, and a heap overrun ends only the child.

import { fork, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import type { WorkerScript } from './locate'

/** What WorkerPool needs of a worker, met by node:worker_threads' Worker and by ChildWorker. */
export interface PoolWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void
  on(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): unknown
  ref(): void
  unref(): void
  terminate(): Promise<number>
}

/** Starts a worker process for the pool: fork (serve mode, the CLI) or an Electron utilityProcess. */
export type ProcessSpawner = (script: WorkerScript, maxHeapMb: number) => PoolWorker

let spawner: ProcessSpawner = (script, maxHeapMb) => new ChildWorker(script, maxHeapMb)

/**
 * Replaces how worker processes start. The desktop app injects Electron's utilityProcess here:
 * with the RunAsNode fuse off, the packaged app cannot fork itself as Node (ELECTRON_RUN_AS_NODE).
 */
export function setProcessSpawner(next: ProcessSpawner): void {
  spawner = next
}

/** Starts a worker process the way the running program does (see setProcessSpawner). */
export function spawnWorkerProcess(script: WorkerScript, maxHeapMb: number): PoolWorker {
  return spawner(script, maxHeapMb)
}

/** V8 aborts a process whose heap passes --max-old-space-size: SIGABRT, or 134 through a shell. */
export function ranOutOfMemory(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string
): boolean {
  return signal === 'SIGABRT' || code === 134 || /heap out of memory/i.test(stderr)
}

/**
 * A worker in a child process (child_process.fork with V8 serialization, so Uint8Arrays and
 * errors travel as they do between threads). Its heap cap is --max-old-space-size: V8 aborts the
 * child when it is passed, which reports here as an 'error' with code ERR_WORKER_OUT_OF_MEMORY,
 * as a thread's overrun does. A thread's heap cap is not a safe wall for hostile input: under
 * load a worker thread that runs past it can abort the whole process (seen 3 times in 3 runs of
 * tests/main/workers/pool.test.ts on a busy machine), so the import pool uses processes.
 * Its stderr (V8's out-of-memory report) is read, not shown: the caller reports in one line.
 */
export class ChildWorker extends EventEmitter implements PoolWorker {
  private readonly child: ChildProcess
  private stderr = ''
  private exited: Promise<number>

  constructor(script: WorkerScript, maxHeapMb: number) {
    super()
    this.child = fork(script.filename, script.argv ?? [], {
      execArgv: [...script.execArgv, `--max-old-space-size=${maxHeapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      // Run from Electron (an unpackaged app, tests), this makes it run the script as Node. The
      // packaged app has the RunAsNode fuse off: it starts utility processes instead
      // (platform/utility-workers.ts, injected with setProcessSpawner).
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }
    })
    this.child.stderr?.setEncoding('utf8')
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-4096)
    })
    this.child.on('message', (message) => this.emit('message', message))
    this.child.on('error', (error) => this.emit('error', error))
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        if (ranOutOfMemory(code, signal, this.stderr) && signal !== 'SIGKILL') {
          this.emit(
            'error',
            Object.assign(new Error('JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' })
          )
        }
        this.emit('exit', code ?? 1)
        resolve(code ?? 1)
      })
    })
  }

  postMessage(message: unknown): void {
    this.child.send(message as object)
  }

  ref(): void {
    this.child.ref()
    this.child.channel?.ref()
    ;(this.child.stderr as (NodeJS.ReadableStream & { ref?: () => void }) | null)?.ref?.()
  }

  unref(): void {
    // An idle child must not keep the parent (a CLI run) alive: neither it, its channel nor its pipe.
    this.child.unref()
    this.child.channel?.unref()
    ;(this.child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.()
  }

  terminate(): Promise<number> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      // An idle child is unref'd: held again until it has gone, or a caller awaiting its end in a
      // process with nothing else to do (a CLI, a benchmark closing the pool) would never see it.
      this.ref()
      this.child.kill('SIGKILL')
    }
    return this.exited
  }
}
