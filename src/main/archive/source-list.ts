// The library's listing at any size: orders of the source_list table (migration 005), filtered on its folded column, cached until the archive changes.

import { invalid } from '../../shared/errors'
import { SOURCE_SORT_KEYS, type SourceQuery, type SourceSortKey } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import type { Db } from './db'
import { expectString, optionalRecord } from './validate'

/** Connections writing new sources' listing rows themselves, a batch at a time (see deferListing). */
const deferred = new WeakSet<Db>()

/**
 * Runs `insert` with the listing trigger of new sources held (migration 008): the caller writes
 * the listing rows of the sources it inserts itself, in the same transaction, before anything
 * reads them. Any write of a source outside `insert` has its row written by the trigger.
 */
export function deferListing<T>(db: Db, insert: () => T): T {
  deferred.add(db)
  try {
    return insert()
  } finally {
    deferred.delete(db)
  }
}

/** Whether `db` is inside deferListing (the schema's listing_deferred() function). */
export function listingDeferred(db: Db): boolean {
  return deferred.has(db)
}

/** A listing query, checked: the filter's folded words, and the order. */
export interface ListingQuery {
  needles: string[]
  language: string
  kind: string
  sort: SourceSortKey
  descending: boolean
}

export function checkListingQuery(raw: unknown): ListingQuery {
  const query = optionalRecord(raw, 'query') as SourceQuery
  const sort = query.sort ?? 'title'
  if (!SOURCE_SORT_KEYS.includes(sort)) {
    throw invalid(`sort must be one of ${SOURCE_SORT_KEYS.join(', ')}.`)
  }
  const filter =
    query.filter === undefined || query.filter === null
      ? ''
      : expectString(query.filter, 'filter', { max: 500 })
  return {
    needles: fold(filter.normalize('NFC')).split(/\s+/).filter(Boolean),
    language: query.language ? expectString(query.language, 'language', { max: 100 }) : '',
    kind: query.kind ? expectString(query.kind, 'kind', { max: 50 }) : '',
    sort,
    descending: query.descending === true
  }
}

/** The column each sort key orders by. */
const SORT_COLUMNS: Record<SourceSortKey, string> = {
  title: 'title_key',
  creators: 'creators_key',
  date: 'date',
  language: 'language',
  kind: 'kind',
  annotations: 'annotations',
  created: 'created',
  modified: 'modified'
}

/**
 * The whole archive in both directions of one sort key, read from the key's index (migration 005):
 * unknown (empty) values last either way, ties by title and then by when the source was added
 * (n), also either way. Descending is ascending with its groups of equal values reversed, so a
 * descending order is not sorted again either.
 */
function orders(db: Db, sort: SourceSortKey): { up: Int32Array; down: Int32Array } {
  const column = SORT_COLUMNS[sort]
  const tie = sort === 'title' ? 'n' : 'title_key, n'
  const known = (
    sort === 'annotations'
      ? db.prepare(`SELECT n, ${column} AS v FROM source_list ORDER BY ${column}, ${tie}`)
      : db.prepare(
          `SELECT n, ${column} AS v FROM source_list WHERE ${column} > '' ORDER BY ${column}, ${tie}`
        )
  )
    .raw()
    .all() as [number, string | number][]
  const unknown =
    sort === 'annotations'
      ? []
      : (db
          .prepare(`SELECT n FROM source_list WHERE ${column} = '' ORDER BY ${tie}`)
          .pluck()
          .all() as number[])
  const up = new Int32Array(known.length + unknown.length)
  const down = new Int32Array(up.length)
  let end = known.length
  for (let i = 0; i < known.length; i++) {
    up[i] = known[i][0]
    // At the end of a group of equal values, copy the group to the front part of `down`.
    if (i === known.length - 1 || known[i + 1][1] !== known[i][1]) {
      let start = i
      while (start > 0 && known[start - 1][1] === known[i][1]) start--
      const size = i - start + 1
      end -= size
      for (let k = 0; k < size; k++) down[end + k] = known[start + k][0]
    }
  }
  up.set(unknown, known.length)
  down.set(unknown, known.length)
  return { up, down }
}

