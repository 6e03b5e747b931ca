// W3C export streamed a source at a time: the same collection as exportAnnotations('w3c'), in memory bounded by one source's annotations.

import type { Annotation, AnnotationScope } from '../../shared/model'
import {
  ANNO_CONTEXT,
  annotationToW3C,
  linkToW3C,
  parallaxIri,
  type ExportSource,
  type W3CExportInput
} from '../export/w3c'
import { getAnnotation, listAnnotations } from './annotations'
import type { Db } from './db'
import { getLink, listRelations } from './links'
import { identity } from './revisions'
import { getSummary, getText } from './sources'
import { getTag, listTags } from './tags'
import { expectId, optionalRecord } from './validate'

/** Where the text goes: a file stream's write, awaited for backpressure. */
export type Write = (text: string) => void | Promise<void>

interface Scope {
  title: string
  query: AnnotationScope
  /** SQL over `a` (annotations) that the scope adds, and its parameters. */
  where: string
  params: string[]
}

function readScope(db: Db, rawScope: unknown): Scope {
  const scope = optionalRecord(rawScope, 'scope') as AnnotationScope
  const out: Scope = { title: 'Annotations', query: {}, where: '1', params: [] }
  const clauses: string[] = []
  if (scope.sourceId !== undefined) {
    out.query.sourceId = expectId(scope.sourceId, 'sourceId')
    out.title = `Annotations: ${getSummary(db, out.query.sourceId).title}`
    clauses.push('a.source_id = ?')
    out.params.push(out.query.sourceId)
  }
  if (scope.tagId !== undefined) {
    out.query.tagId = expectId(scope.tagId, 'tagId')
    out.title = `${out.title} · tag ${getTag(db, out.query.tagId).name}`
    clauses.push(
      'EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = a.id AND x.tag_id = ?)'
    )
    out.params.push(out.query.tagId)
  }
  if (clauses.length) out.where = clauses.join(' AND ')
  return out
}

/** A source as exports name it: ids, web address, current text and the hashes of its texts. */
export function exportSource(db: Db, id: string): ExportSource {
  const summary = getSummary(db, id)
  return {
    id,
    title: summary.title,
    url: summary.url,
    language: summary.language,
    text: getText(db, id),
    ...identity(db, id)
  }
}

/** Texts of the few sources in use (each link's two ends), kept in order of last use. */
class RecentSources {
  private readonly texts = new Map<string, ExportSource>()

  constructor(
    private readonly db: Db,
    private readonly size = 8
  ) {}

  get(id: string): ExportSource {
    let s = this.texts.get(id)
    if (s) this.texts.delete(id)
    else {
      s = exportSource(this.db, id)
    }
    this.texts.set(id, s)
    if (this.texts.size > this.size) this.texts.delete(this.texts.keys().next().value as string)
    return s
  }
}

/** Each item's JSON, indented to sit in the collection's items list, without its own @context. */
function itemText(item: object): string {
  const { '@context': _context, ...rest } = item as Record<string, unknown>
  return JSON.stringify(rest, null, 2).replace(/^/gm, '      ')
}

/**
 * Writes the W3C AnnotationCollection of the scope (as exportAnnotations('w3c') returns it: every
 * annotation, then every link whose two ends are in the scope) through `write`, one source's
 * annotations at a time and one link at a time. Memory holds one source's annotations and text
 * and the few texts of link ends, never the whole export. Returns how many items were written.
 */
export async function writeW3CStream(db: Db, rawScope: unknown, write: Write): Promise<number> {
  const scope = readScope(db, rawScope)
  const tags = listTags(db)
  const relationLabels = Object.fromEntries(listRelations(db).map((r) => [r.id, r.label]))
  const generator = { name: 'Parallax' }
  const inScope = (column: string): string =>
    `EXISTS (SELECT 1 FROM annotations a WHERE a.id = l.${column} AND ${scope.where})`
  const linkWhere = `${inScope('from_id')} AND ${inScope('to_id')}`
  const count = (sql: string, params: string[]): number =>
    db
      .prepare(sql)
      .pluck()
      .get(...params) as number
  const total =
    count(`SELECT count(*) FROM annotations a WHERE ${scope.where}`, scope.params) +
    count(`SELECT count(*) FROM links l WHERE ${linkWhere}`, [...scope.params, ...scope.params])

  const id = parallaxIri('collection', scope.title)
  const head = {
    '@context': ANNO_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: scope.title,
    total
  }
  if (total === 0) {
    await write(`${JSON.stringify(head, null, 2)}\n`)
    return 0
  }
  const mark = '\u0000items\u0000'
  const page = {
    id: `${id}:page:1`,
    type: 'AnnotationPage',
    partOf: id,
    startIndex: 0,
    items: [mark]
  }
  const [before, after] = JSON.stringify({ ...head, first: page }, null, 2).split(
    `      ${JSON.stringify(mark)}`
  )
  await write(before)
  let written = 0
  const item = async (text: string): Promise<void> => {
    await write(written++ === 0 ? text : `,\n${text}`)
  }
  const sourceIds = db
    .prepare(
      `SELECT DISTINCT a.source_id FROM annotations a WHERE ${scope.where} ORDER BY a.source_id`
    )
    .pluck()
    .all(...scope.params) as string[]
  const recent = new RecentSources(db)
  for (const sourceId of sourceIds) {
    const annotations = listAnnotations(db, { ...scope.query, sourceId })
    const input: W3CExportInput = {
      sources: [recent.get(sourceId)],
      tags,
      annotations,
      links: [],
      relationLabels,
      generator
    }
    for (const a of annotations) await item(itemText(annotationToW3C(a, input)))
  }
  const linkIds = db
    .prepare(`SELECT l.id FROM links l WHERE ${linkWhere} ORDER BY l.created`)
    .pluck()
    .iterate(...scope.params, ...scope.params) as IterableIterator<string>
  for (const linkId of [...linkIds]) {
    const link = getLink(db, linkId)
    const ends: Annotation[] = [getAnnotation(db, link.from), getAnnotation(db, link.to)]
    const input: W3CExportInput = {
      sources: [...new Set(ends.map((a) => a.sourceId))].map((s) => recent.get(s)),
      tags,
      annotations: ends,
      links: [link],
      relationLabels,
      generator
    }
    await item(itemText(linkToW3C(link, input)))
  }
  await write(`${after}\n`)
  return written
}
