// W3C Web Annotation (JSON-LD) export of annotations, links and collections: pure functions, no database.

/**
 * Mapping (https://www.w3.org/TR/annotation-model/):
 * - Every annotation: "@context" http://www.w3.org/ns/anno.jsonld, "id"
 *   urn:parallax:annotation:<ID>, "type" Annotation, "created" / "modified" as xsd:dateTime with
 *   timezone, "creator" a Person named as the member who made it, "generator" an Agent of type
 *   Software when the input names one.
 * - Target: a SpecificResource whose "source" is the source's web address, or else
 *   urn:sha256:<hash of the text as imported>; its "scope" urn:parallax:source:<SOURCE ID> (and
 *   that hash); its "state" a TimeState whose "cached" is urn:sha256:<hash of the current text>,
 *   the revision the positions count in. Two alternative selectors: TextQuoteSelector (exact, and prefix / suffix when not empty) and
 *   TextPositionSelector (start, end) in Unicode CODE POINTS of the current text (the archive
 *   stores UTF-16 code units). An orphan has no valid position, so it gets the quote only.
 * - Bodies: one TextualBody per tag (purpose "tagging", value the tag name, in codebook order),
 *   then the note if not blank (purpose "commenting", format text/markdown). Motivation is
 *   "tagging" with tags, else "commenting" with a note, else "highlighting" with no body.
 * - A link: id urn:parallax:link:<ID>, motivation "linking", two targets (the passages of its two
 *   annotations, built as above) in the order [from, to], which is how direction survives; a
 *   TextualBody with purpose "classifying" whose value is the relation's label, then the note
 *   as a "commenting" body if any.
 * - A collection: an AnnotationCollection (id urn:parallax:collection:<label>, label, total) with
 *   one inline AnnotationPage holding every annotation then every link; items inherit the
 *   collection's @context, so they do not repeat it.
 * Callers treat the input as read-only during an export: lookups are cached per input object.
 */

import { BUILTIN_RELATIONS } from '../../shared/model'
import type { Annotation, Link } from '../../shared/model'
import { invalid } from '../../shared/errors'
import { CodePointOffsets } from '../../shared/text/code-points'

/** Everything an export needs; `sources` carry their current text for offset conversion. */
export interface W3CExportInput {
  sources: ExportSource[]
  tags: { id: string; name: string }[]
  /** Anchored ones get both selectors; orphans only the TextQuoteSelector. */
  annotations: Annotation[]
  /** `from` / `to` are annotation ids, which must be in `annotations`. */
  links: Link[]
  /** Relation id → label ("same-event" → "same event as"); built-in labels are the fallback. */
  relationLabels: Record<string, string>
  generator?: { name: string; homepage?: string }
}

/**
 * A source as exports name it. Besides the archive's own id, two identities other archives and
 * tools can match: its web address, and the SHA-256 of the text as first imported (the same in
 * every archive that imported the same file). The revision the positions count in is named by its
 * hash, with its date.
 */
export interface ExportSource {
  id: string
  title: string
  url: string
  language: string
  /** The current text, whose code points the positions count. */
  text: string
  /** SHA-256 (hex) of revision 1, the text as imported, and of the current revision. */
  originalHash: string
  currentHash: string
  /** When the current revision was made (ISO). */
  revised: string
}

/** The content identity of a text: urn:sha256:<hex>. */
export function contentIri(hash: string): string {
  return `urn:sha256:${hash}`
}

/** The JSON-LD context of the Web Annotation vocabulary. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** IRI prefixes of Parallax records; the id after the prefix is URI-encoded. */
export const PARALLAX_IRI = {
  annotation: 'urn:parallax:annotation:',
  link: 'urn:parallax:link:',
  source: 'urn:parallax:source:',
  collection: 'urn:parallax:collection:'
} as const

/** The IRI of a Parallax record, e.g. parallaxIri('source', 'K7M2QX9P'). */
export function parallaxIri(kind: keyof typeof PARALLAX_IRI, id: string): string {
  return PARALLAX_IRI[kind] + encodeURIComponent(id)
}

interface Lookups {
  sources: Map<string, ExportSource>
  offsets: Map<string, CodePointOffsets>
  tags: Map<string, string>
  annotations: Map<string, Annotation>
}

const cache = new WeakMap<W3CExportInput, Lookups>()

function lookups(input: W3CExportInput): Lookups {
  let l = cache.get(input)
  if (!l) {
    l = {
      sources: new Map(input.sources.map((s) => [s.id, s])),
      offsets: new Map(),
      tags: new Map(input.tags.map((t) => [t.id, t.name])),
      annotations: new Map(input.annotations.map((a) => [a.id, a]))
    }
    cache.set(input, l)
  }
  return l
}

// One O(n) scan per source, then O(log n) per offset: 10,000 annotations on a 1 MB text stay fast.
function offsetsOf(l: Lookups, a: Annotation): CodePointOffsets {
  let o = l.offsets.get(a.sourceId)
  if (!o) {
    const text = sourceOf(l, a).text
    o = new CodePointOffsets(text)
    l.offsets.set(a.sourceId, o)
  }
  return o
}

