// Reads W3C Web Annotation JSON-LD into Parallax annotations and links: validation and parsing only, no database.

/**
 * Input: one Annotation, a JSON array of them, an AnnotationCollection with inline pages (`first`,
 * then each `next`), or an AnnotationPage; page items inherit the page's or collection's @context.
 * Each annotation must pass every MUST assertion of the W3C test suite (annotationMusts.test, run
 * by ./w3c-schemas/musts.ts), then what Parallax needs:
 * - each target is a SpecificResource with a TextQuoteSelector (non-empty exact) and/or a
 *   TextPositionSelector (0 ≤ start < end, code points as in the file), alone or in a selector
 *   list. A TextQuoteSelector in a `refinedBy` chain counts; a TextPositionSelector there does
 *   not. Bare IRIs, images, other selectors alone, and Choice / set targets are rejected.
 * - motivation "linking", two targets [from, to] and one "classifying" body (the relation label)
 *   make a link; anything else needs one target and is an annotation.
 * - "tagging" TextualBodies are tags ("classifying" ones too, outside links); other TextualBodies
 *   and `bodyValue` make the note (joined by blank lines); a body that is only an IRI goes into the
 *   note as a Markdown autolink "<iri>". A body without purpose takes the annotation's single
 *   motivation; of a Choice body the first item (the model's default) is used.
 * A bad item becomes one `rejected` entry with a one-line reason; only input that is not Web
 * Annotation JSON at all throws (ArchiveError INVALID_ARGUMENT).
 */

import { ArchiveError, invalid } from '../../shared/errors'
import { PARALLAX_IRI } from '../export/w3c'
import { checkAuthorName } from './authors'
import { checkTagInput } from './tags'
import { checkNote, expectTimestamp } from './validate'
import { checkAnnotationMusts } from './w3c-schemas/musts'
import type { MustFailure } from './w3c-schemas/musts'

/** One passage as the file describes it; `start` / `end` are CODE POINTS, as in the file. */
export interface ParsedTarget {
  /** The target's source IRI, as is (urn:parallax:source:ID, an http(s) URL, urn:sha256:…). */
  sourceIri: string
  /** Other names of the same source the target gives: its scope(s) and its state's cached copy. */
  alternates: string[]
  /** "" when the target has only a TextPositionSelector. */
  exact: string
  prefix: string
  suffix: string
  start?: number
  end?: number
}

interface ItemMeta {
  /** Our id, when the IRI is one of Parallax's own (urn:parallax:annotation:ID / link:ID). */
  id?: string
  iri?: string
  /** Markdown; "" when there is none. */
  note: string
  created?: string
  modified?: string
  /** Who made it: the creator's name (or nickname, or IRI) as the file gives it. */
  creator?: string
}

/** An importable annotation, or a link whose `relation` is the label written in the file. */
export type ParsedItem =
  | ({ kind: 'annotation'; target: ParsedTarget; tags: string[] } & ItemMeta)
  | ({ kind: 'link'; from: ParsedTarget; to: ParsedTarget; relation: string } & ItemMeta)

/** `index` counts entries in document order: annotations, and pages only linked to by IRI. */
export interface ParseResult {
  items: ParsedItem[]
  rejected: { index: number; id?: string; reason: string }[]
}

/** Start of the reason given for targets that are not text passages. */
export const NO_TEXT_SELECTOR =
  'target has no text selector (TextQuoteSelector or TextPositionSelector)'

type Json = Record<string, unknown>

/** Thrown while reading one item; always caught and turned into a rejection of that item. */
class Reject extends Error {}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string')
const SETS = new Set(['Choice', 'Composite', 'List', 'Independents'])

function mustReason(failures: MustFailure[]): string {
  const shown = failures.slice(0, 3).map((f) => f.message)
  const more = failures.length > 3 ? ` (and ${failures.length - 3} more)` : ''
  return `not a valid Web Annotation (W3C model MUST): ${shown.join(' ')}${more}`
}

function readQuote(s: Json): { exact: string; prefix: string; suffix: string } {
  const { exact, prefix = '', suffix = '' } = s
  if (typeof exact !== 'string' || !exact) throw new Reject('TextQuoteSelector has an empty exact')
  if (typeof prefix !== 'string' || typeof suffix !== 'string') {
    throw new Reject('TextQuoteSelector prefix and suffix must be strings')
  }
  return { exact, prefix, suffix }
}

function readPosition(s: Json): { start: number; end: number } {
  const { start, end } = s
  const whole = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0
  if (whole(start) && whole(end) && start < end) return { start, end }
  const got = `start ${JSON.stringify(start)}, end ${JSON.stringify(end)}`
  throw new Reject(`TextPositionSelector needs whole numbers 0 ≤ start < end, not ${got}`)
}

