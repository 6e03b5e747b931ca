// Starts the archive's writing thread and opens the archive in it. Light to load (no archive code):
// serve mode starts the thread first, then loads the rest while the thread loads the archive's code.

import type { SessionState } from '../archive/archive'
import type { Secrets } from '../team/service'
import type { WorkerScript } from '../workers/locate'
import { ThreadChannel } from '../workers/thread-channel'
import type { Stated, ThreadSessionOptions } from './handlers'
import { ProcessHost, type RelayRequest } from './process-relay'

/** What the desktop app does for the writing thread, which cannot (Electron's main-process APIs). */
export interface SessionHost {
  /** The keychain: every password it holds is given to the thread, which sends back new ones. */
  secrets?: Secrets & { all(): Record<string, string> }
  /** Opens a team copy just made, in place of the archive open now. */
  openCopy?: (path: string) => Promise<void>
  /** Start the thread's import worker processes here (spawnWorkerProcess: utility processes). */
  relayProcesses?: boolean
}

type Opening = Omit<ThreadSessionOptions, 'passwords' | 'callerOpensCopies' | 'relayProcesses'>

export interface ThreadedSessionOptions extends Opening {
  /** Read workers (see ReadPool); 0 sends the reads to the writing thread too. */
  readWorkers: number
  /** What this thread does for the writing thread (the desktop app). */
  host?: SessionHost
  /** Where this thread's background failures are written (default stderr). */
  log?: (line: string) => void
  /** For tests: the writing thread's script instead of the built writer-worker. */
  worker?: WorkerScript
}

/** The writing thread, started, with the state of the archive it opened. */
export type StartedThread = [ThreadChannel, SessionState]

/**
 * Starts the writing thread and opens the archive in it (ThreadedSession.open does, unless given
 * a thread started earlier).
 */
export async function startWriterThread(options: ThreadedSessionOptions): Promise<StartedThread> {
  const { readWorkers: _r, log: _l, worker: _w, host = {}, ...rest } = options
  const processes = new ProcessHost((notice) => channel.post(notice))
  const channel = new ThreadChannel(options.worker ?? 'writer-worker', {
    onExit: () => void processes.close(),
    onEvent: ({ event, data }) => {
      if (event === 'relay') processes.handle(data as RelayRequest)
      else if (event === 'secret') {
        const { url, password } = data as { url: string; password: string }
        host.secrets?.set(url, password)
      } else if (event === 'openCopy') void host.openCopy?.(data as string)
    }
  })
  const opening: ThreadSessionOptions = {
    ...rest,
    // The read pool checks the whole file once it is up (startPool), so the thread need not.
    fullCheckElsewhere: options.background === true && options.readWorkers > 0,
    passwords: host.secrets?.all(),
    callerOpensCopies: host.openCopy !== undefined,
    relayProcesses: host.relayProcesses
  }
  try {
    return [channel, (await channel.call<Stated<null>>('start', [opening])).state]
  } catch (error) {
    await channel.close()
    throw error
  }
}