/** xsd:dateTime with timezone; stored timestamps already are, anything else is normalised. */
function dateTime(value: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return value
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

function common(
  id: string,
  motivation: string,
  record: { created: string; modified: string; createdBy: string },
  input: W3CExportInput
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@context': ANNO_CONTEXT, id, type: 'Annotation' }
  out.motivation = motivation
  const created = dateTime(record.created)
  const modified = dateTime(record.modified)
  if (created) out.created = created
  if (modified) out.modified = modified
  if (record.createdBy) out.creator = { type: 'Person', name: record.createdBy }
  if (input.generator) {
    const { name, homepage } = input.generator
    out.generator = homepage ? { type: 'Software', name, homepage } : { type: 'Software', name }
  }
  return out
}

function sourceOf(l: Lookups, a: Annotation): ExportSource {
  const source = l.sources.get(a.sourceId)
  if (!source) throw invalid(`Source ${a.sourceId} of annotation ${a.id} is not in the export.`)
  return source
}

/**
 * Where a passage is: the source by its web address when it has one, else by the hash of its
 * imported text; the archive's own id and that hash as the scope, so another archive holding the
 * same text can find it; the revision the positions count in as a TimeState (its hash, its date).
 */
function targetSource(s: ExportSource): Record<string, unknown> {
  const original = contentIri(s.originalHash)
  const web = /^https?:\/\//i.test(s.url)
  return {
    source: web ? s.url : original,
    scope: [parallaxIri('source', s.id), ...(web ? [original] : [])],
    state: { type: 'TimeState', cached: contentIri(s.currentHash), sourceDate: dateTime(s.revised) }
  }
}

function passage(a: Annotation, l: Lookups): Record<string, unknown> {
  const quote: Record<string, unknown> = { type: 'TextQuoteSelector', exact: a.exact }
  if (a.prefix) quote.prefix = a.prefix
  if (a.suffix) quote.suffix = a.suffix
  const selector: Record<string, unknown>[] = [quote]
  if (a.status === 'anchored') {
    const o = offsetsOf(l, a)
    selector.push({
      type: 'TextPositionSelector',
      start: o.toCodePoint(a.start),
      end: o.toCodePoint(a.end)
    })
  }
  return { type: 'SpecificResource', ...targetSource(sourceOf(l, a)), selector }
}

function noteBody(note: string): Record<string, unknown>[] {
  if (!note.trim()) return []
  return [{ type: 'TextualBody', purpose: 'commenting', value: note, format: 'text/markdown' }]
}

/** One annotation as a W3C Web Annotation (with its own @context). */
export function annotationToW3C(a: Annotation, input: W3CExportInput): object {
  const l = lookups(input)
  const tags = a.tagIds.map((id) => {
    const name = l.tags.get(id)
    if (name === undefined) throw invalid(`Tag ${id} of annotation ${a.id} is not in the export.`)
    return { type: 'TextualBody', purpose: 'tagging', value: name }
  })
  const bodies = [...tags, ...noteBody(a.note)]
  const motivation = tags.length ? 'tagging' : bodies.length ? 'commenting' : 'highlighting'
  const out = common(parallaxIri('annotation', a.id), motivation, a, input)
  if (bodies.length) out.body = bodies
  out.target = passage(a, l)
  return out
}

/** One link as a "linking" Web Annotation whose targets are [from, to]. */
export function linkToW3C(link: Link, input: W3CExportInput): object {
  const l = lookups(input)
  const end = (id: string): Annotation => {
    const a = l.annotations.get(id)
    if (!a) throw invalid(`Annotation ${id}, an end of link ${link.id}, is not in the export.`)
    return a
  }
  const label =
    input.relationLabels[link.relation] ??
    BUILTIN_RELATIONS.find((r) => r.id === link.relation)?.label
  if (label === undefined) throw invalid(`Relation ${link.relation} has no label in the export.`)
  const out = common(parallaxIri('link', link.id), 'linking', link, input)
  out.body = [{ type: 'TextualBody', purpose: 'classifying', value: label }, ...noteBody(link.note)]
  out.target = [passage(end(link.from), l), passage(end(link.to), l)]
  return out
}

/**
 * An AnnotationCollection of every annotation and then every link of the input, on one inline
 * AnnotationPage; an empty collection has no page.
 */
export function exportCollection(input: W3CExportInput, label: string): object {
  const items = [
    ...input.annotations.map((a) => annotationToW3C(a, input)),
    ...input.links.map((k) => linkToW3C(k, input))
  ].map((item) => {
    // Items inherit the collection's context (as in the model's examples), so drop their own.
    const { '@context': _context, ...rest } = item as Record<string, unknown>
    return rest
  })
  const id = parallaxIri('collection', label)
  const collection: Record<string, unknown> = {
    '@context': ANNO_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label,
    total: items.length
  }
  if (items.length) {
    collection.first = {
      id: `${id}:page:1`,
      type: 'AnnotationPage',
      partOf: id,
      startIndex: 0,
      items
    }
  }
  return collection
}
