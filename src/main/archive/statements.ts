// A cache of prepared statements per connection: each SQL text is compiled once, and memory stays flat.

import type Database from 'better-sqlite3'

type Statement = Database.Statement

/** Distinct SQL texts kept per connection; dynamic SQL (metadata patches, filters) stays well below. */
const MAX_STATEMENTS = 1000

/**
 * Makes `db.prepare` return a cached statement for SQL it has compiled before. better-sqlite3
 * compiles on every prepare() and finalises a statement only when V8 collects its small wrapper,
 * which it rarely does: the native statements piled up by the thousand (about 40 KB of memory per
 * annotation created in a long session), and compiling cost more than running most writes.
 * A statement handed out again is reset to plain row mode (a caller may have set pluck or raw), and
 * one still iterating is never handed out twice: that caller gets a fresh statement.
 */
export function cacheStatements(db: Database.Database): void {
  const compile = db.prepare.bind(db) as (sql: string) => Statement
  const cache = new Map<string, Statement>()
  const prepare = (sql: string): Statement => {
    let statement = cache.get(sql)
    if (statement && statement.busy) return compile(sql)
    if (statement) {
      // Most recently used last, so the oldest goes first when the cache is full.
      cache.delete(sql)
    } else {
      statement = compile(sql)
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string)
    }
    cache.set(sql, statement)
    if (statement.reader) statement.raw(false).pluck(false).expand(false)
    return statement
  }
  db.prepare = prepare as Database.Database['prepare']
}
