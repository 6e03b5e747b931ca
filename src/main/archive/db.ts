// Opens an archive file: checks it is a Parallax archive, sets WAL and foreign keys, applies numbered migrations.

import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readSync,
  rmSync,
  statSync
} from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { ArchiveError } from '../../shared/errors'
import type { ArchiveHealth } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import { sortKey } from '../../shared/text/sort-key'
import { listingDeferred } from './source-list'
import { cacheStatements } from './statements'

export type Db = Database.Database

/** "PRLX": marks a SQLite file as a Parallax archive. */
export const APPLICATION_ID = 0x50524c58

const migrationFiles = import.meta.glob('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>

/** A numbered schema change: the SQL that brings an archive to `version`. */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** Migrations in order; the number before the dash is the schema version each one produces. */
export const MIGRATIONS: readonly Migration[] = Object.entries(migrationFiles)
  .map(([path, sql]) => {
    const name = path.replace(/^.*\//, '').replace(/\.sql$/, '')
    return { version: Number.parseInt(name, 10), name, sql }
  })
  .sort((a, b) => a.version - b.version)

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

const SQLITE_MAGIC = 'SQLite format 3\0'

function checkHeader(path: string): void {
  const stat = statSync(path)
  if (stat.isDirectory()) {
    throw new ArchiveError('NOT_AN_ARCHIVE', `${path} is a folder, not a Parallax archive file.`)
  }
  // A FIFO would block the first read forever, /dev/zero would never end: refuse them before
  // anything (SQLite included) reads a byte.
  if (!stat.isFile()) {
    throw new ArchiveError(
      'NOT_AN_ARCHIVE',
      `${path} is not a regular file (a device, pipe or socket), so not a Parallax archive.`
    )
  }
  const size = stat.size
  if (size === 0) return
  const fd = openSync(path, 'r')
  try {
    const header = Buffer.alloc(16)
    readSync(fd, header, 0, 16, 0)
    if (size < 100 || header.toString('latin1') !== SQLITE_MAGIC) {
      throw new ArchiveError(
        'NOT_AN_ARCHIVE',
        `${path} is not a Parallax archive (not a SQLite file).`
      )
    }
  } finally {
    closeSync(fd)
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Why an existing archive file must be opened read-only, or null. An archive in WAL mode keeps two
 * files beside it while open (-wal, -shm), so its folder must be writable too.
 */
function readOnlyReason(path: string, asked: boolean | undefined): string | null {
  if (asked) return 'opened read-only as asked'
  if (!writable(path)) return 'the file is read-only'
  if (!writable(dirname(path))) return `its folder ${dirname(path)} cannot be written to`
  return null
}

const health = new WeakMap<Db, ArchiveHealth>()
/** Side files a read-only connection made and its close removes (SQLite would leave them). */
const madeFiles = new WeakMap<Db, string[]>()

/** Connections opened without the quick check (quickCheckUpTo): their full check is to come. */
const unchecked = new WeakSet<Db>()

/** Whether SQLite's check ran when this connection opened (false: left to the full check). */
export function checkedOnOpen(db: Db): boolean {
  return !unchecked.has(db)
}

/** Whether the archive opened as it should, read-only, or damaged (then read-only too). */
export function healthOf(db: Db): ArchiveHealth {
  return health.get(db) ?? { state: 'ok', reason: null }
}

/**
 * Marks an open archive damaged (a full check found what the quick check on open did not): from
 * now on its writes are refused as a damaged archive's are.
 */
export function markDamaged(db: Db, reason: string): void {
  health.set(db, { state: 'damaged', reason })
}

/**
 * Closes a connection. A read-only connection to a WAL archive creates -wal and -shm beside it
 * and cannot remove them on close; left behind (with the file's read-only permissions) they
 * would make the archive fail to open once it is writable again. They are removed when this
 * connection created them and the -wal holds nothing.
 */
export function closeDatabase(db: Db): void {
  if (db.open) db.close()
  const made = madeFiles.get(db)
  if (!made) return
  madeFiles.delete(db)
  const wal = made.find((f) => f.endsWith('-wal'))
  try {
    if (wal && statSync(wal).size > 0) return
  } catch {
    // Already gone.
  }
  for (const file of made) rmSync(file, { force: true })
}

/**
 * Opens any SQLite file read-only (a backup being checked): its header checked first, and the side
 * files the connection makes removed by closeDatabase.
 */
export function openReadOnlyFile(path: string): Db {
  checkHeader(path)
  const sideFiles = [`${path}-wal`, `${path}-shm`]
  const before = sideFiles.filter((f) => existsSync(f))
  const db = new Database(path, { readonly: true, fileMustExist: true })
  madeFiles.set(
    db,
    sideFiles.filter((f) => !before.includes(f))
  )
  return db
}

/**
 * SQLite's quick_check (the structure of every page, without cross-checking indexes against
 * tables: a fraction of integrity_check's time), or with `full` its integrity_check. Returns what
 * it found wrong, at most 20 problems; empty when sound.
 */
export function quickCheck(db: Db, full = false): string[] {
  const pragma = full ? 'integrity_check' : 'quick_check'
  try {
    const rows = db.pragma(`${pragma}(20)`, { simple: false }) as Record<string, string>[]
    // One problem a line (SQLite puts several in one row, under a "*** in database main ***").
    return rows
      .flatMap((r) => r[pragma].split('\n'))
      .map((line) => line.trim())
      .filter((line) => line && line !== 'ok' && !/^\*\*\* in database/.test(line))
  } catch (error) {
    return [(error as Error).message]
  }
}

/** What a damaged archive's state says of the problems a check found. */
export function damageReason(problems: string[]): string {
  const count =
    problems.length === 1
      ? 'a broken page'
      : `${problems.length >= 20 ? 'at least 20' : problems.length} problems`
  return `SQLite's check found ${count}, first: ${problems[0]}`
}

export interface OpenOptions {
  /** Create the file if it does not exist (default true). */
  create?: boolean
  /** Called with the current file before a migration changes it (backups). */
  beforeMigrate?: (db: Db, from: number, to: number) => void
  /** The migrations to apply, in order (default MIGRATIONS); tests pass extra ones. */
  migrations?: readonly Migration[]
  /** Open without changing anything (also chosen when the file or its folder is read-only). */
  readOnly?: boolean
  /**
   * Skip the quick check on open for a file larger than this (bytes) that needs no migration:
   * the caller runs the full check in the background (see CHECK_ON_OPEN_BYTES). Default: always.
   */
  quickCheckUpTo?: number
}

/**
 * Archives up to this size are quick-checked whenever they open (0.15 s at 80 MB). A session that
 * runs the full check in the background opens a larger one without it: the quick check reads every
 * page (2.1 s at 520 MB here), time the window and the server would wait before their first answer.
 */
export const CHECK_ON_OPEN_BYTES = 128 * 1024 * 1024

/** Opens (or creates) an archive and brings its schema up to date. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const exists = existsSync(path)
  if (!exists && (options.create === false || options.readOnly)) {
    throw new ArchiveError('NOT_FOUND', `There is no archive at ${path}.`)
  }
  if (exists) {
    try {
      checkHeader(path)
    } catch (error) {
      if (error instanceof ArchiveError) throw error
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      throw new ArchiveError('IO', `Cannot read ${path} (${code}).`)
    }
  }
  const readOnly = exists ? readOnlyReason(path, options.readOnly) : null
  if (
    !exists &&
    options.create !== false &&
    existsSync(dirname(path)) &&
    !writable(dirname(path))
  ) {
    throw new ArchiveError(
      'IO',
      `Cannot create an archive in ${dirname(path)}: the folder cannot be written to.`
    )
  }
  const sideFiles = [`${path}-wal`, `${path}-shm`]
  const before = readOnly ? sideFiles.filter((f) => existsSync(f)) : []
  // SQLite reads an archive in WAL mode only with its -shm file beside it, which it cannot make in
  // a folder it may not write to.
  if (readOnly && !writable(dirname(path)) && !existsSync(`${path}-shm`)) {
    throw new ArchiveError(
      'IO',
      `Cannot open ${path}: its folder cannot be written to, and an archive needs to keep two small files beside it while open; copy it to a folder you can write to.`
    )
  }
  let db: Db
  try {
    db = new Database(path, { fileMustExist: options.create === false, readonly: !!readOnly })
    cacheStatements(db)
  } catch (error) {
    throw new ArchiveError('IO', `Cannot open ${path}: ${(error as Error).message}`)
  }
  if (readOnly) {
    madeFiles.set(
      db,
      sideFiles.filter((f) => !before.includes(f))
    )
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number
    const version = db.pragma('user_version', { simple: true }) as number
    const tables = db
      .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")
      .get() as { n: number }
    if (appId !== APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
      throw new ArchiveError(
        'NOT_AN_ARCHIVE',
        `${path} is a SQLite database, but not a Parallax archive.`
      )
    }
    const migrations = options.migrations ?? MIGRATIONS
    const latest = migrations[migrations.length - 1].version
    if (version > latest) {
      throw new ArchiveError(
        'NEWER_ARCHIVE',
        `${path} was written by a newer version of Parallax (schema ${version}; this version reads up to ${latest}).`
      )
    }
    if (!readOnly) {
      // New files use 16 KB pages: texts are long (fewer overflow pages per revision) and bulk
      // imports write about a fifth faster than with 4 KB pages. An existing file keeps its own.
      if (tables.n === 0) db.pragma('page_size = 16384')
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    addFunctions(db)
    // A damaged file is used read-only: writing into broken pages can lose what is still readable.
    // (The check reads every page: about 0.15 s for 80 MB here, file in the page cache.) A large
    // file is left to the caller's full check in the background, unless a migration will write.
    const deferred =
      version === latest && statSync(path).size > (options.quickCheckUpTo ?? Infinity)
    const problems = tables.n > 0 && !deferred ? quickCheck(db) : []
    if (deferred) unchecked.add(db)
    const state: ArchiveHealth =
      problems.length > 0
        ? {
            state: 'damaged',
            reason: damageReason(problems)
          }
        : readOnly
          ? { state: 'read-only', reason: readOnly }
          : { state: 'ok', reason: null }
    if (state.state === 'damaged' && !readOnly) {
      // Opened again read-only: nothing this session does may write into the broken pages.
      closeDatabase(db)
      return openDatabase(path, { ...options, readOnly: true })
    }
    if (state.state !== 'ok' && version < latest && tables.n > 0) {
      throw new ArchiveError(
        'READ_ONLY',
        state.state === 'damaged'
          ? `${path} is damaged (${state.reason}) and was made by an older Parallax: restore a backup (parallax restore-backup).`
          : `${path} was made by an older Parallax and must be upgraded, but ${readOnly}.`
      )
    }
    if (state.state === 'ok') migrate(db, version, migrations, options.beforeMigrate)
    health.set(db, state)
    return db
  } catch (error) {
    closeDatabase(db)
    if (error instanceof ArchiveError) throw error
    const message = (error as Error).message
    if (/file is not a database|malformed/i.test(message)) {
      throw new ArchiveError('NOT_AN_ARCHIVE', `${path} is not a Parallax archive (${message}).`)
    }
    throw error
  }
}

/** The SQL functions the schema's views and triggers call. */
function addFunctions(db: Db): void {
  // The search index reads passages back through a view that folds them (migration 001).
  db.function('fold', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? fold(text) : text
  )
  // Lengths as JavaScript counts them (UTF-16 code units), which SQLite's length() does not.
  db.function('utf16_length', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.length : null
  )
  // The library's listing keeps sort keys in step with sources by triggers (migration 005).
  db.function('sort_key', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? sortKey(text) : ''
  )
  // Whether new sources' listing rows are written by their import rather than by the trigger.
  db.function('listing_deferred', () => (listingDeferred(db) ? 1 : 0))
}

/**
 * A second connection to an archive another connection has opened (and migrated) already, that
 * only reads: a read pool's worker. It never creates, migrates or writes (query_only: SQLite
 * refuses any write), and in WAL mode it reads beside the writer without waiting for it; each
 * read transaction sees every write committed before it began.
 */
export function openReader(path: string): Db {
  if (!existsSync(path)) throw new ArchiveError('NOT_FOUND', `There is no archive at ${path}.`)
  checkHeader(path)
  let db: Db
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
    cacheStatements(db)
  } catch (error) {
    throw new ArchiveError('IO', `Cannot open ${path}: ${(error as Error).message}`)
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number
    const version = db.pragma('user_version', { simple: true }) as number
    if (appId !== APPLICATION_ID) {
      throw new ArchiveError('NOT_AN_ARCHIVE', `${path} is not a Parallax archive.`)
    }
    if (version !== SCHEMA_VERSION) {
      throw new ArchiveError(
        'NEWER_ARCHIVE',
        `${path} has schema ${version}; this reader reads schema ${SCHEMA_VERSION} only.`
      )
    }
    db.pragma('query_only = ON')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    addFunctions(db)
    health.set(db, { state: 'read-only', reason: 'this connection only reads' })
    return db
  } catch (error) {
    closeDatabase(db)
    throw error
  }
}

/** How long a write waits for another connection (another Parallax process) to finish writing. */
export const BUSY_TIMEOUT_MS = 5000

/**
 * Turns SQLite's own failures into one-line ArchiveErrors; anything else is returned as it is.
 * Every transport and the CLI pass what they catch through this, so no user sees a SqliteError.
 */
export function archiveErrorOf(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code
  if (error instanceof ArchiveError || typeof code !== 'string' || !code.startsWith('SQLITE_'))
    return error
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ArchiveError(
      'BUSY',
      `The archive is busy: another Parallax is writing to it, and it did not finish within ${BUSY_TIMEOUT_MS / 1000} s. Try again in a moment.`
    )
  }
  if (code === 'SQLITE_FULL')
    return new ArchiveError('IO', 'The disk is full: the change was not saved.')
  if (code.startsWith('SQLITE_READONLY'))
    return new ArchiveError('READ_ONLY', 'The archive is open read-only: the change was not saved.')
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return new ArchiveError(
      'IO',
      `The archive file is damaged (${(error as Error).message}); restore a backup.`
    )
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN'))
    return new ArchiveError('IO', `The archive file could not be read or written (${code}).`)
  return error
}

/**
 * Runs `fn` as one write transaction that takes the write lock at its start (BEGIN IMMEDIATE). A
 * transaction that began as a reader could not wait for the lock later: when another process had
 * written meanwhile, SQLite refused it at once with "database is locked". Taking the lock first
 * makes writers wait their turn (up to BUSY_TIMEOUT_MS). Nested calls become savepoints.
 */
export function immediate<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn).immediate()
  } catch (error) {
    throw archiveErrorOf(error)
  }
}

