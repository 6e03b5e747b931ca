// What the archive's writing thread does (writer-worker.ts runs it): holds the archive's one writing connection and answers every call the read pool does not.

import { parentPort } from 'node:worker_threads'
import type { ArchiveApi } from '../../shared/api'
import { ArchiveError } from '../../shared/errors'
import type { SessionState } from '../archive/archive'
import { archiveErrorOf } from '../archive/db'
import { closeImportWorkers, warmImportWorkers } from '../archive/importers'
import { ArchiveSession, type SessionOptions } from '../session'
import type { TeamHooks } from '../team/service'
import { answerBody, type EncodedAnswer } from '../transport/dispatch'
import { joinBody } from '../transport/http-body'
import { setProcessSpawner } from '../workers/child'
import { relayedSpawner, type RelayNotice } from './process-relay'

/**
 * What the thread is told to open: a session's options that can cross a thread (no functions),
 * less those the thread always sets (its reads are the caller's pool's, its checkpoints in a
 * worker of its own).
 */
export type ThreadSessionOptions = Omit<
  SessionOptions,
  'log' | 'team' | 'readWorkers' | 'readsElsewhere' | 'checkpointsInWorker'
> & {
  /** The folder new team copies go in (team sync runs here, with its password from PGPASSWORD or ~/.pgpass). */
  copiesDir: string
  /** Put before each line this thread writes to stderr. */
  logPrefix: string
  /** Start the import workers now, so the first import does not wait for them. */
  warmImports?: boolean
  /**
   * Team passwords by address, from the caller's keychain; a password a dialog gives is sent back
   * (event `secret`) for it to keep. Without it, passwords come from PGPASSWORD or ~/.pgpass.
   */
  passwords?: Record<string, string>
  /** A team copy just made is opened by the caller (event `openCopy`): the desktop app. */
  callerOpensCopies?: boolean
  /** Import worker processes are started by the caller (events `relay`): see process-relay.ts. */
  relayProcesses?: boolean
}

/**
 * An answer with the writing connection's state as the call left it (undo and redo, author,
 * health), so that the caller can say what archiveInfo says without asking this thread.
 */
export interface Stated<T> {
  answer: T
  state: SessionState
}

let session: ArchiveSession | null = null
let log = (line: string): void => console.error(line)

function open(): ArchiveSession {
  if (!session) throw new ArchiveError('INTERNAL', "The archive's thread has no archive open.")
  return session
}

function stated<T>(answer: T): Stated<T> {
  return { answer, state: open().archive.sessionState() }
}

/** Tells the thread that started this one something (ThreadChannel's onEvent). */
function tell(event: string, data: unknown): void {
  parentPort?.postMessage({ event, data })
}

/** Opens the archive (the heavy reads are the caller's read pool's). */
export function start(options: ThreadSessionOptions): Stated<null> {
  if (session)
    throw new ArchiveError('INTERNAL', "The archive's thread has an archive open already.")
  const {
    copiesDir,
    logPrefix,
    warmImports,
    passwords,
    callerOpensCopies,
    relayProcesses,
    ...rest
  } = options
  log = (line) => console.error(`${logPrefix}${line}`)
  if (relayProcesses) {
    const relay = relayedSpawner((request) => tell('relay', request))
    setProcessSpawner(relay.spawner)
    parentPort?.on('message', (message: RelayNotice) => {
      if (typeof message.relay === 'number') relay.receive(message)
    })
  }
  const known = { ...passwords }
  const team: TeamHooks = {
    copiesDir,
    secrets: passwords && {
      get: (url) => known[url],
      set: (url, password) => {
        known[url] = password
        tell('secret', { url, password })
      }
    },
    openCopy: callerOpensCopies ? async (path) => tell('openCopy', path) : undefined
  }
  try {
    session = ArchiveSession.open({
      ...rest,
      readsElsewhere: true,
      checkpointsInWorker: true,
      team,
      log
    })
  } catch (error) {
    throw archiveErrorOf(error)
  }
  if (warmImports) warmImportWorkers()
  return stated(null)
}

/** One contract call on the archive open here. */
export async function call(method: keyof ArchiveApi, args: unknown[]): Promise<Stated<unknown>> {
  const api = open().api
  try {
    return stated(await (api[method] as (...a: unknown[]) => Promise<unknown>).apply(api, args))
  } catch (error) {
    // SQLite's errors lose their code crossing threads: turn them into one-line ArchiveErrors here.
    throw archiveErrorOf(error)
  }
}

/** One call as serve mode received it, its body undecoded, answered as the JSON it sends. */
export async function callBody(
  method: string,
  body: Uint8Array[],
  raw: boolean
): Promise<Stated<EncodedAnswer>> {
  const api = open().api
  return stated(await answerBody(api, method, joinBody(body), raw, log))
}

/** The state now (a restored backup changes it). */
export function state(): Stated<null> {
  return stated(null)
}

/** Damage the caller's full check found: the archive is open read-only from now on. */
export function noteDamage(reason: string): Stated<null> {
  open().archive.noteDamage(reason)
  return stated(null)
}

/** Ends the import workers: imports still reading are refused with a clear line. */
export function stopImports(): Promise<void> {
  return closeImportWorkers()
}

/** Ends the import workers, then the session (team sync, timers, checkpoints, the archive). */
export async function stop(): Promise<void> {
  await stopImports()
  await session?.stop()
  session = null
}
