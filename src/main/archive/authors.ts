// Who made each record: every write of this connection is signed with the acting member's name.

import { userInfo } from 'node:os'
import { invalid } from '../../shared/errors'
import type { Db } from './db'
import { getSetting } from './settings'
import { expectString } from './validate'

/** The archive setting that holds the name its owner chose (Preferences, or `--as NAME`). */
export const AUTHOR_SETTING = 'author.name'

/** Tables whose records say who made them, and whether they also say who changed them last. */
export const SIGNED_TABLES: readonly { table: string; modified: boolean }[] = [
  { table: 'sources', modified: true },
  { table: 'revisions', modified: false },
  { table: 'tags', modified: true },
  { table: 'annotations', modified: true },
  { table: 'links', modified: true },
  { table: 'relations', modified: false },
  { table: 'variant_sets', modified: true },
  { table: 'handout_sets', modified: true }
]

/** A member name: one line of at most 100 characters, not empty. */
export function checkAuthorName(raw: unknown): string {
  const name = expectString(raw, 'name', { max: 100 }).normalize('NFC').trim()
  if (!name) throw invalid('A name cannot be empty.')
  // Control characters (line breaks among them) have no place in a name.
  if (/\p{Cc}/u.test(name)) throw invalid('A name is one line of text.')
  return name
}

/** The name to sign with when nobody chose one: the operating system's user name. */
export function defaultAuthorName(): string {
  try {
    return userInfo().username || 'me'
  } catch {
    return 'me'
  }
}

/** The name this archive's owner chose, else the OS user name. */
export function ownerName(db: Db): string {
  const chosen = getSetting(db, AUTHOR_SETTING)
  return typeof chosen === 'string' && chosen.trim() ? chosen : defaultAuthorName()
}

/**
 * Signs records as they are written: temporary triggers fill created_by on insert (when the
 * writer left it empty) and modified_by on every update, with the name `author()` gives. A write
 * that brings records made by others (a bundle, a team sync) sets the names itself; while
 * `author()` returns null, nothing is signed.
 */
export function signWrites(db: Db, author: () => string | null): void {
  db.function('px_author', { deterministic: false }, () => author())
  for (const { table, modified } of SIGNED_TABLES) {
    const sets = modified
      ? 'created_by = px_author(), modified_by = px_author()'
      : 'created_by = px_author()'
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS sign_${table}_ins AFTER INSERT ON main.${table}
      WHEN NEW.created_by = '' AND px_author() IS NOT NULL BEGIN
        UPDATE main.${table} SET ${sets} WHERE rowid = NEW.rowid;
      END;`)
    if (modified) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS sign_${table}_upd AFTER UPDATE ON main.${table}
        WHEN NEW.modified_by IS OLD.modified_by AND px_author() IS NOT NULL
          AND NEW.modified_by IS NOT px_author() BEGIN
          UPDATE main.${table} SET modified_by = px_author() WHERE rowid = NEW.rowid;
        END;`)
    }
  }
}

/** Gives records that name nobody (made before authors were recorded) to the archive's owner. */
export function attributeToOwner(db: Db, owner: string): void {
  for (const { table, modified } of SIGNED_TABLES) {
    db.prepare(`UPDATE ${table} SET created_by = ? WHERE created_by = ''`).run(owner)
    if (modified)
      db.prepare(`UPDATE ${table} SET modified_by = ? WHERE modified_by = ''`).run(owner)
  }
}
