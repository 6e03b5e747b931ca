// One flat row per annotation with its source's citation data and its links: what CSV and Markdown exports print.

import type { Annotation, Link, Relation, SourceSummary, Tag } from '../../shared/model'

export interface AnnotationRow {
  annotationId: string
  sourceId: string
  sourceTitle: string
  creators: string
  date: string
  publisher: string
  url: string
  license: string
  language: string
  /** 1-based paragraph number, 0 for an orphan. */
  paragraph: number
  start: number
  end: number
  status: Annotation['status']
  passage: string
  tags: string[]
  note: string
  /** "contradicts: “quote” (Source title ¶4)", one per link, from this annotation's side. */
  links: string[]
  created: string
  modified: string
}

export interface RowInput {
  sources: readonly SourceSummary[]
  tags: readonly Tag[]
  annotations: readonly Annotation[]
  /** Every link touching the annotations, and the annotations at their other ends. */
  links: readonly Link[]
  linkedAnnotations: readonly Annotation[]
  relations: readonly Relation[]
}

function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export function annotationRows(input: RowInput): AnnotationRow[] {
  const sources = new Map(input.sources.map((s) => [s.id, s]))
  const tags = new Map(input.tags.map((t) => [t.id, t.name]))
  const relations = new Map(input.relations.map((r) => [r.id, r.label]))
  const annotations = new Map(
    [...input.linkedAnnotations, ...input.annotations].map((a) => [a.id, a])
  )
  return input.annotations.map((a) => {
    const s = sources.get(a.sourceId)
    const links = input.links
      .filter((l) => l.from === a.id || l.to === a.id)
      .map((l) => {
        const otherId = l.from === a.id ? l.to : l.from
        const other = annotations.get(otherId)
        const label = relations.get(l.relation) ?? l.relation
        const verb = l.from === a.id ? label : `${label} (from)`
        if (!other) return `${verb}: ${otherId}`
        const where = `${sources.get(other.sourceId)?.title ?? other.sourceId}${other.paragraph ? ` ¶${other.paragraph}` : ''}`
        return `${verb}: “${shorten(other.exact)}” (${where})${l.note ? ` — ${shorten(l.note, 120)}` : ''}`
      })
    return {
      annotationId: a.id,
      sourceId: a.sourceId,
      sourceTitle: s?.title ?? '',
      creators: s ? s.creators.map((c) => c.name).join('; ') : '',
      date: s?.date ?? '',
      publisher: s?.publisher ?? '',
      url: s?.url ?? '',
      license: s?.license ?? '',
      language: s?.language ?? '',
      paragraph: a.paragraph,
      start: a.start,
      end: a.end,
      status: a.status,
      passage: a.exact,
      tags: a.tagIds.map((id) => tags.get(id) ?? id),
      note: a.note,
      links,
      created: a.created,
      modified: a.modified
    }
  })
}
