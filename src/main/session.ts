// One way in: opens an archive for the desktop app, serve mode and the CLI alike (folder, checks, backups, font warm-up).

import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { API_METHODS, type ArchiveApi } from '../shared/api'
import { ArchiveError, toErrorPayload } from '../shared/errors'
import type { BackupInfo, RestoreReport } from '../shared/model'
import { Archive } from './archive/archive'
import { Checkpoints } from './archive/checkpoints'
import { CHECK_ON_OPEN_BYTES } from './archive/db'
import {
  ReadPool,
  bundleReply,
  jsonReads,
  backupInWorker,
  withReadPool,
  type SpilledReply
} from './archive/read-pool'
import { restoreNewestGoodBackup } from './archive/recovery'
import { TeamService, archiveApi, type TeamHooks } from './team/service'

/** How often the app and serve mode look whether a scheduled backup is due. */
export const BACKUP_CHECK_MS = 10 * 60_000

/** How often a session with checkpoints in a worker looks for writes that no call made. */
export const LOOK_FOR_WRITES_MS = 5000

export interface SessionOptions {
  path: string
  /** The app's resources folder (sample archive, fonts). */
  resourcesDir: string
  /** Install the sample into a new, empty archive. */
  withSample?: boolean
  /** Sign this session's changes with this name (the CLI's --as). */
  author?: string
  /** Open without changing anything. */
  readOnly?: boolean
  /**
   * For a long-lived session (the app, serve mode): scheduled backups now and every 10 minutes,
   * the export fonts readied a few seconds after opening, and (with read workers) SQLite's full
   * integrity check run in a worker of its own.
   */
  background?: boolean
  /** Team sync for a team copy (keychain, copies folder); without it no sync runs (the CLI). */
  team?: TeamHooks
  /** Where background failures are written (default stderr). */
  log?: (line: string) => void
  /**
   * Worker threads that answer the heavy reads (search, sources, listings, exports, handouts) on
   * their own read-only connections, so no call waits behind them (the app and serve mode: see
   * readWorkerCount); 0 or none reads everything on this thread (the CLI).
   */
  readWorkers?: number
  /**
   * The heavy reads are answered outside this session (a ThreadedSession runs this one in its
   * writing thread, and the read pool beside it): nothing is readied for them here.
   */
  readsElsewhere?: boolean
  /** SQLite's full check runs outside this session once it has opened (a ThreadedSession's pool). */
  fullCheckElsewhere?: boolean
  /**
   * Copy the write-ahead log into the archive's file in a worker thread of its own (see
   * Checkpoints) after each call that wrote, and every few seconds after writes no call made (a
   * team's changes coming in): the writing thread's session. A restored backup waits for the copy
   * under way. Without it SQLite copies the log itself, inside a write (the CLI).
   */
  checkpointsInWorker?: boolean
  /**
   * A large file's quick check waits for the first change instead of running on open, so that
   * reads do not wait for it (the CLI: see Archive's checkBeforeWrite).
   */
  checkBeforeWrite?: boolean
}

/** Creates the archive's folder (and its parents) if missing: a new archive may go anywhere. */
function ensureFolder(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new ArchiveError('IO', `Cannot create the folder ${dirname(path)} (${why}).`)
  }
}

/**
 * An open archive with what runs beside it. `api` stays the same object for the whole session and
 * always reaches the archive open now, so a restored backup is picked up by every face.
 */
export class ArchiveSession {
  readonly path: string
  private current: Archive
  private team: TeamService
  private currentApi: ArchiveApi
  private pool: ReadPool | null = null
  private readonly checkpoints: Checkpoints | null
  readonly api: ArchiveApi
  private readonly timers: ReturnType<typeof setTimeout>[] = []
  private stopped = false

  private constructor(
    private readonly options: SessionOptions,
    archive: Archive
  ) {
    this.path = options.path
    this.current = archive
    this.team = this.teamFor(archive)
    this.currentApi = this.apiFor(archive)
    const checkpoints = options.checkpointsInWorker
      ? new Checkpoints(this.path, (line) => this.log(line))
      : null
    this.checkpoints = checkpoints
    this.api = Object.fromEntries(
      API_METHODS.map((m) => [
        m,
        (...args: unknown[]) => {
          const answer = (this.currentApi[m] as (...a: unknown[]) => Promise<unknown>)(...args)
          return checkpoints ? answer.finally(() => this.lookForWrites()) : answer
        }
      ])
    ) as unknown as ArchiveApi
    if (checkpoints) {
      const every = setInterval(() => this.lookForWrites(), LOOK_FOR_WRITES_MS)
      every.unref()
      this.timers.push(every)
    }
  }