interface Cache {
  /** The archive's state the entries were computed from (see version()). */
  version: string
  orders: Map<string, Int32Array>
  /** The last few filtered listings, newest last. */
  matches: Map<string, Int32Array>
}

const caches = new WeakMap<Db, Cache>()
const CACHED_MATCHES = 4

/**
 * Changes since this connection opened (writes by its triggers count too) and a counter SQLite
 * moves when another connection commits: any write anywhere gives a new version. Cheaper than
 * knowing which writes touch the listing; a write costs the next listing one ordered scan.
 */
function version(db: Db): string {
  const changes = (db.prepare('SELECT total_changes() AS c').get() as { c: number }).c
  return `${changes}:${db.pragma('data_version', { simple: true }) as number}`
}

function cacheOf(db: Db): Cache {
  const v = version(db)
  let cache = caches.get(db)
  if (!cache || cache.version !== v) {
    cache = { version: v, orders: new Map(), matches: new Map() }
    caches.set(db, cache)
  }
  return cache
}

function order(db: Db, cache: Cache, sort: SourceSortKey, descending: boolean): Int32Array {
  const key = `${sort}:${descending}`
  let ns = cache.orders.get(key)
  if (!ns) {
    const { up, down } = orders(db, sort)
    cache.orders.set(`${sort}:false`, up)
    cache.orders.set(`${sort}:true`, down)
    ns = descending ? down : up
  }
  return ns
}

/** The n of every source that passes the query's filter, language and kind, in its order. */
export function orderedListing(db: Db, query: ListingQuery): Int32Array {
  const cache = cacheOf(db)
  const all = order(db, cache, query.sort, query.descending)
  const where: string[] = []
  const params: string[] = []
  // The filter's words anywhere in the stored folded text, as the library always matched: words of
  // three letters or more through the trigram index, shorter ones by reading the rows it leaves.
  const long = query.needles.filter((n) => n.length >= 3)
  if (long.length > 0) {
    where.push('n IN (SELECT rowid FROM source_search WHERE source_search MATCH ?)')
    params.push(long.map((n) => `"${n.replace(/"/g, '""')}"`).join(' AND '))
  }
  for (const needle of query.needles.filter((n) => n.length < 3)) {
    where.push('instr(search, ?) > 0')
    params.push(needle)
  }
  if (query.language) {
    // A language and its subtags ("en" lists "en-GB").
    where.push("(language = ? OR substr(language, 1, length(?) + 1) = ? || '-')")
    params.push(query.language, query.language, query.language)
  }
  if (query.kind) {
    where.push('kind = ?')
    params.push(query.kind)
  }
  if (where.length === 0) return all
  const key = JSON.stringify(query)
  const hit = cache.matches.get(key)
  if (hit) {
    cache.matches.delete(key)
    cache.matches.set(key, hit)
    return hit
  }
  // One pass over the narrow table marks the matches; walking the cached order keeps them sorted,
  // so a filter never sorts.
  const matched = db
    .prepare(`SELECT n FROM source_list WHERE ${where.join(' AND ')}`)
    .pluck()
    .all(...params) as number[]
  let max = 0
  for (const n of matched) if (n > max) max = n
  const mark = new Uint8Array(max + 1)
  for (const n of matched) mark[n] = 1
  const out = new Int32Array(matched.length)
  let j = 0
  for (let i = 0; i < all.length && j < out.length; i++) {
    const n = all[i]
    if (n <= max && mark[n] === 1) out[j++] = n
  }
  cache.matches.set(key, out)
  if (cache.matches.size > CACHED_MATCHES) cache.matches.delete(cache.matches.keys().next().value!)
  return out
}

/** Sources in the archive, and per language, most first. */
export function listingCounts(db: Db): {
  sources: number
  languages: { language: string; count: number }[]
} {
  const languages = db
    .prepare(
      'SELECT language, count(*) AS count FROM source_list GROUP BY language ORDER BY count DESC, language'
    )
    .all() as { language: string; count: number }[]
  return { sources: languages.reduce((sum, l) => sum + l.count, 0), languages }
}
