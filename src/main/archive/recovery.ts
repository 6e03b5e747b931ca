// Damaged archives: which backups are sound, putting the newest sound one back, and salvaging what can still be read.

import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync
} from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { ArchiveError } from '../../shared/errors'
import type { BackupInfo, RestoreReport, SalvageReport } from '../../shared/model'
import { BACKUP_FOLDER, listBackups, stamp } from './backup'
import { closeDatabase, openDatabase, openReadOnlyFile, quickCheck, type Db } from './db'

/** What SQLite's quick_check finds wrong with the archive file at `path` (empty: sound). */
export function checkArchiveFile(path: string): string[] {
  let db: Db
  try {
    db = openReadOnlyFile(path)
  } catch (error) {
    return [(error as Error).message]
  }
  try {
    return quickCheck(db)
  } finally {
    closeDatabase(db)
  }
}

/** The newest backup of this archive whose own check passes, or null. */
export function newestGoodBackup(archivePath: string): BackupInfo | null {
  return listBackups(archivePath).find((b) => checkArchiveFile(b.path).length === 0) ?? null
}

/**
 * Puts the newest sound backup in the archive's place. The archive must be closed. The file it
 * replaces (with its -wal) is kept in the Backups folder as "NAME DATE replaced.parallax": nothing
 * the user had is deleted.
 */
export function restoreNewestGoodBackup(archivePath: string): RestoreReport {
  const backup = newestGoodBackup(archivePath)
  if (!backup) {
    throw new ArchiveError(
      'NOT_FOUND',
      `There is no sound backup of this archive in ${join(dirname(archivePath), BACKUP_FOLDER)}.`
    )
  }
  const folder = join(dirname(archivePath), BACKUP_FOLDER)
  const base = `${basename(archivePath, extname(archivePath))} ${stamp(new Date())}`
  let kept = join(folder, `${base} replaced.parallax`)
  const tmp = join(dirname(archivePath), `.${basename(archivePath)}.restore.tmp`)
  try {
    mkdirSync(folder, { recursive: true })
    for (let n = 2; existsSync(kept); n++) kept = join(folder, `${base} (${n}) replaced.parallax`)
    rmSync(tmp, { force: true })
    copyFileSync(backup.path, tmp)
    const fd = openSync(tmp, 'r+')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (existsSync(archivePath)) renameSync(archivePath, kept)
    if (existsSync(`${archivePath}-wal`)) renameSync(`${archivePath}-wal`, `${kept}-wal`)
    // The -shm is only an index of the -wal, rebuilt by the next connection.
    rmSync(`${archivePath}-shm`, { force: true })
    renameSync(tmp, archivePath)
  } catch (error) {
    rmSync(tmp, { force: true })
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new ArchiveError('IO', `Cannot restore the backup ${backup.path} (${why}).`)
  }
  return { restored: backup, replacedCopy: kept }
}

