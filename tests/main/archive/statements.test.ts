// The prepared-statement cache: one compile per SQL text, and no caller changes what another holds.

import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { cacheStatements } from '../../../src/main/archive/statements'

function db(): Database.Database {
  const d = new Database(':memory:')
  cacheStatements(d)
  d.exec("CREATE TABLE t (a, b); INSERT INTO t VALUES (1, 'one'), (2, 'two')")
  return d
}

it('hands out the same statement for the same SQL', () => {
  const d = db()
  expect(d.prepare('SELECT a FROM t')).toBe(d.prepare('SELECT a FROM t'))
})

it('a caller plucking or reading raw rows does not change the plain statement another caller holds', () => {
  const d = db()
  const held = d.prepare('SELECT a, b FROM t ORDER BY a')
  expect(d.prepare('SELECT a, b FROM t ORDER BY a').pluck().all()).toEqual([1, 2])
  expect(d.prepare('SELECT a, b FROM t ORDER BY a').raw().get()).toEqual([1, 'one'])
  expect(held.get()).toEqual({ a: 1, b: 'one' })
  expect(d.prepare('SELECT a, b FROM t ORDER BY a').pluck().pluck(false).get()).toEqual({
    a: 1,
    b: 'one'
  })
})

it('a statement still iterating is not handed out again', () => {
  const d = db()
  const outer = d.prepare('SELECT a FROM t ORDER BY a')
  const seen: number[] = []
  for (const row of outer.iterate() as IterableIterator<{ a: number }>) {
    seen.push(...(d.prepare('SELECT a FROM t ORDER BY a').pluck().all() as number[]), row.a)
  }
  expect(seen).toEqual([1, 2, 1, 1, 2, 2])
})
