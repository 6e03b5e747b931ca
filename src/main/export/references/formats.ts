// BibLaTeX, RIS and CSL-JSON through citation-js, entry by entry, with the fixes Parallax needs to read its own files back.

import { type CslItem, nameString, type CslName } from './csl-item'
import { fromCslDate, isEdtf, looseDate, toCslDate } from './dates'

/** One entry of a reference file: its CSL item, or why it could not be read. */
export interface ParsedEntry {
  /** How messages name it: "smith1918 (line 12)", "record 3 “The taking of Baku”". */
  label: string
  item?: CslItem
  error?: string
  /** Attachment paths relative to the export's folder (Zotero RDF). */
  attachments?: { path: string; mimeType: string }[]
}

interface CiteCore {
  plugins: {
    input: {
      chainLink(data: unknown): unknown
      chain(data: unknown, options: { target: string; generateGraph?: boolean }): unknown
    }
    output: { format(name: string, data: unknown, options?: object): unknown }
  }
}

let core: Promise<CiteCore> | null = null
/** citation-js with the BibTeX and RIS plugins, loaded once. */
export function citationJs(): Promise<CiteCore> {
  core ??= (async () => {
    const c = (await import('@citation-js/core')) as unknown as CiteCore
    await import('@citation-js/plugin-bibtex')
    await import('@citation-js/plugin-ris')
    return c
  })()
  return core
}

/** CSL 1.0.2 item types (what a CSL-JSON item's type must be). */
export const CSL_TYPES = new Set([
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'bill',
  'book',
  'broadcast',
  'chapter',
  'classic',
  'collection',
  'dataset',
  'document',
  'entry',
  'entry-dictionary',
  'entry-encyclopedia',
  'event',
  'figure',
  'graphic',
  'hearing',
  'interview',
  'legal_case',
  'legislation',
  'manuscript',
  'map',
  'motion_picture',
  'musical_score',
  'pamphlet',
  'paper-conference',
  'patent',
  'performance',
  'periodical',
  'personal_communication',
  'post',
  'post-weblog',
  'regulation',
  'report',
  'review',
  'review-book',
  'software',
  'song',
  'speech',
  'standard',
  'thesis',
  'treaty',
  'webpage'
])

// ---------------------------------------------------------------- CSL-JSON

/** Reads a CSL-JSON list (or one item); each item is checked on its own. */
export function readCslJson(text: string): ParsedEntry[] {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    return [{ label: 'the file', error: `it is not valid JSON (${(error as Error).message})` }]
  }
  const list = Array.isArray(data) ? data : [data]
  return list.map((raw, i) => {
    const item = raw as Record<string, unknown>
    const id = typeof item?.id === 'string' || typeof item?.id === 'number' ? String(item.id) : ''
    const label = `item ${i + 1}${id ? ` (${id})` : ''}`
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { label, error: 'it is not a CSL-JSON item (an object)' }
    }
    if (typeof item.type !== 'string' || !CSL_TYPES.has(item.type)) {
      return {
        label,
        error: `its type ${JSON.stringify(item.type ?? null)} is not a CSL item type (such as "book", "article-journal", "chapter")`
      }
    }
    return { label, item: { ...item, id: id || `item-${i + 1}`, type: item.type } as CslItem }
  })
}

/** CSL-JSON as Parallax writes it: the items, two-space indented. */
export function writeCslJson(items: CslItem[]): string {
  return `${JSON.stringify(items, null, 2)}\n`
}

// ---------------------------------------------------------------- BibLaTeX

// An entry starts with "@type{" at the start of a line; @string macros apply to every entry.
const ENTRY_START = /^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]/gm

/**
 * Reads BibTeX or BibLaTeX entry by entry, so that a syntax error names its entry and the others
 * are still read. Dates keep their EDTF qualifiers ("1918~"), which citation-js drops.
 */