  /** Has what the writing connection wrote since the last look copied into the file (see Checkpoints). */
  private lookForWrites(): void {
    if (!this.stopped) this.checkpoints?.afterCall(this.current.database)
  }

  /** Opens (or creates, folder and all) the archive and starts what runs beside it. */
  static open(options: SessionOptions): ArchiveSession {
    const path = resolve(options.path)
    ensureFolder(path)
    // With read workers, a long-lived session checks the whole file in one of them after opening:
    // a large file skips the quick check on open (seconds on the way to the first answer).
    const fullCheckFollows =
      options.fullCheckElsewhere === true ||
      (options.background === true && (options.readWorkers ?? 0) > 0)
    const archive = Archive.open({
      path,
      resourcesDir: options.resourcesDir,
      withSample: options.withSample,
      author: options.author,
      readOnly: options.readOnly,
      quickCheckUpTo:
        fullCheckFollows || options.checkBeforeWrite === true ? CHECK_ON_OPEN_BYTES : undefined,
      checkBeforeWrite: !fullCheckFollows && options.checkBeforeWrite === true
    })
    const session = new ArchiveSession({ ...options, path }, archive)
    if (options.background) session.startBackground()
    return session
  }

  /** The bundle as a file to send and delete (serve mode's download), written in a read worker. */
  bundleFile(): Promise<SpilledReply> {
    return bundleReply(this.pool, this.api)
  }

  /** The archive open now (it changes when a backup is restored). */
  get archive(): Archive {
    return this.current
  }

  private teamFor(archive: Archive): TeamService {
    const team = new TeamService(archive, this.options.team ?? { copiesDir: dirname(this.path) })
    // A read-only archive cannot take the team's changes in.
    if (this.options.team && archive.health.state === 'ok') team.start()
    return team
  }

  private apiFor(archive: Archive): ArchiveApi {
    const api = archiveApi(archive, this.team, { restoreBackup: () => this.restoreBackup() })
    // A long-lived session's backups are copied in a worker: writes go on meanwhile.
    if (this.options.background) api.backupNow = () => this.backup(archive, 'manual')
    const size = this.options.readWorkers ?? 0
    // A read-only or damaged archive is read on this thread only: as it always was.
    if (size <= 0 || archive.health.state !== 'ok') return api
    const pool = new ReadPool(
      { path: this.path, resourcesDir: this.options.resourcesDir },
      { size, onFallback: (why) => this.log(`reads run on one thread: ${why}`) }
    )
    this.pool = pool
    this.poolReady = pool.warm()
    return withReadPool(api, pool)
  }

  private poolReady: Promise<void> = Promise.resolve()

  /** Resolves when the read workers have started (until then the reads run on this thread). */
  readWorkersReady(): Promise<void> {
    return this.poolReady
  }

  /**
   * Reads answered as JSON replies encoded in the read workers, so that encoding a 20 MB source
   * never holds up the thread that answers every call: serve mode's (startServer's `jsonReads`),
   * and the desktop app's (linkedReads, which hands large ones to the page as links).
   */
  readonly jsonReads = jsonReads(() => this.pool)

  private log(line: string): void {
    ;(this.options.log ?? ((l: string) => console.error(`Parallax: ${l}`)))(line)
  }

  private startBackground(): void {
    // A file left unchecked on open waits for the next look (10 minutes on): by then the full
    // check has said whether it is sound, and a damaged file is never copied over good backups.
    if (this.current.checkedOnOpen) this.backupIfDue()
    const every = setInterval(() => this.backupIfDue(), BACKUP_CHECK_MS)
    every.unref()
    // The first handout would wait seconds for the citation engine and the fonts: ready them
    // while the user is still reading (in a read worker, where handouts are made, if there are).
    const warm = setTimeout(() => {
      if (!this.pool && !this.options.readsElsewhere)
        void import('./export/pdf')
          .then(({ warmUpExport }) => warmUpExport(join(this.options.resourcesDir, 'fonts')))
          .catch(() => {})
    }, 3000)
    warm.unref()
    this.timers.push(every, warm)
    // The quick check on open does not compare indexes with their tables; the full check does,
    // reading the whole file, so it runs in a worker thread of its own once the read workers are up.
    void this.poolReady.then(() => this.fullCheck())
  }