function parseTarget(t: unknown): ParsedTarget {
  if (typeof t === 'string') throw new Reject(`${NO_TEXT_SELECTOR}: it is just the IRI ${t}`)
  if (!isObject(t)) throw new Reject('target is neither an IRI nor an object')
  const kind = strings(t.type).find((x) => SETS.has(x))
  if (kind || Array.isArray(t.items)) {
    throw new Reject(`target is a ${kind ?? 'set'}, not one passage`)
  }
  if (t.source === undefined) {
    const what = `${typeof t.id === 'string' ? t.id : 'a resource'} (${strings(t.type).join('/') || 'no type'})`
    throw new Reject(`${NO_TEXT_SELECTOR}: it is ${what} with no selector`)
  }
  const sourceIri = isObject(t.source) ? t.source.id : t.source
  if (typeof sourceIri !== 'string' || !sourceIri) throw new Reject("target's source has no IRI")
  let quote: ReturnType<typeof readQuote> | undefined
  let position: ReturnType<typeof readPosition> | undefined
  let scoped: string | undefined
  const others: string[] = []
  for (const s of list(t.selector)) {
    const type = isObject(s) ? (strings(s.type)[0] ?? 'untyped selector') : 'selector given by IRI'
    if (isObject(s) && type === 'TextQuoteSelector') quote ??= readQuote(s)
    else if (isObject(s) && type === 'TextPositionSelector') position ??= readPosition(s)
    else {
      others.push(type)
      // Refinements apply inside the outer selector's result: a quote still finds its words
      // anywhere, but offsets would count from the start of a fragment we cannot locate.
      let r = isObject(s) ? list(s.refinedBy)[0] : undefined
      for (; isObject(r); r = list(r.refinedBy)[0]) {
        if (strings(r.type)[0] === 'TextQuoteSelector') quote ??= readQuote(r)
        if (strings(r.type)[0] === 'TextPositionSelector') scoped ??= type
      }
    }
  }
  if (!quote && !position) {
    if (scoped) {
      throw new Reject(
        `target's only TextPositionSelector refines a ${scoped}, so its offsets count from inside a part of the document Parallax cannot locate in plain text`
      )
    }
    const has = others.length ? `it has only ${others.join(', ')}` : 'it has no selector'
    throw new Reject(`${NO_TEXT_SELECTOR}: ${has}`)
  }
  const iris = (v: unknown): string[] =>
    list(v).flatMap((x) =>
      typeof x === 'string' ? [x] : isObject(x) && typeof x.id === 'string' ? [x.id] : []
    )
  const alternates = [
    ...iris(t.scope),
    ...list(t.state).flatMap((st) => (isObject(st) ? iris(st.cached) : []))
  ]
  return { sourceIri, alternates, exact: '', prefix: '', suffix: '', ...quote, ...position }
}

type Bodies = Record<'tags' | 'relations' | 'notes', string[]>

function readBody(raw: unknown, motivation: string | undefined, out: Bodies): void {
  // A Choice offers alternatives, of which the model makes the first the default.
  const b = isObject(raw) && strings(raw.type).includes('Choice') ? list(raw.items)[0] : raw
  if (typeof b === 'string') return void out.notes.push(`<${b}>`)
  if (!isObject(b)) throw new Reject('a body is neither an IRI nor an object')
  const declared = strings(b.purpose)
  const purposes = declared.length ? declared : motivation ? [motivation] : []
  if (typeof b.value === 'string' && b.source === undefined) {
    const value = b.value.trim()
    const role = purposes.includes('tagging')
      ? 'tags'
      : purposes.includes('classifying')
        ? 'relations'
        : 'notes'
    if (role !== 'notes' && !value) {
      throw new Reject(`a ${role === 'tags' ? 'tagging' : 'classifying'} body has an empty value`)
    }
    out[role].push(role === 'notes' ? b.value : value)
    return
  }
  const iri = isObject(b.source) ? b.source.id : (b.source ?? b.id)
  if (typeof iri !== 'string') throw new Reject('a body has neither a text value nor an IRI')
  out.notes.push(`<${iri}>`)
}

function parallaxId(iri: string | undefined, prefix: string): string | undefined {
  if (!iri?.startsWith(prefix) || iri.length === prefix.length) return undefined
  try {
    return decodeURIComponent(iri.slice(prefix.length))
  } catch {
    return undefined
  }
}

