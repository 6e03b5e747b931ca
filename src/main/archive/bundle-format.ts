// The bundle file format: which tables travel, the columns of each, and the checks a row must pass.

import { ArchiveError } from '../../shared/errors'

/** Written into manifest.json; a reader refuses a higher formatVersion than its own. */
export const BUNDLE_FORMAT = 'parallax-bundle'
export const BUNDLE_FORMAT_VERSION = 1

/** What a bundle's refusals start with, so every message names what failed. */
export const BUNDLE_PREFIX = 'Cannot import this bundle'

/** A row as stored: column name to SQLite value (JSON columns stay JSON text, as in the file). */
export type Row = Record<string, string | number | null>

/** id: a record id; name: a short non-empty key (relation ids are slugs of any letters). */
type Kind = 'id' | 'name' | 'text' | 'int' | 'int?' | 'json' | 'json?'

/**
 * The user-data tables in the order they are merged (parents first), with the columns of the
 * current schema (3). Settings are machine-local and stay out, except the archive's name (in the
 * manifest). Revisions travel without their text: texts are stored once each as
 * texts/<content hash>.txt. Bundles of schema 1 and 2 lack the columns `upgradeRows` fills in.
 */
export const TABLES = {
  relations: { id: 'name', label: 'text', builtin: 'int', position: 'int', created_by: 'text' },
  tags: {
    id: 'id',
    name: 'text',
    name_key: 'text',
    color: 'text',
    description: 'text',
    key: 'int?',
    position: 'int',
    group_name: 'text',
    created: 'text',
    created_by: 'text',
    modified_by: 'text'
  },
  sources: {
    id: 'id',
    revision: 'int',
    content_hash: 'text',
    text_length: 'int',
    paragraph_count: 'int',
    kind: 'text',
    language: 'text',
    date: 'text',
    accessed: 'text',
    created: 'text',
    modified: 'text',
    title: 'text',
    creators: 'json',
    publisher: 'text',
    url: 'text',
    license: 'text',
    origin: 'json?',
    description: 'text',
    created_by: 'text',
    modified_by: 'text',
    csl: 'json'
  },
  revisions: {
    source_id: 'id',
    n: 'int',
    uid: 'id',
    parent: 'text',
    content_hash: 'text',
    text_length: 'int',
    created: 'text',
    created_by: 'text',
    note: 'text'
  },
  annotations: {
    id: 'id',
    source_id: 'id',
    start: 'int',
    end: 'int',
    status: 'text',
    created: 'text',
    modified: 'text',
    prefix: 'text',
    suffix: 'text',
    exact: 'text',
    note: 'text',
    created_by: 'text',
    modified_by: 'text'
  },
  annotation_tags: { annotation_id: 'id', tag_id: 'id' },
  links: {
    id: 'id',
    from_id: 'id',
    to_id: 'id',
    relation: 'name',
    note: 'text',
    created: 'text',
    modified: 'text',
    created_by: 'text',
    modified_by: 'text'
  },
  variant_sets: {
    id: 'name',
    terms: 'json',
    position: 'int',
    created_by: 'text',
    modified_by: 'text'
  },
  handout_sets: {
    id: 'id',
    created: 'text',
    modified: 'text',
    layout: 'text',
    page_size: 'text',
    notes: 'text',
    group_by: 'text',
    title: 'text',
    subtitle: 'text',
    author: 'text',
    source_ids: 'json',
    selection: 'json',
    questions: 'json',
    introduction: 'text',
    created_by: 'text',
    modified_by: 'text',
    style: 'text'
  }
} as const satisfies Record<string, Record<string, Kind>>

/**
 * Columns added after schema 3, per table: a bundle written before them leaves them out, and its
 * rows take the column's default (a handout's style, a source's reference data).
 */
const ADDED_LATER: Partial<Record<string, ReadonlySet<string>>> = {
  sources: new Set(['csl']),
  handout_sets: new Set(['style'])
}

export type TableName = keyof typeof TABLES
export const TABLE_NAMES = Object.keys(TABLES) as TableName[]