  /**
   * SQLite's full integrity check of the archive in a worker thread; damage it finds turns the
   * archive read-only, as if it had opened damaged, and the views show it. Without read workers
   * (the CLI: `parallax check --full`) nothing runs.
   */
  private async fullCheck(): Promise<void> {
    const archive = this.current
    const pool = this.pool
    if (!pool || archive.health.state !== 'ok') return
    const reason = await pool.findDamage()
    // Stopped, or the archive replaced by a restored backup meanwhile: this finding is stale.
    if (!reason || this.stopped || archive !== this.current) return
    archive.noteDamage(reason)
    this.log(`the archive is damaged (${reason}); it is open read-only from now on`)
  }

  /** The scheduled backup being copied, if one is. */
  private scheduled: Promise<unknown> | null = null

  /**
   * Starts the scheduled backup if one is due. A damaged archive is never copied (its copies would
   * push good ones out), a read-only one cannot have changed since its last copy.
   */
  private backupIfDue(): void {
    const archive = this.current
    if (archive.health.state !== 'ok' || this.scheduled || this.stopped) return
    const failed = (error: unknown): void =>
      this.log(`scheduled backup failed: ${toErrorPayload(error).message}`)
    try {
      if (!archive.backupDue()) return
    } catch (error) {
      failed(error)
      return
    }
    this.scheduled = this.backup(archive, 'scheduled')
      .catch(failed)
      .finally(() => (this.scheduled = null))
  }

  /**
   * A backup copied in a worker thread of its own, on a read-only connection, so that the
   * archive's writes do not wait the seconds a large one takes; on this connection if no worker
   * can run.
   */
  private backup(archive: Archive, reason: BackupInfo['reason']): Promise<BackupInfo> {
    const target = { path: this.path, resourcesDir: this.options.resourcesDir }
    const made = backupInWorker(target, reason).then((info) => info ?? archive.backup(reason))
    // Stopping and restoring wait for every copy under way (see copiesMade).
    const settled = made.then(
      () => undefined,
      () => undefined
    )
    this.copies.add(settled)
    void settled.then(() => this.copies.delete(settled))
    return made
  }

  /** Backups being copied. */
  private readonly copies = new Set<Promise<void>>()

  /** Resolves once every backup under way has been copied (or has failed). */
  private async copiesMade(): Promise<void> {
    await Promise.all([...this.copies])
  }

  /**
   * Puts the newest sound backup in place of the archive and opens it. A read-only archive is
   * refused (its file is not Parallax's to replace); the replaced file is kept in Backups.
   */
  async restoreBackup(): Promise<RestoreReport> {
    // A checkpoint writes the file about to be replaced: the one under way ends first, the next
    // waits for the restored archive.
    return this.checkpoints
      ? this.checkpoints.hold(() => this.replaceByBackup())
      : this.replaceByBackup()
  }

  private async replaceByBackup(): Promise<RestoreReport> {
    const { state, reason } = this.current.health
    if (state === 'read-only')
      throw new ArchiveError(
        'READ_ONLY',
        `The archive is open read-only (${reason}): a backup cannot be put in its place.`
      )
    // Backups being copied end first, as they would have before the restore began.
    await this.copiesMade()
    await this.team.stop()
    // The read workers' connections go first: the file they read is about to be replaced.
    await this.closePool()
    this.current.close()
    let report: RestoreReport
    try {
      report = restoreNewestGoodBackup(this.path)
    } finally {
      // Whatever happened, an archive is open again: the restored one, or the one that was.
      this.current = Archive.open({
        path: this.path,
        resourcesDir: this.options.resourcesDir,
        author: this.options.author
      })
      this.team = this.teamFor(this.current)
      this.currentApi = this.apiFor(this.current)
    }
    return report
  }

  /** Stops the timers and the team sync, and closes the archive. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    // Backups being copied are finished: stopping halfway would waste them.
    await this.copiesMade()
    await this.team.stop()
    await this.closePool()
    // The checkpoints' connection closes first, so that the writing one, closing last, removes the log.
    await this.checkpoints?.close()
    this.current.close()
  }

  private async closePool(): Promise<void> {
    const pool = this.pool
    this.pool = null
    await pool?.close()
  }
}
