// Reference files in and out: BibTeX, RIS, CSL-JSON and Zotero RDF with files; matching items to sources already here.

import { toErrorPayload, invalid } from '../../shared/errors'
import type {
  ImportFile,
  ReferenceFormat,
  ReferenceImportOptions,
  ReferenceImportReport,
  ReferenceScope,
  SourceMetaPatch
} from '../../shared/model'
import { REFERENCE_FORMATS } from '../../shared/model'
import { fold } from '../../shared/text/fold'
import { type CslItem, fromCslItem, nameString, toCslItem } from '../export/references/csl-item'
import {
  type ParsedEntry,
  readBibtex,
  readCslJson,
  readRis,
  writeBiblatex,
  writeCslJson,
  writeRis
} from '../export/references/formats'
import type { Db } from './db'
import { getHandoutSet } from './sets'
import { decodeText } from './importers/decode'
import { MAX_IMPORT_BYTES, readDocument } from './importers'
import { referenceData, setReferenceData } from './reference-data'
import {
  type CheckedSource,
  checkSourceInput,
  findByHash,
  getSummaries,
  getSummary,
  insertSource,
  listSources,
  sourceExists,
  updateMeta
} from './sources'
import { checkMetaPatch, canonicalLanguage, expectId, isRecord } from './validate'

// ---------------------------------------------------------------- out

function scopeIds(db: Db, scope: ReferenceScope | undefined): string[] {
  const s = (isRecord(scope) ? scope : {}) as ReferenceScope
  if (s.setId !== undefined) return getHandoutSet(db, expectId(s.setId, 'setId')).sourceIds
  if (s.sourceIds !== undefined) {
    if (!Array.isArray(s.sourceIds)) throw invalid('sourceIds must be a list of source ids.')
    const ids = s.sourceIds.map((id) => expectId(id, 'sourceIds'))
    const missing = ids.filter((id) => !sourceExists(db, id))
    if (missing.length) throw invalid(`There is no source ${missing.join(', ')} in this archive.`)
    return ids
  }
  return listSources(db, {}).map((x) => x.id)
}

/** CSL-JSON items of sources, each with a readable citation key (unique in the export). */
export function referenceItems(db: Db, ids: string[]): CslItem[] {
  const refs = referenceData(db, ids)
  const keys = new Set<string>()
  return ids.map((id) => {
    const s = getSummary(db, id)
    const item = toCslItem({ ...s, reference: refs.get(id) })
    item['citation-key'] = uniqueKey(citationKey(item), keys)
    return item
  })
}

function citationKey(item: CslItem): string {
  const names = (item.author ?? item.editor ?? []) as Parameters<typeof nameString>[0][]
  const who = names[0] ? (names[0].family ?? names[0].literal ?? '') : ''
  const year =
    /^-?\d{4}/.exec(
      String((item.issued as { 'date-parts'?: unknown[][] })?.['date-parts']?.[0]?.[0] ?? '')
    )?.[0] ?? ''
  const word =
    String(item.title ?? '')
      .split(/\s+/)
      .find((w) => fold(w).replace(/[^a-z0-9]/g, '').length > 3) ?? 'source'
  const clean = (t: string): string => fold(t).replace(/[^a-z0-9]/g, '')
  return `${clean(who.split(/\s+/)[0] ?? '')}${year}${clean(word)}` || 'source'
}

function uniqueKey(key: string, used: Set<string>): string {
  let k = key
  for (let i = 0; used.has(k); i++)
    k = `${key}${String.fromCharCode(97 + (i % 26))}${i >= 26 ? i : ''}`
  used.add(k)
  return k
}

/** The sources of a scope as a reference file. */
export async function exportReferences(
  db: Db,
  format: ReferenceFormat,
  scope?: ReferenceScope
): Promise<string> {
  if (!REFERENCE_FORMATS.includes(format))
    throw invalid(`format must be one of ${REFERENCE_FORMATS.join(', ')}.`)
  const items = referenceItems(db, scopeIds(db, scope))
  if (format === 'csl-json') return writeCslJson(items)
  if (format === 'ris') return writeRis(items)
  return writeBiblatex(items)
}

// ---------------------------------------------------------------- in

