// Runs the contract's heavy reads in worker threads, each with its own read-only connection, so no call waits behind a search or a large source.

import { rmSync, writeFileSync } from 'node:fs'
import type { ArchiveApi } from '../../shared/api'
import { ArchiveError } from '../../shared/errors'
import type { BackupInfo } from '../../shared/model'
import { WorkerLimitError, WorkerPool, type PoolOptions } from '../workers/pool'
import type { SpilledReply } from './read-handlers'
import { DEFAULT_READ_WORKERS, POOLED_METHODS, type ReadTarget } from './read-methods'
import { damageReason } from './db'
import { ReplyFiles } from './reply-files'
import type { ReadyReads } from '../transport/dispatch'

export {
  CHEAP_READS,
  DEFAULT_READ_WORKERS,
  POOLED_METHODS,
  readWorkerCount,
  type ReadTarget
} from './read-methods'
export type { SpilledReply } from './read-handlers'

/** What a pool that cannot answer returns, for the caller to read on the main thread. */
const NO_ANSWER = Symbol('no answer')

export interface ReadPoolOptions {
  /** Workers (default 2). */
  size?: number
  /** Heap cap of each worker in MB (default 2048: a 20 MB source's W3C export fits). */
  maxHeapMb?: number
  /** Longest one read may take (default 10 minutes: a 1,000-page handout). */
  timeoutMs?: number
  /** For tests: the worker script instead of the built read-worker. */
  worker?: PoolOptions['worker']
  /** Called once when the pool cannot start a worker and reads fall back to the main thread. */
  onFallback?: (reason: string) => void
  /** Where the folder of large replies is made (default: the system's temp folder). */
  tempDir?: string
}

/**
 * One read worker started for one long call (a full check, a backup) and closed after it, so that
 * the call holds up neither the pool's reads nor the writing connection.
 */
function ownWorker(worker: PoolOptions['worker'] | undefined, maxHeapMb: number): WorkerPool {
  return new WorkerPool({
    worker: worker ?? 'read-worker',
    isolation: 'thread',
    size: 1,
    maxHeapMb,
    timeoutMs: 3_600_000,
    idleMs: null
  })
}

/**
 * A backup of the archive made in a read worker of its own, on a read-only connection (see
 * read-handlers' backup): writes go on meanwhile. A failure to copy is thrown (an ArchiveError);
 * null when no worker could run it, for the caller to copy on its own connection instead.
 */
export async function backupInWorker(
  target: ReadTarget,
  reason: BackupInfo['reason'],
  worker?: PoolOptions['worker']
): Promise<BackupInfo | null> {
  const own = ownWorker(worker, 256)
  try {
    return (await own.call('backup', [target, reason, new Date().toISOString()])) as BackupInfo
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    return null
  } finally {
    await own.close()
  }
}

/**
 * A pool of read workers over one archive file. Each worker opens the file read-only (its own
 * SQLite connection; WAL lets it read while the main connection writes) and answers POOLED_METHODS
 * with the same Archive code the main thread runs. Writes never come here: they stay serialised
 * on the main connection. A worker that dies is replaced by the next call; a read that was in it
 * when it died, and every read while no worker can start, is answered on the main thread instead.
 */
export class ReadPool {
  private readonly pool: WorkerPool
  private readonly replies: ReplyFiles
  private down = false
  /** Set while warm() waits for its first worker: reads meanwhile are answered on the main thread. */
  private starting = false

  constructor(
    private readonly target: ReadTarget,
    private readonly options: ReadPoolOptions = {}
  ) {
    this.replies = new ReplyFiles(options.tempDir)
    this.pool = new WorkerPool({
      worker: options.worker ?? 'read-worker',
      isolation: 'thread',
      size: options.size ?? DEFAULT_READ_WORKERS,
      maxHeapMb: options.maxHeapMb ?? 2048,
      timeoutMs: options.timeoutMs ?? 600_000,
      // Workers stay: a fresh one costs a thread start, its modules and the archive's opening.
      idleMs: null
    })
  }

  /** Workers running now. */
  get workerCount(): number {
    return this.pool.workerCount
  }

  /**
   * Starts every worker and opens the archive in each, so the first reads do not wait for them;
   * the first also readies the PDF export (the others stay free for reads meanwhile).
   */
  warm(): Promise<void> {
    const size = this.options.size ?? DEFAULT_READ_WORKERS
    // The first screen's reads must not wait for threads to start and load (seconds on a busy
    // machine): until one worker is ready, the main thread answers them as it always did.
    this.starting = true
    const calls = Array.from({ length: size }, (_, i) =>
      this.pool.call('warm', [this.target, i === 0]).then(
        () => void (this.starting = false),
        () => undefined
      )
    )
    return Promise.all(calls).then(() => void (this.starting = false))
  }

  /**
   * Calls one of WORKER_READS in a worker. Resolves with `null` instead of an answer when the
   * pool cannot answer (no worker could start, or the worker died under the call): the caller
   * then reads on the main thread.
   */
  async read(method: string, args: unknown[]): Promise<{ value: unknown } | null> {
    const value = await this.run('read', method, args)
    return value === NO_ANSWER ? null : { value }
  }

  /**
   * Like read, but the answer comes as serve mode's JSON reply in UTF-8, encoded in the worker:
   * bytes when small, else a file the caller sends in pieces and must delete (null: read it on the
   * main thread instead). The main thread only writes them out. `spill` false: always bytes,
   * however large (the IPC benchmark's one-block baseline).
   */
  async readJson(
    method: string,
    args: unknown[],
    spill = true
  ): Promise<Uint8Array | SpilledReply | null> {
    if (this.down || this.starting) return null
    const value = await this.runWithFile('readJson', method, args, spill ? 'optional' : 'none')
    return value === NO_ANSWER ? null : (value as Uint8Array | SpilledReply)
  }

