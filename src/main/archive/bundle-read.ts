// Reads a bundle's bytes into checked rows: ZIP limits, manifest and version, every record and reference.

import { ArchiveError } from '../../shared/errors'
import { BUILTIN_RELATIONS } from '../../shared/model'
import { normalizeText, paragraphSpans } from '../../shared/text/paragraphs'
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_PREFIX,
  MANIFEST_ENTRY,
  TABLE_NAMES,
  checkRows,
  damaged,
  tableEntry,
  textEntry,
  uniqueKeys,
  upgradeRows,
  type BundleManifest,
  type ParsedBundle,
  type Row,
  type TableName
} from './bundle-format'
import { SCHEMA_VERSION } from './db'
import { readZip, type ZipArchive } from './importers/zip'
import { checkRecord } from './records'
import { hashText, isTextHash } from './text-hash'

/**
 * Bundles carry whole archives, so their caps are above the document defaults; the ratio cap
 * still stops ZIP bombs (text and JSON compress far less than 500:1).
 */
const BUNDLE_LIMITS = { maxEntries: 500_000, maxTotalBytes: 1024 * 1024 * 1024, maxRatio: 500 }

function json(zip: ZipArchive, entry: string): unknown {
  const text = zip.text(entry)
  if (text === null) throw damaged(`${entry} is missing`)
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw damaged(`${entry} is not valid JSON`)
  }
}

function newer(what: string, found: number, known: number): ArchiveError {
  return new ArchiveError(
    'NEWER_ARCHIVE',
    `This bundle was written by a newer version of Parallax (${what} ${found}; this version reads up to ${known}); update Parallax to import it.`
  )
}

function readManifest(zip: ZipArchive): BundleManifest {
  if (!zip.has(MANIFEST_ENTRY)) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${BUNDLE_PREFIX}: the file is a ZIP archive but not a Parallax bundle (it has no ${MANIFEST_ENTRY}).`
    )
  }
  const m = json(zip, MANIFEST_ENTRY) as Partial<BundleManifest> | null
  if (typeof m !== 'object' || m === null || m.format !== BUNDLE_FORMAT) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${BUNDLE_PREFIX}: the file is not a Parallax bundle (its manifest is of another kind).`
    )
  }
  const version = (value: unknown, name: string): number => {
    if (!Number.isSafeInteger(value) || (value as number) < 1) throw damaged(`bad ${name}`)
    return value as number
  }
  const formatVersion = version(m.formatVersion, 'formatVersion')
  const schemaVersion = version(m.schemaVersion, 'schemaVersion')
  if (formatVersion > BUNDLE_FORMAT_VERSION)
    throw newer('bundle format', formatVersion, BUNDLE_FORMAT_VERSION)
  if (schemaVersion > SCHEMA_VERSION) throw newer('schema', schemaVersion, SCHEMA_VERSION)
  if (typeof m.counts !== 'object' || m.counts === null) throw damaged('the manifest has no counts')
  return m as BundleManifest
}