function migrate(
  db: Db,
  from: number,
  migrations: readonly Migration[],
  beforeMigrate: OpenOptions['beforeMigrate']
): void {
  const pending = migrations.filter((m) => m.version > from)
  if (pending.length === 0) return
  if (from > 0) beforeMigrate?.(db, from, pending[pending.length - 1].version)
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`)
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)'
  )
  // A migration that rebuilds a table (create, copy, drop, rename) must not cascade deletes or
  // trip foreign keys halfway; they cannot be switched inside a transaction, so they are off for
  // the run, and each migration checks every reference before it commits (as Tropy's helper does).
  db.pragma('foreign_keys = OFF')
  try {
    for (const m of pending) {
      immediate(db, () => {
        // Another process may have opened the same archive and migrated it meanwhile.
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return
        db.exec(m.sql)
        const broken = db.pragma('foreign_key_check') as { table: string }[]
        if (broken.length > 0) {
          throw new ArchiveError(
            'INTERNAL',
            `Migration ${m.name} would leave ${broken.length} broken references (first in ${broken[0].table}); the archive was left as it was.`
          )
        }
        record.run(m.version, m.name, new Date().toISOString())
        db.pragma(`user_version = ${m.version}`)
        db.pragma(`application_id = ${APPLICATION_ID}`)
      })
    }
  } finally {
    db.pragma('foreign_keys = ON')
  }
}
