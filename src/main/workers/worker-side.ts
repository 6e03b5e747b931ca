// The worker's half of a WorkerPool (a thread, a forked process or an Electron utility process): answers each call with its result or error.

import { parentPort } from 'node:worker_threads'
import { toThrownPayload, type CallMessage } from './protocol'

type Handler = (...args: never[]) => unknown

interface Port {
  on(event: 'message', listener: (message: CallMessage) => void): unknown
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void
}

/** The IPC channel of a process started by child_process.fork, shaped like a thread's port. */
function processPort(): Port | null {
  if (!process.send) return null
  // The parent gone (closed, or killed): nothing is left to answer.
  process.on('disconnect', () => process.exit(0))
  return {
    on: (event, listener) => process.on(event, listener),
    postMessage: (message) =>
      void process.send!({ ...(message as object), rssKb: process.resourceUsage().maxRSS })
  }
}

/** What Electron gives a utilityProcess child as process.parentPort (messages are structured-cloned). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  postMessage(message: unknown): void
}

/** The parent port of an Electron utilityProcess (the desktop app's worker processes). */
function utilityPort(): Port | null {
  const parent = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (!parent) return null
  return {
    on: (_event, listener) => parent.on('message', (event) => listener(event.data as CallMessage)),
    // Buffers are copied, not moved: a utility process's port transfers only message ports.
    postMessage: (message) =>
      parent.postMessage({ ...(message as object), rssKb: process.resourceUsage().maxRSS })
  }
}

/** A handler's result whose buffers move to the caller instead of being copied. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly list: ArrayBuffer[]
  ) {}
}

/**
 * Serves calls in a worker entry file: `handleCalls({ readDocument })` answers `pool.call('readDocument',
 * args)`. A handler may be async; what it throws reaches the caller (ArchiveErrors intact).
 */
export function handleCalls(handlers: Record<string, Handler>): void {
  const port = parentPort ?? utilityPort() ?? processPort()
  if (!port)
    throw new Error(
      'handleCalls runs only inside a worker thread, a forked process or a utility process.'
    )
  port.on('message', (message: CallMessage) => {
    // Messages that are not calls are for listeners of the worker's own (see ThreadChannel.post).
    if (typeof message.method !== 'string') return
    const { id, method, args } = message
    void (async () => {
      try {
        const handler = handlers[method]
        if (!handler) throw new Error(`This worker has no method "${method}".`)
        const result = await (handler as (...a: unknown[]) => unknown)(...args)
        if (result instanceof Transfer)
          port.postMessage({ id, ok: true, value: result.value }, result.list)
        else port.postMessage({ id, ok: true, value: result })
      } catch (error) {
        const payload = toThrownPayload(error)
        try {
          port.postMessage({ id, ok: false, error: payload })
        } catch {
          // Details that cannot be cloned are dropped rather than losing the error.
          port.postMessage({ id, ok: false, error: { ...payload, details: undefined } })
        }
      }
    })()
  })
}
