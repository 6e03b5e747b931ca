// Worker processes of the desktop app as Electron utility processes: the packaged app cannot fork itself as Node.

import { utilityProcess, type UtilityProcess } from 'electron'
import { EventEmitter } from 'node:events'
import { ranOutOfMemory, setProcessSpawner, type PoolWorker } from '../workers/child'
import type { WorkerScript } from '../workers/locate'

/**
 * A pool worker in an Electron utilityProcess: the same entry file and messages as a forked one
 * (worker-side.ts answers on process.parentPort). A heap overrun ends only this process and is
 * reported as the pool expects (an 'error' with code ERR_WORKER_OUT_OF_MEMORY, then 'exit').
 */
class UtilityWorker extends EventEmitter implements PoolWorker {
  private readonly child: UtilityProcess
  private stderr = ''
  private fatal = false
  private readonly exited: Promise<number>

  constructor(script: WorkerScript, maxHeapMb: number) {
    super()
    this.child = utilityProcess.fork(script.filename, [], {
      execArgv: [...script.execArgv, `--max-old-space-size=${maxHeapMb}`],
      stdio: ['ignore', 'inherit', 'pipe'],
      serviceName: 'Parallax import'
    })
    this.child.stderr?.setEncoding('utf8')
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-4096)
    })
    this.child.on('message', (message: unknown) => this.emit('message', message))
    this.child.on('error', () => {
      this.fatal = true
    })
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        if (this.fatal || ranOutOfMemory(code, null, this.stderr)) {
          this.emit(
            'error',
            Object.assign(new Error('JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' })
          )
        }
        this.emit('exit', code)
        resolve(code)
      })
    })
  }

  postMessage(message: unknown): void {
    this.child.postMessage(message)
  }

  // A utility process never keeps the app alive: the app quits when its windows close.
  ref(): void {}

  unref(): void {}

  terminate(): Promise<number> {
    if (this.child.pid !== undefined) this.child.kill()
    return this.exited
  }
}

/** Makes the worker pools start their processes as utility processes (call once, at start). */
export function useUtilityProcessWorkers(): void {
  setProcessSpawner((script, maxHeapMb) => new UtilityWorker(script, maxHeapMb))
}