/** Tables rebuilt from others (the search index, the library listing) or owned by SQLite. */
function derived(name: string, virtual: Set<string>): boolean {
  if (name.startsWith('sqlite_') || name === 'schema_migrations') return true
  if (['passages', 'search_state', 'source_list'].includes(name)) return true
  return [...virtual].some((v) => name === v || name.startsWith(`${v}_`))
}

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
    (c) => c.name
  )
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`

/**
 * Copies one table row by row, in rowid order. Reading stops where a broken page is met; the copy
 * then looks for the next readable row further on (jumping ever further), so what lies beyond the
 * damage is copied too. Returns the rows copied and the rows known to be skipped.
 */
function copyTable(
  from: Db,
  to: Db,
  table: string,
  columns: string[],
  withoutRowid: boolean
): [number, number] {
  const list = columns.map(quote).join(', ')
  const insert = to.prepare(
    `INSERT OR IGNORE INTO ${quote(table)} (${list}) VALUES (${columns.map(() => '?').join(', ')})`
  )
  if (withoutRowid) {
    // No rowid to step past the damage by: what reads before it is copied.
    let copied = 0
    try {
      for (const row of from.prepare(`SELECT ${list} FROM ${quote(table)}`).iterate() as Iterable<
        Record<string, unknown>
      >) {
        insert.run(columns.map((c) => row[c]))
        copied++
      }
      return [copied, 0]
    } catch {
      return [copied, 1]
    }
  }
  const read = from.prepare(
    `SELECT rowid AS "__rowid", ${list} FROM ${quote(table)} WHERE rowid > ? ORDER BY rowid`
  )
  let max: number
  try {
    max =
      (from
        .prepare(`SELECT max(rowid) FROM ${quote(table)}`)
        .pluck()
        .get() as number) ?? 0
  } catch {
    max = Number.MAX_SAFE_INTEGER
  }
  let after = -Number.MAX_SAFE_INTEGER
  let copied = 0
  let skipped = 0
  let jump = 1
  for (;;) {
    try {
      for (const row of read.iterate(after) as Iterable<Record<string, unknown>>) {
        after = row.__rowid as number
        jump = 1
        try {
          insert.run(columns.map((c) => row[c]))
          copied++
        } catch {
          skipped++
        }
      }
      return [copied, skipped]
    } catch {
      // A broken page: skip past it, one row, then two, four… until rows read again.
      skipped++
      if (after === -Number.MAX_SAFE_INTEGER) after = 0
      after += jump
      jump *= 2
      if (after > max) return [copied, skipped]
    }
  }
}

/**
 * Copies everything that can still be read from a (damaged) archive into a new archive at
 * `target`: every table row by row, skipping rows that cannot be read and rows that refer to a
 * record that was lost. The search index and the library listing are rebuilt, not copied.
 */
export function salvageInto(from: Db, target: string): SalvageReport {
  if (existsSync(target))
    throw new ArchiveError('CONFLICT', `${target} exists already: salvage into a new file.`)
  const schema = (() => {
    try {
      return from
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")
        .all() as { name: string; sql: string | null }[]
    } catch (error) {
      throw new ArchiveError(
        'IO',
        `Nothing can be salvaged: the list of tables itself is unreadable (${(error as Error).message}).`
      )
    }
  })()
  const virtual = new Set(
    schema.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name)
  )
  const to = openDatabase(target)
  const tables: SalvageReport['tables'] = []
  try {
    to.pragma('foreign_keys = OFF')
    const have = new Set(
      (
        to.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as {
          name: string
        }[]
      ).map((t) => t.name)
    )
    to.transaction(() => {
      for (const { name, sql } of schema) {
        if (derived(name, virtual) || !have.has(name)) continue
        const theirs = new Set(columnsOf(from, name))
        const columns = columnsOf(to, name).filter((c) => theirs.has(c))
        const withoutRowid = /WITHOUT\s+ROWID\s*$/i.test((sql ?? '').trim())
        const [copied, skipped] = copyTable(from, to, name, columns, withoutRowid)
        tables.push({ name, copied, skipped })
      }
      // Rows that point at a record that was lost go too: the new archive is consistent.
      for (let round = 0; round < 20; round++) {
        const broken = to.pragma('foreign_key_check') as { table: string; rowid: number | null }[]
        if (broken.length === 0) break
        for (const { table, rowid } of broken) {
          if (rowid === null) continue
          to.prepare(`DELETE FROM ${quote(table)} WHERE rowid = ?`).run(rowid)
          const entry = tables.find((t) => t.name === table)
          if (entry) {
            entry.copied--
            entry.skipped++
          }
        }
      }
    })()
    to.pragma('foreign_keys = ON')
  } catch (error) {
    closeDatabase(to)
    rmSync(target, { force: true })
    for (const side of ['-wal', '-shm']) rmSync(`${target}${side}`, { force: true })
    throw error
  }
  closeDatabase(to)
  const copied = tables.reduce((n, t) => n + t.copied, 0)
  const skipped = tables.reduce((n, t) => n + t.skipped, 0)
  return { path: target, tables, copied, skipped }
}

/** Where a salvage of `archivePath` goes by default: beside it, "NAME salvaged DATE.parallax". */
export function salvagePath(archivePath: string, now = new Date()): string {
  const base = join(
    dirname(archivePath),
    `${basename(archivePath, extname(archivePath))} salvaged ${stamp(now)}`
  )
  let path = `${base}.parallax`
  for (let n = 2; existsSync(path); n++) path = `${base} (${n}).parallax`
  return path
}
