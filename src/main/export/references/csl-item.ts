// A source's metadata as a CSL-JSON item and back: kinds and types, creators with their roles, dates with their precision.

import type { Creator, SourceKind, SourceMeta } from '../../../shared/model'
import { fromCslDate, toCslDate } from './dates'

/** A CSL-JSON item (fields as in the CSL 1.0.2 schema). */
export type CslItem = Record<string, unknown> & { id: string; type: string }

/** What the mapping reads of a source: its metadata and the reference data kept beside it. */
export interface ReferenceSource extends Omit<SourceMeta, 'description'> {
  id: string
  description?: string
  /** CSL-JSON fields Parallax's own metadata does not hold (sources.csl). */
  reference?: Record<string, unknown>
}

/** The CSL type each kind is cited as, when the reference data names no more precise one. */
const KIND_TYPE: Readonly<Record<SourceKind, string>> = {
  article: 'article-newspaper',
  encyclopedia: 'entry-encyclopedia',
  book: 'book',
  letter: 'personal_communication',
  report: 'report',
  other: 'document'
}

/** The kind a CSL type belongs to. */
export function kindOfType(type: string): SourceKind {
  if (
    type.startsWith('article') ||
    ['periodical', 'post', 'post-weblog', 'review', 'review-book'].includes(type)
  )
    return 'article'
  if (type.startsWith('entry')) return 'encyclopedia'
  if (['book', 'chapter', 'classic', 'collection', 'pamphlet'].includes(type)) return 'book'
  if (['personal_communication', 'letter', 'interview'].includes(type)) return 'letter'
  if (['report', 'thesis', 'standard'].includes(type)) return 'report'
  return 'other'
}

/** Roles Parallax keeps as such; every other CSL name role is a contributor here. */
const OWN_ROLES = ['author', 'editor', 'translator'] as const

/** CSL name variables (CSL 1.0.2). */
export const NAME_ROLES = [
  'author',
  'editor',
  'translator',
  'contributor',
  'chair',
  'collection-editor',
  'compiler',
  'composer',
  'container-author',
  'curator',
  'director',
  'editorial-director',
  'executive-producer',
  'guest',
  'host',
  'illustrator',
  'interviewer',
  'narrator',
  'organizer',
  'original-author',
  'performer',
  'producer',
  'recipient',
  'reviewed-author',
  'script-writer',
  'series-creator'
] as const

/** A CSL name. */
export interface CslName {
  family?: string
  given?: string
  literal?: string
  suffix?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
  [key: string]: unknown
}

/** A CSL name as Parallax writes names: "Family, Given" (", Suffix"), or the literal name. */
export function nameString(n: CslName): string {
  if (n.literal) return String(n.literal).trim()
  const family = [n['non-dropping-particle'], n.family].filter(Boolean).join(' ').trim()
  const given = [n.given, n['dropping-particle']].filter(Boolean).join(' ').trim()
  if (!family) return given
  const suffix = n.suffix ? `, ${n.suffix}` : ''
  return given ? `${family}, ${given}${suffix}` : family
}

/** A Parallax name as a CSL name ("Family, Given" or "Family, Given, Suffix"; else a literal). */
export function cslName(name: string): CslName {
  const parts = name.split(',').map((p) => p.trim())
  if (parts.length >= 2 && parts[0] && parts[1]) {
    const out: CslName = { family: parts[0], given: parts[1] }
    if (parts[2]) out.suffix = parts.slice(2).join(', ')
    return out
  }
  return { literal: name.trim() }
}

/** The fields a kind's publisher goes into: newspapers and encyclopedias are containers. */
function publisherIsContainer(kind: SourceKind): boolean {
  return kind === 'article' || kind === 'encyclopedia'
}

/**
 * A source as a CSL-JSON item. The reference data fills what Parallax's fields do not hold and
 * gives back the original name objects (particles, suffixes) of creators still listed; Parallax's
 * own fields win where both speak. `forProcessor` leaves out what only a file export needs.
 */
export function toCslItem(source: ReferenceSource, forProcessor = false): CslItem {
  const ref = source.reference ?? {}
  const refType = typeof ref.type === 'string' ? ref.type : ''
  const type = refType && kindOfType(refType) === source.kind ? refType : KIND_TYPE[source.kind]
  const item: CslItem = { ...stripOwn(ref), id: source.id, type, title: source.title }
  for (const role of NAME_ROLES) delete item[role]
  Object.assign(item, creatorsToCsl(source.creators, ref))
  const container = publisherIsContainer(source.kind) && !ref['container-title']
  if (source.publisher) item[container ? 'container-title' : 'publisher'] = source.publisher
  const issued = toCslDate(source.date, !forProcessor)
  if (issued) item.issued = issued
  const accessed = toCslDate(source.accessed, !forProcessor)
  if (accessed) item.accessed = accessed
  if (source.url) item.URL = source.url
  if (source.language) item.language = source.language
  if (source.description) item.abstract = source.description
  const custom = { ...(isRecord(ref.custom) ? ref.custom : {}) }
  if (source.license) custom.license = source.license
  else delete custom.license
  if (!forProcessor && Object.keys(custom).length) item.custom = custom
  else delete item.custom
  return item
}