/** Entry names inside the ZIP. */
export const MANIFEST_ENTRY = 'manifest.json'
export const tableEntry = (table: TableName): string => `${table}.json`
export const textEntry = (hash: string): string => `texts/${hash}.txt`

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT
  formatVersion: number
  /** The archive schema the rows follow (user_version of the archive that wrote them). */
  schemaVersion: number
  /** ISO timestamp of the export. */
  exported: string
  generator: string
  /** The exporting archive's name setting, if it had one. */
  archiveName?: string
  /** Rows per table, and the number of distinct texts; checked on import. */
  counts: Record<TableName | 'texts', number>
}

/** A refusal of a damaged or hand-made bundle: one line naming what is wrong. */
export function damaged(why: string): ArchiveError {
  return new ArchiveError('UNSUPPORTED_FILE', `${BUNDLE_PREFIX}: the file is damaged (${why}).`)
}

const ID = /^[A-Za-z0-9_-]{1,64}$/

function isJson(value: string): boolean {
  try {
    JSON.parse(value)
    return true
  } catch {
    return false
  }
}

function checkValue(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && ID.test(value)
    case 'name':
      return typeof value === 'string' && value.length > 0 && value.length <= 64
    case 'text':
      return typeof value === 'string'
    case 'int':
      return Number.isSafeInteger(value)
    case 'int?':
      return value === null || Number.isSafeInteger(value)
    case 'json':
      return typeof value === 'string' && isJson(value)
    case 'json?':
      return value === null || (typeof value === 'string' && isJson(value))
  }
}

/** The schema from which records say who made them, and revisions have ids of their own. */
const AUTHORS_SCHEMA = 3

/**
 * Rows written by an older schema, brought to the current columns: no author yet (the importing
 * archive's owner is not assumed), revisions numbered as the migration to schema 3 numbers them.
 * Their lengths are filled in from the texts later (see parseBundle).
 */
export function upgradeRows(table: TableName, data: unknown, schemaVersion: number): unknown {
  if (schemaVersion >= AUTHORS_SCHEMA || !Array.isArray(data)) return data
  const columns = TABLES[table] as Record<string, Kind>
  return data.map((row: unknown) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return row
    const r = { ...(row as Record<string, unknown>) }
    if ('created_by' in columns) r.created_by ??= ''
    if ('modified_by' in columns) r.modified_by ??= ''
    if (table === 'revisions') {
      r.uid ??= `${String(r.source_id)}-${String(r.n)}`
      r.parent ??= Number(r.n) > 1 ? `${String(r.source_id)}-${Number(r.n) - 1}` : ''
      r.text_length ??= 0
    }
    return r
  })
}

/** Checks that `data` is a list of rows with exactly the columns of `table`, each of its kind. */
export function checkRows(table: TableName, data: unknown): Row[] {
  if (!Array.isArray(data)) throw damaged(`${tableEntry(table)} is not a list of records`)
  const columns = TABLES[table] as Record<string, Kind>
  const names = Object.keys(columns)
  return data.map((row: unknown, i) => {
    const where = `${tableEntry(table)}, record ${i + 1}`
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw damaged(`${where} is not a record`)
    const r = row as Record<string, unknown>
    for (const key of Object.keys(r)) {
      if (!(key in columns)) throw damaged(`${where} has an unknown field "${key}"`)
    }
    for (const name of names) {
      if (r[name] === undefined && ADDED_LATER[table]?.has(name)) continue
      if (!checkValue(columns[name], r[name])) throw damaged(`${where} has a bad "${name}"`)
    }
    return r as Row
  })
}

/** The keys of rows, refusing a bundle that lists one record twice. */
export function uniqueKeys(table: TableName, rows: Row[], key: (r: Row) => string): Set<string> {
  const seen = new Set<string>()
  for (const r of rows) {
    const k = key(r)
    if (seen.has(k)) throw damaged(`${tableEntry(table)} lists ${JSON.stringify(k)} twice`)
    seen.add(k)
  }
  return seen
}

/**
 * A bundle's texts by content hash. Each was checked when the bundle was read (checksum, stored
 * form) and is unpacked again from the bundle when asked for, so a bundle of 200 MB of prose never
 * holds all its texts in memory at once.
 */
export interface BundleTexts {
  /** The text with this content hash; every hash a revision of the bundle names has one. */
  get(hash: string): string
}

/** A bundle read and checked, ready to merge: rows per table and the texts by content hash. */
export interface ParsedBundle {
  readonly kind: 'parallax-bundle'
  manifest: BundleManifest
  rows: Record<TableName, Row[]>
  texts: BundleTexts
}
