// Archive bundles: the whole archive as one portable file, and merging one into an archive.

import { Zip, type ZipInputFile } from 'fflate'
import { crc32, deflateRawSync } from 'node:zlib'
import type { BundleImportReport } from '../../shared/model'
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  MANIFEST_ENTRY,
  TABLE_NAMES,
  tableEntry,
  textEntry,
  type BundleManifest,
  type ParsedBundle
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
 * A ZIP written an entry at a time to `sink`: each entry is deflated by zlib (native, several
 * times fflate's own deflate) and handed to fflate's streaming Zip whole, so nothing but the
 * entry at hand is held here.
 */
class ZipWriter {
  private readonly zip: Zip

  constructor(sink: (chunk: Uint8Array) => void) {
    this.zip = new Zip((error, chunk) => {
      if (error) throw error
      sink(chunk)
    })
  }

  add(filename: string, data: Uint8Array): void {
    const entry: ZipInputFile = { filename, size: data.length, crc: crc32(data), compression: 8 }
    this.zip.add(entry)
    entry.ondata?.(null, deflateRawSync(data, { level: 6 }), true)
  }

  end(): void {
    this.zip.end()
  }
}

/** The bundle (see writeBundleTo) in one buffer. */
export function writeBundle(db: Db): Uint8Array {
  const chunks: Uint8Array[] = []
  let size = 0
  writeBundleTo(db, (chunk) => {
    chunks.push(chunk)
    size += chunk.length
  })
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/**
 * Writes every record of the archive into a bundle: a ZIP holding manifest.json, one JSON list of
 * rows per user-data table (columns exactly as stored, ids included), and each distinct text once
 * as texts/<sha-256>.txt, handed to `sink` a piece at a time. Read in one transaction, so the
 * bundle is a consistent snapshot; each text is compressed as it is read, so a large archive's
 * texts are never all in memory at once.
 */
export function writeBundleTo(db: Db, sink: (chunk: Uint8Array) => void): void {
  db.transaction(() => {
    const counts = {} as BundleManifest['counts']
    for (const table of TABLE_NAMES) {
      counts[table] = db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number
    }
    counts.texts = db
      .prepare('SELECT count(DISTINCT content_hash) FROM revisions')
      .pluck()
      .get() as number
    const name = getSetting(db, 'archive.name')
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      exported: new Date().toISOString(),
      generator: 'Parallax',
      ...(typeof name === 'string' && name ? { archiveName: name } : {}),
      counts
    }
    const zip = new ZipWriter(sink)
    // The manifest first, so a reader (or a person with an unzip tool) meets it before the rows.
    zip.add(MANIFEST_ENTRY, jsonBytes(manifest))
    for (const table of TABLE_NAMES) {
      const sql =
        table === 'revisions'
          ? `SELECT source_id, n, uid, parent, content_hash, text_length, created, created_by, note
             FROM revisions ORDER BY rowid`
          : `SELECT * FROM "${table}" ORDER BY rowid`
      zip.add(tableEntry(table), jsonBytes(db.prepare(sql).all()))
    }
    const written = new Set<string>()
    const each = db
      .prepare('SELECT content_hash, text FROM revisions ORDER BY rowid')
      .iterate() as IterableIterator<{ content_hash: string; text: string }>
    for (const r of each) {
      if (written.has(r.content_hash)) continue
      written.add(r.content_hash)
      zip.add(textEntry(r.content_hash), encoder.encode(r.text))
    }
    zip.end()
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
