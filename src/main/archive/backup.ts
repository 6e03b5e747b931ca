// Backups of the archive file: on demand, on a schedule, and before every schema migration.

import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync
} from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { ArchiveError, invalid } from '../../shared/errors'
import type { BackupInfo, BackupSchedule } from '../../shared/model'
import type { Db } from './db'
import { getSetting, setSetting } from './settings'
import { isRecord } from './validate'

/** Backups live next to the archive file, in this folder. */
export const BACKUP_FOLDER = 'Backups'
const SCHEDULE_KEY = 'backup.schedule'
/** Daily, keeping ten: on unless the user turns it off, since nothing put in may be lost. */
export const DEFAULT_SCHEDULE: BackupSchedule = { everyHours: 24, keep: 10 }
/**
 * Fewest scheduled copies kept: with one, a backup taken just after a mistake would replace the
 * last good copy; three give a few days to notice.
 */
export const MIN_KEEP = 3

const SUFFIX: Record<BackupInfo['reason'], string> = {
  manual: '',
  scheduled: ' scheduled',
  migration: ' before migration'
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** "2026-11-22 14-05-09": local time, as the user reads it; sorts by time; no ":" (Windows). */
export function stamp(d: Date): string {
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return `${date} ${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`
}

/** The archive's file name without its extension: unique in its folder, unlike its display name. */
function baseName(archivePath: string): string {
  return basename(archivePath, extname(archivePath))
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Backups of this archive (not of others sharing the folder), newest first. */
export function listBackups(archivePath: string): BackupInfo[] {
  const folder = join(dirname(archivePath), BACKUP_FOLDER)
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return []
  }
  const pattern = new RegExp(
    `^${escape(baseName(archivePath))} (\\d{4})-(\\d\\d)-(\\d\\d) (\\d\\d)-(\\d\\d)-(\\d\\d)(?: \\((\\d+)\\))?( scheduled| before migration)?\\.parallax$`
  )
  const found: (BackupInfo & { order: number })[] = []
  for (const name of names) {
    const m = pattern.exec(name)
    if (!m) continue
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number)
    const time = new Date(y, mo - 1, d, h, mi, s)
    const path = join(folder, name)
    const reason = m[8] === ' scheduled' ? 'scheduled' : m[8] ? 'migration' : 'manual'
    try {
      const bytes = statSync(path).size
      found.push({ path, created: time.toISOString(), bytes, reason, order: Number(m[7] ?? 1) })
    } catch {
      // Deleted while listing: not a backup any more.
    }
  }
  return found
    .sort((a, b) => b.created.localeCompare(a.created) || b.order - a.order)
    .map(({ order: _order, ...info }) => info)
}

/**
 * Copies the archive with VACUUM INTO rather than the online backup API: it is synchronous, so it
 * also serves openDatabase's migration hook (which cannot await); it is one consistent snapshot
 * that includes what is still in the WAL; and it writes only live pages, so copies are compact.
 * It writes under a temporary name, syncs, then renames: a crash never leaves a half backup.
 */
function copyArchive(
  db: Db,
  archivePath: string,
  reason: BackupInfo['reason'],
  now: Date
): BackupInfo {
  const folder = join(dirname(archivePath), BACKUP_FOLDER)
  const base = `${baseName(archivePath)} ${stamp(now)}`
  let target = join(folder, `${base}${SUFFIX[reason]}.parallax`)
  try {
    mkdirSync(folder, { recursive: true })
    for (let n = 2; existsSync(target); n++)
      target = join(folder, `${base} (${n})${SUFFIX[reason]}.parallax`)
    const tmp = join(folder, `.${basename(target)}.tmp`)
    rmSync(tmp, { force: true })
    db.prepare('VACUUM INTO ?').run(tmp)
    const fd = openSync(tmp, 'r+')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, target)
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new ArchiveError('IO', `Cannot back up the archive into ${folder} (${why}).`)
  }
  // The name holds whole seconds; report the same time a later listing will.
  const created = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString()
  return { path: target, created, bytes: statSync(target).size, reason }
}

/**
 * Makes a backup now, then keeps only the newest `keep` scheduled ones. Backups the user made by
 * hand and copies made before a migration are never deleted by pruning: they are the user's to
 * remove.
 */
export function backupArchive(
  db: Db,
  archivePath: string,
  reason: BackupInfo['reason'],
  now = new Date()
): BackupInfo {
  const info = copyArchive(db, archivePath, reason, now)
  const old = listBackups(archivePath).filter((b) => b.reason === 'scheduled')
  for (const b of old.slice(readSchedule(db).keep)) rmSync(b.path, { force: true })
  return info
}

/** Copies the archive file before a migration changes it (called by openDatabase). */
export function backupBeforeMigration(
  db: Db,
  archivePath: string,
  _from: number,
  _to: number
): void {
  copyArchive(db, archivePath, 'migration', new Date())
}

/** Checks a schedule: everyHours from 0 (off) to 720 (30 days), keep from MIN_KEEP to 1000 copies. */
export function checkSchedule(raw: unknown): BackupSchedule {
  if (!isRecord(raw)) throw invalid('A backup schedule is { everyHours, keep }.')
  for (const key of Object.keys(raw)) {
    if (key !== 'everyHours' && key !== 'keep') throw invalid(`Unknown backup setting "${key}".`)
  }
  const { everyHours, keep } = { ...DEFAULT_SCHEDULE, ...raw }
  if (
    typeof everyHours !== 'number' ||
    !Number.isFinite(everyHours) ||
    everyHours < 0 ||
    everyHours > 720
  )
    throw invalid('everyHours must be a number of hours from 0 (off) to 720.')
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < MIN_KEEP || keep > 1000)
    throw invalid(`keep must be a whole number of copies from ${MIN_KEEP} to 1000.`)
  return { everyHours, keep }
}

/** The stored schedule; the default when none (or a damaged one) is stored. */
export function readSchedule(db: Db): BackupSchedule {
  try {
    const stored = getSetting(db, SCHEDULE_KEY)
    if (stored === null) return { ...DEFAULT_SCHEDULE }
    // A schedule stored before the floor existed keeps its interval and rises to the floor.
    if (isRecord(stored) && typeof stored.keep === 'number' && stored.keep < MIN_KEEP)
      return checkSchedule({ ...stored, keep: MIN_KEEP })
    return checkSchedule(stored)
  } catch {
    return { ...DEFAULT_SCHEDULE }
  }
}

export function writeSchedule(db: Db, schedule: unknown): BackupSchedule {
  const checked = checkSchedule(schedule)
  setSetting(db, SCHEDULE_KEY, checked)
  return checked
}

/**
 * Whether a scheduled backup is due: the newest backup of this archive (or, before the first, the
 * archive's creation) is everyHours old.
 */
export function backupDue(db: Db, archivePath: string, now = new Date()): boolean {
  const { everyHours } = readSchedule(db)
  if (everyHours === 0) return false
  // A brand-new archive has nothing worth a copy yet; its first one comes everyHours later.
  const since =
    listBackups(archivePath)[0]?.created ??
    (db.prepare('SELECT min(applied) FROM schema_migrations').pluck().get() as string | null)
  return !since || now.getTime() - Date.parse(since) >= everyHours * 3_600_000
}

/** Makes a scheduled backup if one is due (see backupDue). Returns it, or null. */
export function runScheduledBackup(
  db: Db,
  archivePath: string,
  now = new Date()
): BackupInfo | null {
  return backupDue(db, archivePath, now) ? backupArchive(db, archivePath, 'scheduled', now) : null
}