/** What importing will do, decided before anything is written. */
export interface ReferencePlan {
  report: ReferenceImportReport
  write: boolean
  count: number
  inserts: { source: CheckedSource; reference: Record<string, unknown> }[]
  updates: { id: string; patch: SourceMetaPatch; reference: Record<string, unknown> }[]
}

const REFERENCE_EXTENSIONS: Record<string, 'bibtex' | 'ris' | 'csl-json' | 'zotero'> = {
  bib: 'bibtex',
  bibtex: 'bibtex',
  biblatex: 'bibtex',
  ris: 'ris',
  json: 'csl-json',
  csljson: 'csl-json',
  rdf: 'zotero'
}

const BABEL: Record<string, string> = {
  english: 'en',
  american: 'en-US',
  british: 'en-GB',
  french: 'fr',
  german: 'de',
  ngerman: 'de',
  russian: 'ru',
  turkish: 'tr',
  spanish: 'es',
  italian: 'it',
  dutch: 'nl',
  portuguese: 'pt',
  polish: 'pl',
  greek: 'el',
  arabic: 'ar',
  hebrew: 'he',
  armenian: 'hy',
  georgian: 'ka',
  persian: 'fa',
  ukrainian: 'uk',
  czech: 'cs',
  swedish: 'sv',
  latin: 'la'
}

/** A language field as BCP 47 ("fr", "french" and "Français" all give "fr"), or ''. */
export function languageTag(raw: string): string {
  const v = raw.trim()
  if (BABEL[v.toLowerCase()]) return BABEL[v.toLowerCase()]
  try {
    const tag = canonicalLanguage(v)
    return /^[a-z]{2,3}(-|$)/.test(tag) ? tag : ''
  } catch {
    const names = new Intl.DisplayNames(['en'], { type: 'language' })
    for (const code of Object.values(BABEL))
      if (names.of(code)?.toLowerCase() === v.toLowerCase()) return code
    return ''
  }
}

const extOf = (name: string): string => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''

/** Reads the files, matches each item, and plans the writes; nothing is written here. */
export async function prepareReferences(
  db: Db,
  files: unknown,
  options: ReferenceImportOptions
): Promise<ReferencePlan> {
  if (!Array.isArray(files) || files.some((f) => !isRecord(f) || !(f.data instanceof Uint8Array)))
    throw invalid('importReferences takes a list of { name, data } files.')
  const list = files as ImportFile[]
  const report: ReferenceImportReport = {
    imported: [],
    updated: [],
    failed: [],
    warnings: [],
    written: false
  }
  const refFiles = list.filter((f) => REFERENCE_EXTENSIONS[extOf(f.name)])
  if (!refFiles.length) {
    throw invalid(
      'None of these files is a reference file: give a .bib, .ris, CSL-JSON .json or Zotero .rdf file.'
    )
  }
  const others = list.filter((f) => !REFERENCE_EXTENSIONS[extOf(f.name)])
  const plan: ReferencePlan = { report, write: false, count: 0, inserts: [], updates: [] }
  const matcher = new Matcher(db)
  for (const file of refFiles) {
    const entries = await readEntries(file, report)
    for (const entry of entries) {
      const where = `${file.name}, ${entry.label}`
      if (!entry.item) {
        report.failed.push({
          name: where,
          code: 'INVALID_ARGUMENT',
          message: `${where}: ${entry.error}.`
        })
        continue
      }
      try {
        await planEntry(entry, where, file.name, others, matcher, plan)
      } catch (error) {
        const { code, message } = toErrorPayload(error)
        report.failed.push({
          name: where,
          code,
          message: `${where}: ${message.replace(/\.$/, '')}.`
        })
      }
    }
  }
  plan.count = plan.inserts.length + plan.updates.length
  plan.write = plan.count > 0 && !(options.strict && report.failed.length > 0)
  if (options.strict && report.failed.length) {
    report.warnings.push(
      `Nothing was imported: ${report.failed.length} entr${report.failed.length === 1 ? 'y' : 'ies'} failed and the import was asked to be all or nothing.`
    )
  }
  return plan
}

