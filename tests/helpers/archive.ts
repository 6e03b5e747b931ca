// Test helpers: real archive files in temporary folders, and a dump of every user-data table to compare.

import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { expect, onTestFinished } from 'vitest'
import { Archive } from '../../src/main/archive/archive'
import { TeamService, archiveApi } from '../../src/main/team/service'
import type { ArchiveApi } from '../../src/shared/api'
import { ArchiveError, type ErrorCode } from '../../src/shared/errors'
import type { BackupInfo, Source, Tag } from '../../src/shared/model'

/** The checkout's resources folder (sample archive, fonts). */
export const RESOURCES = resolve('resources')

/** The tables that hold what a user made; "unchanged" means all of these are identical. */
export const USER_TABLES = [
  'sources',
  'revisions',
  'tags',
  'annotations',
  'annotation_tags',
  'relations',
  'links',
  'variant_sets',
  'settings'
] as const

/** Folders to remove when the test file's tests are done (tests/setup.ts). */
const removeAfterFile: string[] = []

/** Removes the folders `tempDir` kept for the whole test file; tests/setup.ts calls it after each file. */
export function removeFoldersOfFile(): void {
  for (const dir of removeAfterFile.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/**
 * A new empty folder under the system temp folder, removed when the test that made it ends; one
 * made outside a test (at the top of a file, in a hook) or with `lasts: 'file'` is removed when the
 * test file's tests are done, after its own afterAll hooks.
 */
export function tempDir(prefix = 'parallax-test-', lasts: 'test' | 'file' = 'test'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  if (lasts === 'test') {
    try {
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
      return dir
    } catch {
      // Not inside a test: an afterAll registered from a hook would never run, so the file's end
      // removes it.
    }
  }
  removeAfterFile.push(dir)
  return dir
}

/**
 * The source titles a copy of the archive's file alone holds, without its write-ahead log (as a
 * copy of the file made while the app runs would); none while the copy caught a checkpoint halfway.
 */
export function titlesInFileAlone(path: string): string[] {
  const copy = join(tempDir(), 'copy.parallax')
  try {
    copyFileSync(path, copy)
    const db = new Database(copy)
    try {
      return db.prepare('SELECT title FROM sources').pluck().all() as string[]
    } finally {
      db.close()
    }
  } catch {
    return []
  }
}

/**
 * Backs up, writes a source, restores the backup, writes another: for a session whose checkpoints
 * run in a worker, checks that the restored archive lacks the first source, and that the second
 * reaches the archive file itself (not only its log) within moments and the first never does.
 */
export async function restoreThenWrite(api: ArchiveApi, path: string): Promise<void> {
  const titlesInFile = (): string[] => titlesInFileAlone(path)
  await api.backupNow()
  await api.createSource({ title: 'Dispatch', text: 'Baku, evening.' })
  await api.restoreBackup()
  expect((await api.listSources()).map((s) => s.title)).not.toContain('Dispatch')
  await api.createSource({ title: 'Signal', text: 'Petrovsk, dawn.' })
  await expect.poll(titlesInFile, { timeout: 60_000 }).toContain('Signal')
  expect(titlesInFile()).not.toContain('Dispatch')
}

export interface TempArchive {
  archive: Archive
  path: string
  dir: string
  /** Closes the archive and opens the same file again (a new session: no undo history). */
  reopen(options?: { sample?: boolean }): Archive
  cleanup(): void
}

/** A real archive file in a new temp folder, optionally with the sample installed. */
export function tempArchive(options: { sample?: boolean; fileName?: string } = {}): TempArchive {
  const dir = tempDir()
  const path = join(dir, options.fileName ?? 'test.parallax')
  const handle: TempArchive = {
    archive: Archive.open({ path, resourcesDir: RESOURCES, withSample: options.sample === true }),
    path,
    dir,
    reopen(reopenOptions = {}) {
      handle.archive.close()
      handle.archive = Archive.open({
        path,
        resourcesDir: RESOURCES,
        withSample: reopenOptions.sample === true
      })
      return handle.archive
    },
    cleanup() {
      handle.archive.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return handle
}

/** A new archive with the sample, its English and French sources and its codebook. */
export interface SampleArchive {
  t: TempArchive
  archive: Archive
  en: Source
  fr: Source
  tags: Tag[]
}

/** The sample archive in a temp folder, with the seed sources and tags read back; call t.cleanup(). */
export async function sampleArchive(): Promise<SampleArchive> {
  const t = tempArchive({ sample: true })
  const archive = t.archive
  const list = await archive.listSources()
  const en = await archive.getSource(list.find((s) => s.language === 'en')!.id)
  const fr = await archive.getSource(list.find((s) => s.language === 'fr')!.id)
  return { t, archive, en, fr, tags: await archive.listTags() }
}

/** Every user-data table as rows sorted by their JSON form, so two snapshots compare with toEqual. */
export function snapshot(archive: Archive): Record<string, unknown[]> {
  const db = archive.database
  const out: Record<string, unknown[]> = {}
  for (const table of USER_TABLES) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]
    out[table] = rows.map((r) => JSON.stringify(r)).sort()
  }
  return out
}

/** The bytes of a file, to check that an operation did not touch it. */
export function fileBytes(path: string): Buffer {
  return readFileSync(path)
}

/** Awaits a call that must fail with an ArchiveError of `code`; returns the error for more checks. */
export async function expectArchiveError(
  call: Promise<unknown> | (() => unknown),
  code: ErrorCode,
  message?: RegExp | string
): Promise<ArchiveError> {
  let error: unknown
  try {
    await (typeof call === 'function' ? call() : call)
  } catch (e) {
    error = e
  }
  expect(error, `expected an ArchiveError ${code}`).toBeInstanceOf(ArchiveError)
  const archiveError = error as ArchiveError
  expect(archiveError.code, archiveError.message).toBe(code)
  if (message !== undefined) expect(archiveError.message).toMatch(message)
  // Messages are meant for the user: one line, not empty.
  expect(archiveError.message.trim()).not.toBe('')
  expect(archiveError.message).not.toContain('\n')
  return archiveError
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** The whole contract over an archive, as the transports serve it (core and team methods). */
export function apiOf(archive: Archive): ArchiveApi {
  return archiveApi(archive, new TeamService(archive, { copiesDir: tmpdir() }))
}

/**
 * Asks for a backup, then at once for a write: the backup made, and which of the two was answered
 * first ('write' first when the backup is copied off the writing connection).
 */
export async function backupThenWrite(
  api: ArchiveApi
): Promise<{ made: BackupInfo; order: string[] }> {
  const order: string[] = []
  const backup = api.backupNow().finally(() => order.push('backup'))
  const write = api
    .createTag({ name: 'Witness', color: '#336699' })
    .finally(() => order.push('write'))
  const [made] = await Promise.all([backup, write])
  return { made, order }
}