function parseItem(doc: Json): ParsedItem {
  const failures = checkAnnotationMusts(doc)
  if (failures.length) throw new Reject(mustReason(failures))
  const motivations = strings(doc.motivation)
  const linking = motivations.includes('linking')
  const targets = list(doc.target).map(parseTarget)
  const bodies: Bodies = { tags: [], relations: [], notes: [] }
  const single = motivations.length === 1 ? motivations[0] : undefined
  if (typeof doc.bodyValue === 'string') bodies.notes.push(doc.bodyValue)
  for (const b of list(doc.body)) readBody(b, single, bodies)
  const iri = typeof doc.id === 'string' ? doc.id : undefined
  const [created, modified] = [strings(doc.created)[0], strings(doc.modified)[0]]
  const creator = creatorOf(doc.creator)
  // What the file brings passes the checks the API makes when a person types it.
  const meta = checked(() => ({
    ...(iri !== undefined && { iri }),
    ...(created !== undefined && { created: expectTimestamp(created, 'created') }),
    ...(modified !== undefined && { modified: expectTimestamp(modified, 'modified') }),
    ...(creator !== undefined && { creator: checkAuthorName(creator) }),
    note: checkNote(bodies.notes.join('\n\n'))
  }))
  if (linking) {
    const id = parallaxId(iri, PARALLAX_IRI.link)
    const relations = bodies.relations.length
    if (targets.length !== 2) {
      throw new Reject(`a linking annotation needs 2 targets (from, to), not ${targets.length}`)
    }
    if (relations !== 1) {
      throw new Reject(
        relations
          ? `a linking annotation has ${relations} "classifying" bodies; a Parallax link has one relation`
          : 'a linking annotation has no "classifying" body naming the relation'
      )
    }
    if (bodies.tags.length) throw new Reject('a linking annotation has tags; links have none')
    const [from, to] = targets
    return { kind: 'link', ...(id && { id }), ...meta, from, to, relation: bodies.relations[0] }
  }
  if (targets.length !== 1) {
    throw new Reject(
      `an annotation has ${targets.length} targets; Parallax marks one passage (a link between two has motivation "linking")`
    )
  }
  const tags: string[] = []
  for (const t of [...bodies.tags, ...bodies.relations]) {
    const name = checked(() => checkTagInput({ name: t }, true).name as string)
    if (!tags.some((x) => x.toLowerCase() === name.toLowerCase())) tags.push(name)
  }
  const id = parallaxId(iri, PARALLAX_IRI.annotation)
  return { kind: 'annotation', ...(id && { id }), ...meta, target: targets[0], tags }
}

/** The creator's name: a Person's name or nickname, else the IRI naming the agent. */
function creatorOf(value: unknown): string | undefined {
  const c = list(value)[0]
  if (typeof c === 'string') return c
  if (!isObject(c)) return undefined
  return strings(c.name)[0] ?? strings(c.nickname)[0] ?? strings(c.id)[0]
}

/** Runs an API check; its refusal rejects the item (with the check's own words). */
function checked<T>(check: () => T): T {
  try {
    return check()
  } catch (error) {
    if (error instanceof ArchiveError) throw new Reject(error.message)
    throw error
  }
}

const looksLikeAnnotation = (v: unknown): boolean =>
  isObject(v) &&
  (strings(v.type).includes('Annotation') || 'target' in v || 'body' in v || 'bodyValue' in v)

/**
 * Reads parsed JSON holding Web Annotations. Throws ArchiveError INVALID_ARGUMENT when the input
 * is not Web Annotation JSON at all; each bad annotation is rejected alone, with a reason.
 */
export function parseW3C(json: unknown): ParseResult {
  const result: ParseResult = { items: [], rejected: [] }
  let index = 0
  const reject = (id: unknown, reason: string): void => {
    result.rejected.push({ index: index++, ...(typeof id === 'string' && { id }), reason })
  }
  const read = (raw: unknown, context: unknown): void => {
    if (typeof raw === 'string') {
      return reject(raw, `${raw} is only referenced by IRI, not included in the file`)
    }
    if (!isObject(raw)) return reject(raw, `${JSON.stringify(raw)} is not an annotation object`)
    // Embedded items inherit the enclosing @context, so check them as if they carried it.
    const doc =
      raw['@context'] === undefined && context !== undefined ? { '@context': context, ...raw } : raw
    try {
      result.items.push(parseItem(doc))
      index++
    } catch (e) {
      if (!(e instanceof Reject)) throw e
      reject(raw.id, e.message)
    }
  }
  const readPages = (first: unknown, context: unknown): void => {
    const seen = new Set<unknown>()
    for (let page = first; page !== undefined && !seen.has(page); page = (page as Json).next) {
      seen.add(page)
      if (!isObject(page)) return reject(page, `page ${JSON.stringify(page)} is not in the file`)
      const ctx = page['@context'] ?? context
      if (Array.isArray(page.items)) page.items.forEach((item) => read(item, ctx))
      else reject(page.id, 'AnnotationPage has no "items" list')
    }
  }
  if (Array.isArray(json)) {
    if (json.length && !json.some(looksLikeAnnotation)) {
      throw invalid('This JSON list holds no W3C Web Annotations.')
    }
    json.forEach((item) => read(item, undefined))
    return result
  }
  if (!isObject(json)) {
    throw invalid(
      `This is not W3C Web Annotation JSON-LD: ${String(JSON.stringify(json)).slice(0, 40)}.`
    )
  }
  const types = strings(json.type)
  if (types.includes('AnnotationCollection')) readPages(json.first, json['@context'])
  else if (types.includes('AnnotationPage')) readPages(json, json['@context'])
  else if (looksLikeAnnotation(json)) read(json, undefined)
  else {
    throw invalid(
      'This is not W3C Web Annotation JSON-LD: it has no "type" Annotation, AnnotationCollection or AnnotationPage.'
    )
  }
  return result
}

/** Parses JSON text, then reads it as parseW3C does; text that is not JSON throws INVALID_ARGUMENT. */
export function parseW3CJson(text: string): ParseResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw invalid(`This file is not JSON: ${(e as Error).message}.`)
  }
  return parseW3C(json)
}
