// Opening archive files: a new file is set up right, reopening is harmless, and files that are not archives are refused untouched.

import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { APPLICATION_ID, SCHEMA_VERSION, openDatabase } from '../../../src/main/archive/db'
import { ArchiveError } from '../../../src/shared/errors'
import {
  RESOURCES,
  expectArchiveError,
  fileBytes,
  snapshot,
  tempArchive,
  tempDir,
  type TempArchive
} from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

function open(path: string): Archive {
  return Archive.open({ path, resourcesDir: RESOURCES })
}

describe('a new archive file', () => {
  it('is created with WAL, foreign keys, the migrations recorded and the Parallax application id', async () => {
    handle = tempArchive()
    const db = handle.archive.database
    expect(existsSync(handle.path)).toBe(true)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const migrations = db.prepare('SELECT version, name FROM schema_migrations').all() as {
      version: number
      name: string
    }[]
    expect(migrations.map((m) => m.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1)
    )
    expect(migrations[0].name).toMatch(/^001-/)
    const info = await handle.archive.archiveInfo()
    expect(info).toMatchObject({
      path: handle.path,
      name: 'test',
      schemaVersion: SCHEMA_VERSION,
      sources: 0,
      tags: 0,
      undo: null,
      redo: null
    })
  })

  it('uses 16 KB pages; an existing file keeps the page size it has', () => {
    handle = tempArchive()
    expect(handle.archive.database.pragma('page_size', { simple: true })).toBe(16384)
    const dir = tempDir()
    const path = join(dir, 'small-pages.parallax')
    const old = new Database(path)
    old.pragma('page_size = 4096')
    old.exec('CREATE TABLE t (x)')
    old.exec('DROP TABLE t')
    old.close()
    const db = openDatabase(path)
    try {
      expect(db.pragma('page_size', { simple: true })).toBe(4096)
    } finally {
      db.close()
    }
  })

  it('lets the search index buffer 16 MB of new terms before writing a segment', () => {
    handle = tempArchive()
    const row = handle.archive.database
      .prepare("SELECT v FROM passage_text_config WHERE k = 'hashsize'")
      .get() as { v: number } | undefined
    expect(row?.v).toBe(16 * 1024 * 1024)
  })

  it('enforces foreign keys (a revision of a missing source is refused)', () => {
    handle = tempArchive()
    const db = handle.archive.database
    expect(() =>
      db
        .prepare(
          "INSERT INTO revisions (source_id, n, uid, content_hash, text_length, text, note, created) VALUES ('NOPE', 1, 'NOPE-1', 'h', 1, 'x', '', '')"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
  })

  it('reopens without re-running migrations or changing anything', async () => {
    handle = tempArchive({ sample: true })
    const before = snapshot(handle.archive)
    const migrations = handle.archive.database.prepare('SELECT * FROM schema_migrations').all()
    const archive = handle.reopen()
    expect(archive.database.prepare('SELECT * FROM schema_migrations').all()).toEqual(migrations)
    expect(snapshot(archive)).toEqual(before)
    archive.close()
    const again = handle.reopen({ sample: true })
    expect(snapshot(again)).toEqual(before)
    expect((await again.listSources()).length).toBe(2)
  })

  it('keeps data written in one session for the next', async () => {
    handle = tempArchive()
    const created = await handle.archive.createSource({ title: 'Kept', text: 'Some words.' })
    const archive = handle.reopen()
    expect((await archive.getSource(created.id)).text).toBe('Some words.')
  })
})

describe('opening a file that is not a Parallax archive', () => {
  it('refuses a text file with NOT_AN_ARCHIVE naming the file, and leaves its bytes alone', async () => {
    const dir = tempDir()
    const path = join(dir, 'notes.txt')
    writeFileSync(path, 'These are my notes about Baku, 1918.\n'.repeat(50))
    const before = fileBytes(path)
    const error = await expectArchiveError(() => open(path), 'NOT_AN_ARCHIVE')
    expect(error.message).toContain(path)
    expect(fileBytes(path).equals(before)).toBe(true)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('refuses a tiny text file too', async () => {
    const dir = tempDir()
    const path = join(dir, 'tiny.parallax')
    writeFileSync(path, 'hello')
    const error = await expectArchiveError(() => open(path), 'NOT_AN_ARCHIVE')
    expect(error.message).toContain(path)
    expect(fileBytes(path).toString()).toBe('hello')
  })

  it('refuses a SQLite database of another program, unchanged', async () => {
    const dir = tempDir()
    const path = join(dir, 'other.db')
    const other = new Database(path)
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Nuri')")
    other.close()
    const before = fileBytes(path)
    const error = await expectArchiveError(() => open(path), 'NOT_AN_ARCHIVE')
    expect(error.message).toContain(path)
    expect(error.message).toMatch(/not a Parallax archive/)
    expect(fileBytes(path).equals(before)).toBe(true)
    const check = new Database(path, { readonly: true })
    expect(check.prepare('SELECT name FROM sqlite_schema').all()).toEqual([{ name: 'contacts' }])
    check.close()
  })

  it('refuses an archive written by a newer Parallax with NEWER_ARCHIVE, unchanged', async () => {
    handle = tempArchive({ sample: true })
    handle.archive.close()
    const db = new Database(handle.path)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    const before = fileBytes(handle.path)
    const error = await expectArchiveError(() => open(handle!.path), 'NEWER_ARCHIVE')
    expect(error.message).toContain(handle.path)
    expect(error.message).toMatch(/newer version/)
    expect(fileBytes(handle.path).equals(before)).toBe(true)
  })

  it('refuses a file with a SQLite header and garbage after it', async () => {
    const dir = tempDir()
    const path = join(dir, 'broken.parallax')
    const bytes = Buffer.alloc(8192, 0xa5)
    bytes.write('SQLite format 3\0', 0, 'latin1')
    writeFileSync(path, bytes)
    const error = await expectArchiveError(() => open(path), 'NOT_AN_ARCHIVE')
    expect(error.message).toContain(path)
    expect(fileBytes(path).equals(bytes)).toBe(true)
  })

  it('refuses a folder with an ArchiveError (NOT_AN_ARCHIVE or IO) naming it', () => {
    const dir = tempDir()
    let error: unknown
    try {
      open(dir).close()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ArchiveError)
    expect(['NOT_AN_ARCHIVE', 'IO']).toContain((error as ArchiveError).code)
    expect((error as ArchiveError).message).toContain(dir)
  })

  it('says IO when the folder does not exist', async () => {
    const dir = tempDir()
    const path = join(dir, 'missing-folder', 'a.parallax')
    const error = await expectArchiveError(() => open(path), 'IO')
    expect(error.message).toContain(path)
    expect(existsSync(join(dir, 'missing-folder'))).toBe(false)
  })
})