// Fields the source's own metadata decides: the reference data's copies never override them.
function stripOwn(ref: Record<string, unknown>): Record<string, unknown> {
  const out = { ...ref }
  for (const key of ['id', 'type', 'title', 'issued', 'accessed', 'URL', 'language', 'abstract'])
    delete out[key]
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function namesOf(ref: Record<string, unknown>, role: string): CslName[] {
  const list = ref[role]
  return Array.isArray(list) ? (list.filter(isRecord) as CslName[]) : []
}

// Creators by CSL role: author, editor and translator as listed; a contributor goes back to the
// role it had in the reference data (recipient, interviewer …) when that still names it.
function creatorsToCsl(
  creators: Creator[],
  ref: Record<string, unknown>
): Record<string, CslName[]> {
  const out: Record<string, CslName[]> = {}
  const push = (role: string, name: CslName): void => {
    ;(out[role] ??= []).push(name)
  }
  for (const c of creators) {
    if (c.role !== 'contributor') {
      push(c.role, namesOf(ref, c.role).find((n) => nameString(n) === c.name) ?? cslName(c.name))
      continue
    }
    const other = NAME_ROLES.find(
      (r) =>
        !(OWN_ROLES as readonly string[]).includes(r) &&
        namesOf(ref, r).some((n) => nameString(n) === c.name)
    )
    const role = other ?? 'contributor'
    push(role, namesOf(ref, role).find((n) => nameString(n) === c.name) ?? cslName(c.name))
  }
  return out
}

/** What a CSL item gives a source: its metadata, the reference data to keep, and what was dropped. */
export interface FromCsl {
  meta: Partial<SourceMeta> & { title: string }
  reference: Record<string, unknown>
  /** Things left out, each a short phrase ("the date “Spring 1918?”"). */
  dropped: string[]
}

/**
 * A CSL item as a source's metadata. Creators keep their roles (other CSL roles become
 * contributors, their role kept in the reference data); dates keep their precision as EDTF.
 * `language` is given the raw language field and returns a BCP 47 tag or ''.
 */
export function fromCslItem(item: CslItem, language: (raw: string) => string): FromCsl {
  const dropped: string[] = []
  const type = String(item.type)
  const kind = kindOfType(type)
  const reference: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(item)) {
    if (
      ['id', 'title', 'issued', 'accessed', 'URL', 'language', 'abstract', '_graph'].includes(key)
    )
      continue
    if (key === 'citation-key' || key.startsWith('_')) continue
    reference[key] = value
  }
  const creators: Creator[] = []
  for (const role of NAME_ROLES) {
    for (const n of namesOf(item, role)) {
      const name = nameString(n)
      if (!name) continue
      const own = (OWN_ROLES as readonly string[]).includes(role)
      creators.push({ name, role: own ? (role as Creator['role']) : 'contributor' })
    }
  }
  let publisher = typeof item.publisher === 'string' ? item.publisher : ''
  const containerTitle = typeof item['container-title'] === 'string' ? item['container-title'] : ''
  if (publisherIsContainer(kind) && containerTitle && !publisher) {
    // Parallax's publisher of a newspaper or encyclopedia is its container; kept there on export.
    publisher = containerTitle
    delete reference['container-title']
  } else if (publisher) delete reference.publisher
  const date = fromCslDate(item.issued)
  if (!date && item.issued) dropped.push(`the date ${JSON.stringify(dateText(item.issued))}`)
  const accessed = fromCslDate(item.accessed)
  const rawLanguage = typeof item.language === 'string' ? item.language : ''
  const lang = rawLanguage ? language(rawLanguage) : ''
  if (rawLanguage && !lang) dropped.push(`the language “${rawLanguage}”`)
  const custom = isRecord(item.custom) ? { ...item.custom } : {}
  const license = typeof custom.license === 'string' ? custom.license : ''
  delete custom.license
  if (Object.keys(custom).length) reference.custom = custom
  else delete reference.custom
  const meta: FromCsl['meta'] = {
    title: typeof item.title === 'string' ? item.title.trim() : '',
    creators,
    publisher,
    date,
    accessed,
    language: lang,
    kind,
    url: typeof item.URL === 'string' ? item.URL.trim() : '',
    license,
    description: typeof item.abstract === 'string' ? item.abstract.trim() : ''
  }
  // The reference keeps only name lists of roles Parallax cannot hold and originals of the others.
  return { meta, reference, dropped }
}

function dateText(date: unknown): string {
  if (!isRecord(date)) return String(date)
  if (typeof date.literal === 'string') return date.literal
  if (typeof date.raw === 'string') return date.raw
  return JSON.stringify(date['date-parts'] ?? date)
}
