// The desktop app's and serve mode's session: the archive's writing connection on a thread of its own, every read in the read pool, and this thread free to take every call.

import { API_METHODS, type ArchiveApi } from '../../shared/api'
import { ownBuffer } from '../../shared/codec'
import { ArchiveError } from '../../shared/errors'
import type { AnnotationScope, ArchiveHealth, ArchiveInfo, RestoreReport } from '../../shared/model'
import { Archive, type SessionState } from '../archive/archive'
import {
  CHEAP_READS,
  POOLED_METHODS,
  ReadPool,
  bundleReply,
  jsonReads,
  withReadPool,
  type SpilledReply
} from '../archive/read-pool'
import type { BodyCalls, EncodedAnswer } from '../transport/dispatch'
import { WorkerStoppedError } from '../workers/pool'
import type { ThreadChannel } from '../workers/thread-channel'
import type { Stated } from './handlers'
import { startWriterThread, type StartedThread, type ThreadedSessionOptions } from './start-thread'

export type { SessionHost, ThreadedSessionOptions } from './start-thread'

/** The reads the pool answers here: the heavy ones and the cheap ones. */
const READS = [...POOLED_METHODS, ...CHEAP_READS]
/** What goes to the writing thread with its body undecoded: the rest but restoreBackup and archiveInfo. */
const BODY_METHODS = API_METHODS.filter(
  (m) => m !== 'restoreBackup' && m !== 'archiveInfo' && !(READS as string[]).includes(m)
)

/**
 * The memory of the pieces that are buffers of their own (ownBuffer), each once: they move to the
 * thread (detached here); a piece that is a slice of a larger buffer is copied with the message.
 */
function movable(parts: readonly Uint8Array[]): ArrayBuffer[] {
  const own = new Set<ArrayBuffer>()
  for (const part of parts) {
    const buffer = ownBuffer(part)
    if (buffer) own.add(buffer)
  }
  return [...own]
}

/** The bytes among `items` (or among their `key` fields), whatever else the list holds. */
function bytesOf(items: unknown, key?: string): Uint8Array[] {
  if (!Array.isArray(items)) return []
  const values: unknown[] = key
    ? items.map((item: unknown) => (item as Record<string, unknown> | null)?.[key])
    : items
  return values.filter((value): value is Uint8Array => value instanceof Uint8Array)
}

/**
 * An archive opened as ArchiveSession opens it (folder, checks, backups, team sync), with its
 * writing connection in a thread of its own: this thread only passes calls on. A write, however
 * long (a 4 MB import holds its transaction for a fifth of a second), then holds up other writes
 * only: every read runs in the read pool on a connection of its own, and this thread, which takes
 * every call, is never busy long. Writes stay serialised on the one writing connection.
 *
 * archiveInfo's counts come from the pool; its undo, redo, author and health are those the writing
 * thread sent with its last answer, so a caller that waited for its write sees both after it.
 * If the writing thread dies, the calls in it fail and the next call opens the archive in a new
 * one. restoreBackup closes the read pool first (its connections read the file being replaced).
 */
export class ThreadedSession {
  readonly path: string
  readonly api: ArchiveApi
  /** Reads answered as JSON encoded in the read workers (serve mode's; the app's via linkedReads). */
  readonly jsonReads = jsonReads(() => this.pool, READS)
  /**
   * Serve mode's calls to the writing thread, body and answer as they cross HTTP: the thread
   * decodes the body and encodes the answer, so a 50 MB upload costs this thread only reading it in.
   */
  readonly bodyCalls: BodyCalls = {
    methods: new Set(BODY_METHODS),
    call: async (method, body, raw) =>
      this.remote<EncodedAnswer>('callBody', [method, body, raw], movable(body))
  }
  /**
   * The api for a caller that never touches a call's arguments again (the desktop app's IPC, whose
   * arguments were made from the page's message just before): an import's file bytes move to the
   * writing thread instead of being copied on this one, as serve mode's bodies do (bodyCalls).
   */
  readonly handOverApi: ArchiveApi
  private pool: ReadPool | null = null
  private writer: Promise<ThreadChannel>
  private state: SessionState
  private stopped = false

  private constructor(
    private readonly options: ThreadedSessionOptions,
    [channel, state]: [ThreadChannel, SessionState]
  ) {
    this.path = options.path
    this.writer = Promise.resolve(channel)
    this.state = state
    const remote = Object.fromEntries(
      API_METHODS.map((m) => [m, (...args: unknown[]) => this.remote('call', [m, args])])
    ) as unknown as ArchiveApi
    remote.restoreBackup = () => this.restoreBackup()
    this.api = withReadPool(remote, () => this.pool, READS)
    this.api.archiveInfo = () => this.archiveInfo(remote)
    // What the caller sent is not checked yet (the archive does that): only bytes found move.
    this.handOverApi = {
      ...this.api,
      importFiles: (...args) =>
        this.remote('call', ['importFiles', args], movable(bytesOf(args[0], 'data'))),
      importBundle: (...args) => this.remote('call', ['importBundle', args], movable(bytesOf(args)))
    }
    this.startPool()
  }