/** Parses and checks a bundle; nothing here touches an archive. */
export function parseBundle(data: Uint8Array): ParsedBundle {
  // "PK": every ZIP (even an empty one) starts with a PK signature.
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${BUNDLE_PREFIX}: the file is not a Parallax bundle (not a ZIP file).`
    )
  }
  const zip = readZip(data, BUNDLE_PREFIX, { label: 'the file', limits: BUNDLE_LIMITS })
  const manifest = readManifest(zip)
  const rows = {} as Record<TableName, Row[]>
  for (const table of TABLE_NAMES) {
    const listed = upgradeRows(table, json(zip, tableEntry(table)), manifest.schemaVersion)
    rows[table] = checkRows(table, listed)
    if (manifest.counts[table] !== rows[table].length) {
      throw damaged(
        `${tableEntry(table)} holds ${rows[table].length} records, the manifest says ${manifest.counts[table]}`
      )
    }
  }
  // Each text is unpacked and checked here, then let go: only its length (and its paragraphs,
  // for a source's current text) is kept. The merge unpacks each again as it writes it.
  const current = new Set(rows.sources.map((s) => s.content_hash as string))
  const measured = new Map<string, { length: number; paragraphs: number }>()
  const readText = (hash: string): string => {
    const text = zip.text(textEntry(hash))
    if (text === null) throw damaged(`the text ${textEntry(hash)} is missing`)
    return text
  }
  for (const r of rows.revisions) {
    const hash = r.content_hash as string
    if (measured.has(hash)) continue
    if (!isTextHash(hash)) throw damaged(`a revision has a bad content hash`)
    const text = readText(hash)
    if (hashText(text) !== hash) throw damaged(`${textEntry(hash)} fails its checksum`)
    if (normalizeText(text) !== text || text.trim() === '')
      throw damaged(`${textEntry(hash)} is not a text Parallax stores`)
    measured.set(hash, {
      length: text.length,
      paragraphs: current.has(hash) ? paragraphSpans(text).length : 0
    })
  }
  deriveFromTexts(rows, measured)
  // Every record passes the checks the API's create and update methods make; one that does not
  // refuses the whole bundle, named.
  for (const table of TABLE_NAMES) {
    rows[table] = rows[table].map((r, i) => {
      try {
        return checkRecord(table, r)
      } catch (error) {
        throw new ArchiveError(
          'UNSUPPORTED_FILE',
          `${BUNDLE_PREFIX}: ${tableEntry(table)}, record ${i + 1}, ${(error as Error).message}`
        )
      }
    })
  }
  // The ZIP's own checksum (CRC-32) is checked again on every read: the bytes are those hashed.
  const texts = { get: readText }
  const bundle: ParsedBundle = { kind: 'parallax-bundle', manifest, rows, texts }
  checkReferences(bundle)
  return bundle
}

/** Columns derived from the texts are recomputed, so a stale (or forged) count cannot travel. */
function deriveFromTexts(
  rows: Record<TableName, Row[]>,
  measured: Map<string, { length: number; paragraphs: number }>
): void {
  for (const r of rows.revisions)
    r.text_length = (measured.get(r.content_hash as string) as { length: number }).length
  for (const s of rows.sources) {
    const text = measured.get(s.content_hash as string)
    if (text === undefined) throw damaged(`source ${s.id} has no current revision`)
    s.text_length = text.length
    s.paragraph_count = text.paragraphs
  }
}

/** Every reference points inside the bundle; keys are unique. */
function checkReferences({ rows }: ParsedBundle): void {
  const sourceIds = uniqueKeys('sources', rows.sources, (r) => r.id as string)
  const revisions = new Map<string, Row>()
  uniqueKeys('revisions', rows.revisions, (r) => `${r.source_id}#${r.n}`)
  uniqueKeys('revisions', rows.revisions, (r) => r.uid as string)
  for (const r of rows.revisions) {
    if (!sourceIds.has(r.source_id as string))
      throw damaged(`a revision belongs to source ${r.source_id}, which is not in the bundle`)
    revisions.set(`${r.source_id}#${r.n}`, r)
  }
  const lengths = new Map<string, number>()
  for (const s of rows.sources) {
    const current = revisions.get(`${s.id}#${s.revision}`)
    if (!current || current.content_hash !== s.content_hash)
      throw damaged(`source ${s.id} has no current revision`)
    lengths.set(s.id as string, s.text_length as number)
  }
  const tagIds = uniqueKeys('tags', rows.tags, (r) => r.id as string)
  uniqueKeys('tags', rows.tags, (r) => r.name_key as string)
  uniqueKeys(
    'tags',
    rows.tags.filter((r) => r.key !== null),
    (r) => `key ${r.key}`
  )
  const annotationIds = uniqueKeys('annotations', rows.annotations, (r) => r.id as string)
  for (const a of rows.annotations) {
    if (!sourceIds.has(a.source_id as string))
      throw damaged(
        `annotation ${a.id} points at source ${a.source_id}, which is not in the bundle`
      )
    const outside =
      a.status === 'anchored' && (a.end as number) > (lengths.get(a.source_id as string) as number)
    if (outside) throw damaged(`annotation ${a.id} lies outside its source's text`)
  }
  uniqueKeys('annotation_tags', rows.annotation_tags, (r) => `${r.annotation_id}/${r.tag_id}`)
  for (const at of rows.annotation_tags) {
    if (!annotationIds.has(at.annotation_id as string) || !tagIds.has(at.tag_id as string))
      throw damaged(
        `a tagging points at annotation ${at.annotation_id} or tag ${at.tag_id}, not in the bundle`
      )
  }
  const relationIds = uniqueKeys('relations', rows.relations, (r) => r.id as string)
  for (const r of BUILTIN_RELATIONS) relationIds.add(r.id)
  uniqueKeys('links', rows.links, (r) => r.id as string)
  for (const l of rows.links) {
    if (!annotationIds.has(l.from_id as string) || !annotationIds.has(l.to_id as string))
      throw damaged(`link ${l.id} points at an annotation that is not in the bundle`)
    if (!relationIds.has(l.relation as string))
      throw damaged(`link ${l.id} has the unknown relation ${JSON.stringify(l.relation)}`)
  }
  uniqueKeys('variant_sets', rows.variant_sets, (r) => r.id as string)
  uniqueKeys('handout_sets', rows.handout_sets, (r) => r.id as string)
}
