// Per-archive preferences stored as JSON (reader layout, sort order); outside undo.

import { invalid } from '../../shared/errors'
import type { Db } from './db'
import { expectString } from './validate'

const MAX_SETTING_BYTES = 100_000

export function getSetting(db: Db, rawKey: unknown): unknown {
  const key = expectString(rawKey, 'key', { max: 200 })
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined
  return row ? (JSON.parse(row.value) as unknown) : null
}

export function setSetting(db: Db, rawKey: unknown, value: unknown): void {
  const key = expectString(rawKey, 'key', { max: 200 })
  if (value === undefined || value === null) {
    db.prepare('DELETE FROM settings WHERE key = ?').run(key)
    return
  }
  const json = JSON.stringify(value)
  if (json.length > MAX_SETTING_BYTES) throw invalid(`Setting "${key}" is too large.`)
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(key, json)
}