  /**
   * The archive's bundle, written by a worker straight to a file for the caller to send and delete
   * (serve mode's download); null when the pool cannot write it.
   */
  async bundleFile(): Promise<SpilledReply | null> {
    if (this.down || this.starting) return null
    const value = await this.runWithFile('bundleFile', 'exportBundle', [], 'required')
    return value === NO_ANSWER ? null : (value as SpilledReply)
  }

  /**
   * Runs `handler` with a new file name in the replies folder as its last argument (null when
   * none is wanted, or none could be made and one is only 'optional'). A file the call leaves
   * without an answer (the worker failed or ended after creating it) is deleted here.
   */
  private async runWithFile(
    handler: string,
    method: string,
    args: unknown[],
    file: 'none' | 'optional' | 'required'
  ): Promise<unknown> {
    let path: string | null = null
    try {
      if (file !== 'none') path = this.replies.name()
    } catch {
      // No temp folder to write in: large replies come as bytes, as small ones do.
      if (file === 'required') return NO_ANSWER
    }
    let value: unknown
    try {
      value = await this.run(handler, method, args, path)
    } finally {
      if (path && (value === undefined || value === NO_ANSWER)) rmSync(path, { force: true })
    }
    return value
  }

  private async run(
    handler: string,
    method: string,
    args: unknown[],
    ...more: unknown[]
  ): Promise<unknown> {
    if (this.down || this.starting) return NO_ANSWER
    try {
      return await this.pool.call(handler, [this.target, method, args, ...more])
    } catch (error) {
      if (error instanceof ArchiveError) throw error
      if (error instanceof WorkerLimitError) {
        const what =
          error.limit === 'memory'
            ? `needed more than ${error.amount} MB of memory`
            : `took longer than ${error.amount} s`
        throw new ArchiveError('TOO_LARGE', `${method} ${what}, more than Parallax gives one read.`)
      }
      // The worker died or could not start: answer here. A script that cannot be found will not
      // appear later, so the pool stays off for this archive.
      if (/missing beside|Cannot find module/.test((error as Error).message)) {
        this.down = true
        this.options.onFallback?.((error as Error).message)
      }
      if ((error as Error).name === 'WorkerStoppedError' || this.down) return NO_ANSWER
      throw error
    }
  }

  /** The worker of a full check while one runs (closed with the pool). */
  private checker: WorkerPool | null = null

  /**
   * Runs SQLite's full integrity check in a worker of its own, so that reading the whole file
   * (minutes for a large archive) holds up none of the reads: the damage found, as the one line
   * the archive's health gives (damageReason); null when sound, when no worker could run it, or
   * when the pool closed meanwhile.
   */
  async findDamage(): Promise<string | null> {
    if (this.down) return null
    const checker = ownWorker(this.options.worker, 512)
    this.checker = checker
    try {
      const problems = (await checker.call('integrity', [this.target])) as string[]
      return problems.length > 0 ? damageReason(problems) : null
    } catch {
      return null
    } finally {
      if (this.checker === checker) this.checker = null
      await checker.close()
    }
  }

  close(): Promise<void> {
    this.down = true
    return Promise.all([this.pool.close(), this.checker?.close()]).then(() => this.replies.close())
  }
}

/**
 * The contract with its POOLED_METHODS (or `methods`) answered by `pool` (the same methods of `api`
 * when the pool cannot, or when `pool` is a getter that gives none: a session whose pool is closed
 * for a while); every other method, and every write, is `api`'s own.
 */
export function withReadPool(
  api: ArchiveApi,
  pool: ReadPool | (() => ReadPool | null),
  methods: readonly (keyof ArchiveApi)[] = POOLED_METHODS
): ArchiveApi {
  const current = typeof pool === 'function' ? pool : () => pool
  const pooled = Object.fromEntries(
    methods.map((method) => {
      const local = (api[method] as (...a: unknown[]) => Promise<unknown>).bind(api)
      const viaPool = async (...args: unknown[]): Promise<unknown> => {
        const answer = await current()?.read(method, args)
        return answer ? answer.value : local(...args)
      }
      return [method, viaPool]
    })
  )
  return { ...api, ...pooled } as ArchiveApi
}

/**
 * The pool's reads as ready replies (serve mode's `jsonReads`; the desktop app's, through
 * linkedReads): answers of POOLED_METHODS (or `methods`) come as JSON encoded in the worker, as
 * bytes or (large) a file to send. `pool` gives the pool open now (a session's changes as
 * archives open and close; none: the api answers).
 */
export function jsonReads(
  pool: () => ReadPool | null,
  methods: readonly string[] = POOLED_METHODS
): ReadyReads<Uint8Array | SpilledReply> {
  return {
    methods: new Set(methods),
    read: (method, args) => pool()?.readJson(method, args) ?? Promise.resolve(null)
  }
}

/** Where bundleReply writes when no pool can (a folder the next Parallax removes once this ends). */
const fallbackReplies = new ReplyFiles()

/**
 * Serve mode's bundle download as a file the caller sends and deletes: written by a read worker
 * a piece at a time, or, when the pool cannot (none, or a damaged archive read on its own), from
 * the api's bytes.
 */
export async function bundleReply(pool: ReadPool | null, api: ArchiveApi): Promise<SpilledReply> {
  const written = await pool?.bundleFile()
  if (written) return written
  const bytes = await api.exportBundle()
  const path = fallbackReplies.name()
  writeFileSync(path, bytes, { mode: 0o600, flag: 'wx' })
  return { path, bytes: bytes.length }
}
