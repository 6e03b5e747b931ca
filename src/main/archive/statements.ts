// A cache of prepared statements per connection: each SQL text is compiled once, and memory stays flat.

import type Database from 'better-sqlite3'

type Statement = Database.Statement
type Mode = 'pluck' | 'raw' | 'expand'
const MODES: readonly Mode[] = ['pluck', 'raw', 'expand']

/** Distinct SQL texts kept per connection; dynamic SQL (metadata patches, filters) stays well below. */
const MAX_STATEMENTS = 1000

/**
 * Makes `db.prepare` return a cached statement for SQL it has compiled before. better-sqlite3
 * compiles on every prepare() and finalises a statement only when V8 collects its small wrapper,
 * which it rarely does: the native statements piled up by the thousand (about 40 KB of memory per
 * annotation created in a long session), and compiling cost more than running most writes.
 *
 * Callers share statements, so none may change a shared one's mode: `pluck()`, `raw()` and
 * `expand()` on a cached statement return a statement of their own, compiled and cached for that
 * mode, and the plain one stays plain for whoever holds it. A statement still iterating is never
 * handed out twice: that caller gets a fresh one.
 */
export function cacheStatements(db: Database.Database): void {
  const compile = db.prepare.bind(db) as (sql: string) => Statement
  const cache = new Map<string, Statement>()

  const remember = (key: string, statement: Statement): Statement => {
    cache.delete(key)
    cache.set(key, statement)
    if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value as string)
    return statement
  }

  /** The statement for `sql` in `mode` ('' for plain rows), compiled once. */
  const get = (sql: string, mode: Mode | ''): Statement => {
    const key = `${mode}\u0000${sql}`
    const cached = cache.get(key)
    if (cached && !cached.busy) return remember(key, cached)
    const statement = compile(sql)
    if (mode) (statement[mode] as (on: boolean) => Statement).call(statement, true)
    if (statement.reader) {
      for (const m of MODES) {
        ;(statement as unknown as Record<Mode, (on?: boolean) => Statement>)[m] = (on = true) =>
          on ? (m === mode ? statement : get(sql, m)) : m === mode ? get(sql, '') : statement
      }
    }
    return cached?.busy ? statement : remember(key, statement)
  }

  db.prepare = ((sql: string) => get(sql, '')) as Database.Database['prepare']
}