export async function readBibtex(text: string): Promise<ParsedEntry[]> {
  const { plugins } = await citationJs()
  const chunks: { start: number; type: string }[] = []
  for (const m of text.matchAll(ENTRY_START))
    chunks.push({ start: m.index, type: m[1].toLowerCase() })
  const pieces = chunks.map((c, i) => ({
    ...c,
    text: text.slice(c.start, i + 1 < chunks.length ? chunks[i + 1].start : text.length)
  }))
  const macros = pieces
    .filter((p) => p.type === 'string')
    .map((p) => p.text)
    .join('\n')
  const out: ParsedEntry[] = []
  for (const p of pieces) {
    if (['string', 'comment', 'preamble'].includes(p.type)) continue
    const line = text.slice(0, p.start).split('\n').length
    const key = /^[^{(]*[{(]\s*([^,\s]*)/.exec(p.text)?.[1] ?? ''
    const label = `${key || 'entry'} (line ${line})`
    try {
      const entries = plugins.input.chainLink(`${macros}\n${p.text}`) as {
        type: string
        label: string
        properties: Record<string, string>
      }[]
      if (!Array.isArray(entries) || entries.length !== 1) throw new Error('it is not one entry')
      const raw = entries[0].properties
      const [item] = plugins.input.chain(entries, {
        target: '@csl/list+object',
        generateGraph: false
      }) as CslItem[]
      if (!item) throw new Error('it could not be read')
      fixBibDates(item, raw)
      if (raw.license) item.custom = { ...(item.custom as object), license: raw.license }
      if (raw.editora && /^collaborator$/i.test(raw.editoratype ?? '') && !item.contributor) {
        item.contributor = raw.editora.split(/\s+and\s+/).map(bibNameToCsl)
      }
      if (typeof item.note === 'string' && /^\[Online; accessed [^\]]*\]$/.test(item.note))
        delete item.note
      out.push({ label, item: { ...item, id: key || `entry-${line}` } })
    } catch (error) {
      out.push({ label, error: oneLine((error as Error).message) })
    }
  }
  return out
}

function fixBibDates(item: CslItem, raw: Record<string, string>): void {
  for (const [field, variable] of [
    ['date', 'issued'],
    ['urldate', 'accessed']
  ] as const) {
    const value = raw[field]?.trim()
    if (value && isEdtf(value)) item[variable] = toCslDate(value)
  }
}

function oneLine(message: string): string {
  const first = message.split('\n').find((l) => l.trim()) ?? message
  return first.replace(/\s+/g, ' ').trim().replace(/[:.]$/, '')
}

/** BibLaTeX with EDTF dates, translators and licences kept, and no "[Online; accessed …]" notes. */
export async function writeBiblatex(items: CslItem[]): Promise<string> {
  const { plugins } = await citationJs()
  const entries = plugins.output.format('biblatex', items, { format: 'object' }) as {
    type: string
    label: string
    properties: Record<string, string>
  }[]
  entries.forEach((e, i) => {
    const item = items[i]
    const p = e.properties
    if (p.note?.startsWith('[Online; accessed')) delete p.note
    const issued = fromCslDate(item.issued)
    if (issued) p.date = issued
    const accessed = fromCslDate(item.accessed)
    if (accessed) p.urldate = accessed
    const license = (item.custom as { license?: string } | undefined)?.license
    if (license) p.license = latex(license)
    const contributors = (item.contributor as CslName[] | undefined) ?? []
    if (contributors.length && !p.editora) {
      p.editora = contributors.map((n) => bibName(nameString(n))).join(' and ')
      p.editoratype = 'collaborator'
    }
    if (typeof item['citation-key'] === 'string') e.label = item['citation-key']
  })
  // citation-js has escaped its own values; the fields set here are escaped above.
  return entries
    .map((e) => {
      const fields = Object.entries(e.properties).map(([k, v]) => `\t${k} = {${v}},`)
      return `@${e.type}{${e.label},\n${fields.join('\n')}\n}\n`
    })
    .join('\n')
}

function latex(text: string): string {
  return text.replace(/[{}%&#_$\\]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`))
}

// A BibTeX name as citation-js leaves raw fields: "{Literal Name}" or "Family, Given".
function bibNameToCsl(name: string): CslName {
  const t = name.trim()
  if (/^\{.*\}$/.test(t)) return { literal: t.slice(1, -1) }
  const [family, given] = t.split(',').map((p) => p.trim())
  return given ? { family, given } : { literal: family }
}

function bibName(name: string): string {
  return name.includes(',') ? latex(name) : `{${latex(name)}}`
}

// ---------------------------------------------------------------- RIS

const CONTRIBUTOR_NOTE = 'Contributor: '

/** RIS creator tags as Zotero reads and writes them. */
const RIS_ROLES: Record<string, string> = {
  AU: 'author',
  A1: 'author',
  A2: 'editor',
  ED: 'editor',
  A3: 'collection-editor',
  A4: 'translator'
}

/** Reads RIS record by record; a record of an unknown type is refused on its own. */
export async function readRis(text: string): Promise<ParsedEntry[]> {
  const { plugins } = await citationJs()
  const records = plugins.input.chainLink(text.replace(/^\uFEFF/, '')) as Record<
    string,
    string | string[]
  >[]
  if (!Array.isArray(records) || !records.length) {
    return [{ label: 'the file', error: 'it has no RIS record (a record starts with "TY  - ")' }]
  }
  return records.map((rec, i) => {
    const title = first(rec.TI) || first(rec.T1) || first(rec.CT)
    const label = `record ${i + 1}${title ? ` “${title.slice(0, 60)}”` : ''}`
    const ty = String(first(rec.TY) ?? '')
    try {
      const item = plugins.input.chainLink(rec) as CslItem
      if (!item || !item.type) {
        return {
          label,
          error: `its type “${ty}” is not a RIS reference type (such as BOOK, JOUR, NEWS)`
        }
      }
      for (const role of new Set(Object.values(RIS_ROLES))) delete item[role]
      for (const [tag, role] of Object.entries(RIS_ROLES)) {
        for (const name of all(rec[tag])) ((item[role] ??= []) as CslName[]).push(risName(name))
      }
      const da = first(rec.DA) ?? first(rec.Y1)
      const date = da ? risDate(da) : ''
      const py = first(rec.PY)
      if (date) item.issued = toCslDate(date)
      else if (py && looseDate(py)) item.issued = toCslDate(looseDate(py))
      const y2 = first(rec.Y2)
      if (y2 && risDate(y2)) item.accessed = toCslDate(risDate(y2))
      const license = first(rec.CR)
      if (license) item.custom = { license }
      const notes = all(rec.N1)
      const named = notes.filter((n) => n.startsWith(CONTRIBUTOR_NOTE))
      if (named.length) {
        item.contributor = named.map((n) => risName(n.slice(CONTRIBUTOR_NOTE.length)))
        const rest = notes.filter((n) => !n.startsWith(CONTRIBUTOR_NOTE))
        if (rest.length) item.note = rest.join('\n')
        else delete item.note
      }
      return { label, item: { ...item, id: first(rec.ID) || `record-${i + 1}` } }
    } catch (error) {
      return { label, error: oneLine((error as Error).message) }
    }
  })
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
function all(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

function risName(name: string): CslName {
  const parts = name.split(',').map((p) => p.trim())
  if (parts.length >= 2 && parts[0]) {
    const n: CslName = { family: parts[0], given: parts[1] }
    if (parts[2]) n.suffix = parts[2]
    return n
  }
  return { literal: name.trim() }
}

/** "1918/09/15/other" as EDTF; "other" holds Parallax's exact EDTF when parts cannot say it. */
export function risDate(value: string): string {
  const parts = value.split('/').map((p) => p.trim())
  const [y, m, d] = parts
  const other = parts.slice(3).join('/')
  if (other && isEdtf(other)) return other
  if (!y) return looseDate(value)
  const iso = [y, m, d]
    .filter(Boolean)
    .map((p, i) => (i === 0 ? p : p.padStart(2, '0')))
    .join('-')
  return looseDate(iso) || looseDate(value)
}

function toRisDate(edtf: string): string {
  const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(edtf)
  if (m) return `${m[1]}/${m[2] ?? ''}/${m[3] ?? ''}/`
  const start = /^(-?\d{4})(?:-(0[1-9]|1[0-2]))?(?:-(\d{2}))?/.exec(edtf)
  return start ? `${start[1]}/${start[2] ?? ''}/${start[3] ?? ''}/${edtf}` : `///${edtf}`
}

/** RIS as Zotero reads it: one tag a line (never wrapped), creators by role, EDTF kept in DA. */
export async function writeRis(items: CslItem[]): Promise<string> {
  const { plugins } = await citationJs()
  const records = plugins.output.format('ris', items, { format: 'object' }) as Record<
    string,
    string | string[]
  >[]
  const lines: string[] = []
  records.forEach((rec, i) => {
    const item = items[i]
    for (const tag of ['AU', 'A1', 'A2', 'A3', 'A4', 'ED', 'DA', 'PY', 'Y1', 'Y2', 'ID'])
      delete rec[tag]
    for (const [tag, role] of [
      ['AU', 'author'],
      ['A2', 'editor'],
      ['A3', 'collection-editor'],
      ['A4', 'translator']
    ] as const) {
      const names = (item[role] as CslName[] | undefined) ?? []
      if (names.length) rec[tag] = names.map(nameString)
    }
    // RIS has no tag for other contributors: a note names them, and Parallax reads it back.
    const contributors = (item.contributor as CslName[] | undefined) ?? []
    if (contributors.length)
      rec.N1 = [...all(rec.N1), ...contributors.map((n) => `${CONTRIBUTOR_NOTE}${nameString(n)}`)]
    const issued = fromCslDate(item.issued)
    if (issued) {
      rec.DA = toRisDate(issued)
      const year = /^-?\d{4}/.exec(issued)?.[0]
      if (year) rec.PY = year
    }
    const accessed = fromCslDate(item.accessed)
    if (accessed) rec.Y2 = toRisDate(accessed)
    const license = (item.custom as { license?: string } | undefined)?.license
    if (license) rec.CR = license
    rec.ID = typeof item['citation-key'] === 'string' ? item['citation-key'] : item.id
    lines.push(`TY  - ${first(rec.TY) ?? 'GEN'}`)
    for (const [tag, value] of Object.entries(rec)) {
      if (tag === 'TY') continue
      for (const v of all(value as string | string[])) {
        const flat = String(v)
          .replace(/\s*\n\s*/g, ' ')
          .trim()
        if (flat) lines.push(`${tag}  - ${flat}`)
      }
    }
    lines.push('ER  - ', '')
  })
  return lines.join('\r\n')
}