async function readEntries(
  file: ImportFile,
  report: ReferenceImportReport
): Promise<ParsedEntry[]> {
  if (file.data.byteLength > MAX_IMPORT_BYTES) {
    return [{ label: 'the file', error: 'it is larger than 50 MB' }]
  }
  const kind = REFERENCE_EXTENSIONS[extOf(file.name)]
  let text: string
  try {
    const decoded = decodeText(file.data, file.name)
    text = decoded.text
    if (decoded.encoding !== 'utf-8' && decoded.encoding !== 'ascii') {
      report.warnings.push(`${file.name} is not UTF-8: it was read as ${decoded.encoding}.`)
    }
  } catch (error) {
    return [{ label: 'the file', error: toErrorPayload(error).message.replace(/^[^:]*: /, '') }]
  }
  if (kind === 'bibtex') return readBibtex(text)
  if (kind === 'ris') return readRis(text)
  // The XML parser (linkedom) loads with the first Zotero RDF file, not with the archive.
  if (kind === 'zotero') return (await import('./importers/zotero-rdf')).readZoteroRdf(text)
  return readCslJson(text)
}

/** Keeps the metadata fields that validate; the others are reported, never fatal. */
function validMeta(meta: Record<string, unknown>, dropped: string[]): SourceMetaPatch {
  const out: SourceMetaPatch = {}
  for (const [key, value] of Object.entries(meta)) {
    if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue
    try {
      Object.assign(out, checkMetaPatch({ [key]: value }))
    } catch (error) {
      dropped.push(`the ${key} (${toErrorPayload(error).message.replace(/\.$/, '')})`)
    }
  }
  return out
}

async function planEntry(
  entry: ParsedEntry,
  where: string,
  fileName: string,
  others: ImportFile[],
  matcher: Matcher,
  plan: ReferencePlan
): Promise<void> {
  const { meta, reference, dropped } = fromCslItem(entry.item as CslItem, languageTag)
  if (!meta.title) throw invalid('it has no title')
  const patch = validMeta(meta, dropped)
  const attachment = await readAttachment(entry, where, others, plan.report)
  const existing = matcher.find(patch, reference, attachment?.hash)
  if (dropped.length) plan.report.warnings.push(`${where}: left out ${dropped.join(', ')}.`)
  if (existing === 'batch') {
    plan.report.warnings.push(
      `${where}: the same item appears earlier in these files; imported once.`
    )
    return
  }
  if (existing) {
    const update = fillIn(existing, patch, reference)
    plan.updates.push({ id: existing.id, patch: update.patch, reference: update.reference })
    plan.report.updated.push({
      entry: where,
      sourceId: existing.id,
      title: existing.title,
      fields: update.fields
    })
    return
  }
  const text =
    attachment?.text ?? ([patch.description, patch.title].find((t) => t && t.trim()) as string)
  const source = checkSourceInput({
    ...patch,
    text,
    origin: attachment
      ? { fileName: attachment.name, format: attachment.format }
      : { fileName, format: 'reference' }
  })
  matcher.add(source, reference)
  plan.inserts.push({ source, reference })
}