  /** Starts the writing thread, opens the archive in it and starts the read pool beside it. */
  static async open(
    options: ThreadedSessionOptions,
    started: Promise<StartedThread> = startWriterThread(options)
  ): Promise<ThreadedSession> {
    return new ThreadedSession(options, await started)
  }

  /** The archive's health as the writing thread last said. */
  get health(): ArchiveHealth {
    return this.state.health
  }

  private poolReady: Promise<void> = Promise.resolve()

  /** Resolves when the read workers have started (until then the writing thread answers reads). */
  readWorkersReady(): Promise<void> {
    return this.poolReady
  }

  /** Starts the read pool: not for a read-only or damaged archive, which the thread reads alone. */
  private startPool(): void {
    const size = this.options.readWorkers
    if (size <= 0 || this.state.health.state !== 'ok') return
    const pool = new ReadPool(
      { path: this.path, resourcesDir: this.options.resourcesDir },
      { size, onFallback: (why) => this.log(`reads run on the writing thread: ${why}`) }
    )
    this.pool = pool
    this.poolReady = pool.warm()
    if (this.options.background) void this.poolReady.then(() => this.fullCheck(pool))
  }

  /** The writing thread; a new one, the archive opened again, if it died. */
  private async thread(): Promise<ThreadChannel> {
    let channel = await this.writer
    if (channel.isEnded && !this.stopped) {
      this.log("the archive's thread stopped; the archive is opened again in a new one")
      this.writer = startWriterThread(this.options).then(([next, state]) => {
        this.state = state
        return next
      })
      channel = await this.writer
    }
    return channel
  }

  /** A call in the writing thread; its answer's state is kept for archiveInfo. */
  private async remote<T>(handler: string, args: unknown[], transfer?: ArrayBuffer[]): Promise<T> {
    let stated: Stated<T>
    try {
      stated = await (await this.thread()).call<Stated<T>>(handler, args, transfer)
    } catch (error) {
      throw this.stoppedError(error)
    }
    this.state = stated.state
    return stated.answer
  }

  /**
   * A call the writing thread never answered, as the caller's one line: stopping Parallax is
   * "unavailable"; the thread's death is said once in the log, and the call fails with what the
   * person needs to know (the next call opens the archive again).
   */
  private stoppedError(error: unknown): unknown {
    if (!(error instanceof WorkerStoppedError)) return error
    if (this.stopped) return new ArchiveError('UNAVAILABLE', error.message)
    this.log(`a call failed: ${error.message}`)
    return new ArchiveError(
      'INTERNAL',
      `${error.message.replace(/\.$/, '')}, so this change may not have been saved; the archive is opened again for the next one.`
    )
  }

  private async archiveInfo(remote: ArchiveApi): Promise<ArchiveInfo> {
    const read = await this.pool?.read('fileInfo', [])
    if (!read) return remote.archiveInfo()
    return { ...(read.value as Omit<ArchiveInfo, keyof SessionState>), ...this.state }
  }

  /** The bundle as a file to send and delete (serve mode's download), written in a read worker. */
  bundleFile(): Promise<SpilledReply> {
    return bundleReply(this.pool, this.api)
  }

  /**
   * The W3C export streamed to `write` (serve mode's download), read on a read-only connection of
   * its own, opened for it: it never waits for a write.
   */
  async writeW3CExport(
    scope: AnnotationScope | undefined,
    write: (text: string) => Promise<void>
  ): Promise<number> {
    const reader = Archive.openReader({ path: this.path, resourcesDir: this.options.resourcesDir })
    try {
      return await reader.writeW3CExport(scope, write)
    } finally {
      reader.close()
    }
  }

  /** SQLite's full check in a read worker; damage found turns the archive read-only. */
  private async fullCheck(pool: ReadPool): Promise<void> {
    const reason = await pool.findDamage()
    if (!reason || this.stopped || pool !== this.pool) return
    await this.remote('noteDamage', [reason])
    this.log(`the archive is damaged (${reason}); it is open read-only from now on`)
  }

  private async restoreBackup(): Promise<RestoreReport> {
    // The read workers' connections go first: the file they read is about to be replaced.
    await this.pool?.close()
    this.pool = null
    try {
      return await this.remote<RestoreReport>('call', ['restoreBackup', []])
    } finally {
      // Whatever happened, an archive is open again in the thread: read it with a new pool.
      await this.remote('state', []).catch(() => undefined)
      this.startPool()
    }
  }

  private log(line: string): void {
    ;(this.options.log ?? ((l: string) => console.error(`Parallax: ${l}`)))(line)
  }

  /** Ends the import workers: imports still reading are refused with a clear line. */
  async stopImports(): Promise<void> {
    const channel = await this.writer.catch(() => null)
    await channel?.call('stopImports', []).catch(() => undefined)
  }

  /** Stops the read pool, then the import workers, the team sync and the archive in the thread, then the thread. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    // The read workers' connections close first, so that the writing one, closing last,
    // checkpoints the write-ahead log into the file and removes it.
    await this.pool?.close()
    this.pool = null
    const channel = await this.writer.catch(() => null)
    await channel?.call('stop', []).catch(() => undefined)
    await channel?.close()
  }
}
