// Turns the reader's compact annotation columns back into Annotations, with the source's text.

import type { Annotation, AnnotationColumns, TextPosition } from './model'
import { paragraphNumber, paragraphSpans } from './text/paragraphs'

/**
 * The Annotations that listAnnotations({ sourceId, compact: true }) gives, from listAnnotationColumns
 * and the text of the same revision: quotes are the text between start and end unless the columns
 * carry one; paragraph numbers come from the text's paragraphs (`spans`, computed when not given).
 */
export function annotationsFromColumns(
  c: AnnotationColumns,
  text: string,
  spans: readonly TextPosition[] = paragraphSpans(text)
): Annotation[] {
  const n = c.id.length
  const orphan = new Set(c.orphans)
  const quotes = new Map(c.quotes.map((q) => [q.index, q.exact]))
  const out = new Array<Annotation>(n)
  // Annotations with the same tags share one (never changed in place) list of tag ids.
  const tagLists = new Map<string, string[]>()
  const tagIdsOf = (refs: number[]): string[] => {
    const key = refs.join(',')
    let list = tagLists.get(key)
    if (!list) tagLists.set(key, (list = refs.map((k) => c.tagIds[k])))
    return list
  }
  for (let i = 0; i < n; i++) {
    const start = c.start[i]
    const end = c.end[i]
    const isOrphan = orphan.has(i)
    out[i] = {
      id: c.id[i],
      sourceId: c.sourceId,
      start,
      end,
      exact: quotes.get(i) ?? text.slice(start, end),
      prefix: '',
      suffix: '',
      note: c.note[i],
      status: isOrphan ? 'orphan' : 'anchored',
      tagIds: tagIdsOf(c.tags[i]),
      paragraph: isOrphan ? 0 : paragraphNumber(spans, start),
      created: '',
      modified: '',
      createdBy: c.authors[c.author[i]] ?? '',
      modifiedBy: ''
    }
  }
  return out
}