async function readAttachment(
  entry: ParsedEntry,
  where: string,
  others: ImportFile[],
  report: ReferenceImportReport
): Promise<{ text: string; name: string; format: string; hash: string } | null> {
  const wanted = [...(entry.attachments ?? [])].sort((a, b) => rank(a) - rank(b))
  for (const a of wanted) {
    const file = others.find((f) => f.name === a.path || f.name.endsWith(`/${a.path}`))
    if (!file) {
      report.warnings.push(
        `${where}: its attachment ${a.path} is not among the files; imported without its text.`
      )
      continue
    }
    try {
      const doc = await readDocument({ name: a.path.replace(/^.*\//, ''), data: file.data })
      const checked = checkSourceInput({ title: 'x', text: doc.text })
      return { text: checked.text, name: a.path, format: doc.origin.format, hash: checked.hash }
    } catch (error) {
      report.warnings.push(
        `${where}: its attachment ${a.path} could not be read (${toErrorPayload(error).message.replace(/\.$/, '')}); imported without its text.`
      )
    }
  }
  return null
}

// PDFs first, then web pages, then plain text: the fullest text of the item.
function rank(a: { path: string; mimeType: string }): number {
  if (/pdf/i.test(a.mimeType) || /\.pdf$/i.test(a.path)) return 0
  if (/html/i.test(a.mimeType) || /\.x?html?$/i.test(a.path)) return 1
  return 2
}

/** The empty fields of a source that an item fills in, and the reference data it adds. */
function fillIn(
  existing: { id: string; meta: Record<string, unknown>; reference: Record<string, unknown> },
  patch: SourceMetaPatch,
  reference: Record<string, unknown>
): { patch: SourceMetaPatch; reference: Record<string, unknown>; fields: string[] } {
  const out: SourceMetaPatch = {}
  const fields: string[] = []
  for (const [key, value] of Object.entries(patch) as [keyof SourceMetaPatch, unknown][]) {
    const have = existing.meta[key]
    const empty = have === '' || have === undefined || (Array.isArray(have) && have.length === 0)
    const kindUnknown = key === 'kind' && have === 'other'
    if ((empty || kindUnknown) && key !== 'title') {
      Object.assign(out, { [key]: value })
      fields.push(key)
    }
  }
  const merged = { ...existing.reference }
  for (const [key, value] of Object.entries(reference)) {
    if (merged[key] === undefined) {
      merged[key] = value
      if (!fields.includes(key)) fields.push(key)
    }
  }
  return { patch: out, reference: merged, fields }
}

const normUrl = (u: string): string =>
  u
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase()
const normDoi = (d: string): string =>
  d
    .trim()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
    .toLowerCase()
const titleKey = (t: string, date: string): string =>
  date
    ? `${fold(t)
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()}\u0001${date}`
    : ''

interface Known {
  id: string
  title: string
  meta: Record<string, unknown>
  reference: Record<string, unknown>
}

/** Finds the source an item describes: same DOI, same URL, or same title and date (then same text). */
class Matcher {
  private readonly byDoi = new Map<string, Known | 'batch'>()
  private readonly byUrl = new Map<string, Known | 'batch'>()
  private readonly byTitle = new Map<string, Known | 'batch'>()

  constructor(private readonly db: Db) {
    const sources = listSources(db, {})
    const refs = referenceData(
      db,
      sources.map((s) => s.id)
    )
    for (const s of sources) {
      const reference = refs.get(s.id) ?? {}
      const known: Known = {
        id: s.id,
        title: s.title,
        meta: s as unknown as Record<string, unknown>,
        reference
      }
      this.index(known, s.url, String(reference.DOI ?? ''), s.title, s.date)
    }
  }

  private index(k: Known | 'batch', url: string, doi: string, title: string, date: string): void {
    if (doi) this.byDoi.set(normDoi(doi), k)
    if (url) this.byUrl.set(normUrl(url), k)
    const t = titleKey(title, date)
    if (t && !this.byTitle.has(t)) this.byTitle.set(t, k)
  }

  find(
    patch: SourceMetaPatch,
    reference: Record<string, unknown>,
    hash?: string
  ): Known | 'batch' | null {
    const doi = typeof reference.DOI === 'string' ? normDoi(reference.DOI) : ''
    const hit =
      (doi && this.byDoi.get(doi)) ||
      (patch.url && this.byUrl.get(normUrl(patch.url))) ||
      this.byTitle.get(titleKey(patch.title ?? '', patch.date ?? ''))
    if (hit) return hit
    if (hash) {
      const same = findByHash(this.db, hash)
      if (same) {
        const s = getSummary(this.db, same.id)
        const reference = referenceData(this.db, [s.id]).get(s.id) ?? {}
        return {
          id: s.id,
          title: s.title,
          meta: s as unknown as Record<string, unknown>,
          reference
        }
      }
    }
    return null
  }

  /** A new source of this import: later entries describing it are not imported twice. */
  add(source: CheckedSource, reference: Record<string, unknown>): void {
    this.index('batch', source.url, String(reference.DOI ?? ''), source.title, source.date)
  }
}

/** Writes a plan: new sources with their reference data, and the filled-in ones. */
export function applyReferences(db: Db, plan: ReferencePlan): ReferenceImportReport {
  for (const { id, patch, reference } of plan.updates) {
    if (Object.keys(patch).length) updateMeta(db, id, patch)
    setReferenceData(db, id, reference)
  }
  const ids = plan.inserts.map(({ source, reference }) => {
    const id = insertSource(db, source, 'Imported from a reference file')
    setReferenceData(db, id, reference)
    return id
  })
  plan.report.imported = getSummaries(db, ids)
  plan.report.written = true
  return plan.report
}
