// Archive bundles: the whole archive as one portable file, and merging one into an archive.

import { zipSync, type Zippable } from 'fflate'
import type { BundleImportReport } from '../../shared/model'
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  MANIFEST_ENTRY,
  TABLE_NAMES,
  tableEntry,
  textEntry,
  type BundleManifest,
  type ParsedBundle,
  type TableName
} from './bundle-format'
import { mergeBundle as merge } from './bundle-merge'
import { parseBundle } from './bundle-read'
import type { Db } from './db'
import { getSetting } from './settings'

export type { ParsedBundle } from './bundle-format'

const encoder = new TextEncoder()

function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}

/**
 * Writes every record of the archive into a bundle: a ZIP holding manifest.json, one JSON list of
 * rows per user-data table (columns exactly as stored, ids included), and each distinct text once
 * as texts/<sha-256>.txt. Read in one transaction, so the bundle is a consistent snapshot.
 */
export function writeBundle(db: Db): Uint8Array {
  return db.transaction(() => {
    const files: Zippable = {}
    const counts = {} as BundleManifest['counts']
    for (const table of TABLE_NAMES) {
      const sql =
        table === 'revisions'
          ? `SELECT source_id, n, uid, parent, content_hash, text_length, created, created_by, note
             FROM revisions ORDER BY rowid`
          : `SELECT * FROM "${table}" ORDER BY rowid`
      const rows = db.prepare(sql).all()
      counts[table as TableName] = rows.length
      files[tableEntry(table)] = jsonBytes(rows)
    }
    let texts = 0
    const each = db
      .prepare('SELECT content_hash, text FROM revisions ORDER BY rowid')
      .iterate() as IterableIterator<{ content_hash: string; text: string }>
    for (const r of each) {
      const name = textEntry(r.content_hash)
      if (files[name]) continue
      files[name] = encoder.encode(r.text)
      texts++
    }
    const name = getSetting(db, 'archive.name')
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      exported: new Date().toISOString(),
      generator: 'Parallax',
      ...(typeof name === 'string' && name ? { archiveName: name } : {}),
      counts: { ...counts, texts }
    }
    // The manifest first, so a reader (or a person with an unzip tool) meets it before the rows.
    return zipSync({ [MANIFEST_ENTRY]: jsonBytes(manifest), ...files }, { level: 6 })
  })()
}

/** Reads and checks a bundle's bytes (limits, format, version) without touching any archive. */
export function readBundle(data: Uint8Array): ParsedBundle {
  return parseBundle(data)
}

/** Merges a checked bundle into the archive; runs inside the caller's transaction. */
export function mergeBundle(db: Db, bundle: ParsedBundle): BundleImportReport {
  return merge(db, bundle)
}
