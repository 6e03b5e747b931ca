// Backups of the archive file: on demand, on a schedule, and before every schema migration.

import { ArchiveError } from '../../shared/errors'
import type { BackupInfo, BackupSchedule } from '../../shared/model'
import type { Db } from './db'

export function backupArchive(_db: Db, _archivePath: string, _reason: BackupInfo['reason']): BackupInfo {
  throw new ArchiveError('INTERNAL', 'Backups are not available in this build.')
}

/** Copies the archive file before a migration changes it (called by openDatabase). */
export function backupBeforeMigration(_db: Db, _archivePath: string, _from: number, _to: number): void {
  throw new ArchiveError('INTERNAL', 'Backups are not available in this build.')
}

export function listBackups(_archivePath: string): BackupInfo[] {
  return []
}

export function readSchedule(_db: Db): BackupSchedule {
  return { everyHours: 0, keep: 10 }
}

export function writeSchedule(_db: Db, _schedule: unknown): BackupSchedule {
  throw new ArchiveError('INTERNAL', 'Backups are not available in this build.')
}

/** Makes a scheduled backup if one is due; returns it, or null. */
export function runScheduledBackup(_db: Db, _archivePath: string): BackupInfo | null {
  return null
}
