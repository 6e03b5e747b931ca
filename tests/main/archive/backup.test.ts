// Backups: copies that open as the same archive, keeping the newest N, the schedule, and a copy before each migration.

import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import * as backup from '../../../src/main/archive/backup'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/main/archive/db'
import { RESOURCES, expectArchiveError, snapshot, tempArchive } from '../../helpers/archive'
import { setSetting } from '../../../src/main/archive/settings'
import { dumpTables } from '../../helpers/populated'

function openCopy(path: string): Archive {
  return Archive.open({ path, resourcesDir: RESOURCES, create: false })
}

/** A clock for the tests: 1 June 2030, 09:00 local time (after the archives were made), plus some hours. */
function at(hours: number, seconds = 0): Date {
  return new Date(2030, 5, 1, 9 + hours, 0, seconds)
}

describe('backupNow', () => {
  it('writes a copy into Backups next to the archive that opens with the same records', async () => {
    const t = tempArchive({ sample: true, fileName: 'Research.parallax' })
    await t.archive.createTag({ name: 'Made before the backup' })
    const info = await t.archive.backupNow()
    expect(dirname(info.path)).toBe(join(t.dir, 'Backups'))
    expect(basename(info.path)).toMatch(/^Research \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.parallax$/)
    expect(info).toMatchObject({ reason: 'manual' })
    expect(info.bytes).toBeGreaterThan(0)
    expect(await t.archive.listBackups()).toEqual([info])
    // Changes after the backup are not in it.
    await t.archive.createTag({ name: 'Made after the backup' })
    const copy = openCopy(info.path)
    try {
      const names = (await copy.listTags()).map((tag) => tag.name)
      expect(names).toContain('Made before the backup')
      expect(names).not.toContain('Made after the backup')
      expect(copy.database.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      copy.close()
    }
  })

  it('two backups in the same second get two files', async () => {
    const t = tempArchive()
    const a = backup.backupArchive(t.archive.database, t.path, 'manual', at(0))
    const b = backup.backupArchive(t.archive.database, t.path, 'manual', at(0))
    expect(a.path).not.toBe(b.path)
    expect((await t.archive.listBackups()).map((x) => x.path)).toEqual([b.path, a.path])
  })

  it('keeps the newest N scheduled ones of this archive only, and never prunes manual ones', async () => {
    const t = tempArchive({ fileName: 'Mine.parallax' })
    await t.archive.setBackupSchedule({ everyHours: 24, keep: 3 })
    const other = join(t.dir, 'Backups', 'Mine copy 2026-01-01 10-00-00.parallax')
    const manual = [0, 1].map((h) =>
      backup.backupArchive(t.archive.database, t.path, 'manual', at(h))
    )
    const scheduled = [2, 3, 4, 5, 6].map((h) =>
      backup.backupArchive(t.archive.database, t.path, 'scheduled', at(h))
    )
    writeFileSync(other, 'another archive’s backup')
    backup.backupArchive(t.archive.database, t.path, 'manual', at(7))
    const left = await t.archive.listBackups()
    expect(left.map((b) => [b.created, b.reason])).toEqual([
      [at(7).toISOString(), 'manual'],
      [at(6).toISOString(), 'scheduled'],
      [at(5).toISOString(), 'scheduled'],
      [at(4).toISOString(), 'scheduled'],
      [at(1).toISOString(), 'manual'],
      [at(0).toISOString(), 'manual']
    ])
    for (const b of scheduled.slice(0, 2)) expect(existsSync(b.path)).toBe(false)
    for (const b of manual) expect(existsSync(b.path)).toBe(true)
    expect(existsSync(other)).toBe(true)
  })
})

describe('the schedule', () => {
  it('is daily, keeping 10, until the user sets it; the setting is stored in the archive', async () => {
    const t = tempArchive()
    expect(await t.archive.getBackupSchedule()).toEqual({ everyHours: 24, keep: 10 })
    expect(await t.archive.setBackupSchedule({ everyHours: 6, keep: 20 })).toEqual({
      everyHours: 6,
      keep: 20
    })
    expect(await t.reopen().getBackupSchedule()).toEqual({ everyHours: 6, keep: 20 })
  })

  it('refuses values out of range, with nothing stored', async () => {
    const t = tempArchive()
    const bad: unknown[] = [
      { everyHours: -1, keep: 10 },
      { everyHours: 721, keep: 10 },
      { everyHours: 24, keep: 0 },
      { everyHours: 24, keep: 2 },
      { everyHours: 24, keep: 1001 },
      { everyHours: 24, keep: 2.5 },
      { everyHours: '24', keep: 10 },
      { everyHours: 24, keep: 10, when: 'never' },
      null
    ]
    for (const schedule of bad) {
      await expectArchiveError(t.archive.setBackupSchedule(schedule as never), 'INVALID_ARGUMENT')
    }
    expect(await t.archive.getBackupSchedule()).toEqual({ everyHours: 24, keep: 10 })
  })

  it('raises a schedule stored with fewer than 3 copies to 3, keeping its interval', async () => {
    const t = tempArchive()
    setSetting(t.archive.database, 'backup.schedule', { everyHours: 6, keep: 1 })
    expect(await t.archive.getBackupSchedule()).toEqual({ everyHours: 6, keep: 3 })
  })

  it('makes a backup when the newest one is older than everyHours, and none when it is off', async () => {
    const t = tempArchive()
    const db = t.archive.database
    await t.archive.setBackupSchedule({ everyHours: 12, keep: 10 })
    const first = backup.runScheduledBackup(db, t.path, at(0))
    expect(first?.reason).toBe('scheduled')
    expect(backup.runScheduledBackup(db, t.path, at(11))).toBeNull()
    const second = backup.runScheduledBackup(db, t.path, at(12))
    expect(second?.created).toBe(at(12).toISOString())
    // A manual backup counts as the newest one.
    backup.backupArchive(db, t.path, 'manual', at(20))
    expect(backup.runScheduledBackup(db, t.path, at(25))).toBeNull()
    await t.archive.setBackupSchedule({ everyHours: 0, keep: 10 })
    expect(backup.runScheduledBackup(db, t.path, at(100))).toBeNull()
    expect(await t.archive.listBackups()).toHaveLength(3)
  })

  it('a brand-new archive gets its first scheduled backup everyHours after it was made', () => {
    const t = tempArchive({ sample: true })
    expect(backup.runScheduledBackup(t.archive.database, t.path)).toBeNull()
    const later = new Date(Date.now() + 25 * 3_600_000)
    expect(backup.runScheduledBackup(t.archive.database, t.path, later)?.reason).toBe('scheduled')
  })
})

describe('before a schema migration', () => {
  const next = [
    ...MIGRATIONS,
    { version: SCHEMA_VERSION + 1, name: 'next-test', sql: 'CREATE TABLE test_extra (x INTEGER);' }
  ]

  it('copies the file at the current version first; the copy opens as the archive it was', async () => {
    const t = tempArchive({ sample: true })
    const before = snapshot(t.archive)
    const rows = dumpTables(t.archive)
    t.archive.close()
    const migrated = Archive.open({ path: t.path, resourcesDir: RESOURCES, migrations: next })
    t.archive = migrated
    expect(migrated.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1)
    const backups = await migrated.listBackups()
    expect(backups).toHaveLength(1)
    expect(backups[0].reason).toBe('migration')
    expect(basename(backups[0].path)).toMatch(/ before migration\.parallax$/)
    const copy = openCopy(backups[0].path)
    try {
      expect(copy.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(snapshot(copy)).toEqual(before)
      expect(dumpTables(copy)).toEqual(rows)
    } finally {
      copy.close()
    }
  })

  it('a new archive, or one already up to date, is not copied', () => {
    const t = tempArchive()
    t.reopen()
    expect(existsSync(join(t.dir, 'Backups'))).toBe(false)
  })

  it('copies made before a migration are never pruned', async () => {
    const t = tempArchive()
    t.archive.close()
    t.archive = Archive.open({ path: t.path, resourcesDir: RESOURCES, migrations: next })
    await t.archive.setBackupSchedule({ everyHours: 1, keep: 3 })
    for (const h of [1, 2, 3, 4, 5]) {
      backup.backupArchive(t.archive.database, t.path, 'scheduled', at(h))
    }
    const reasons = readdirSync(join(t.dir, 'Backups')).map((n) => / before migration/.test(n))
    expect(reasons.sort()).toEqual([false, false, false, true])
  })
})
