// CSV export of annotations (RFC 4180, UTF-8 with BOM so spreadsheets read the accents right).

import type { AnnotationRow } from './annotation-rows'

const HEADER = [
  'annotation_id',
  'source_id',
  'source_title',
  'creators',
  'date',
  'publisher',
  'url',
  'license',
  'language',
  'paragraph',
  'start',
  'end',
  'status',
  'passage',
  'tags',
  'note',
  'links',
  'created',
  'modified'
]

/** Quotes a cell; cells that a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function csvCell(value: string | number): string {
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: readonly AnnotationRow[]): string {
  const lines = [HEADER.join(',')]
  for (const r of rows) {
    lines.push(
      [
        r.annotationId,
        r.sourceId,
        r.sourceTitle,
        r.creators,
        r.date,
        r.publisher,
        r.url,
        r.license,
        r.language,
        r.paragraph,
        r.start,
        r.end,
        r.status,
        r.passage,
        r.tags.join('; '),
        r.note,
        r.links.join('\n'),
        r.created,
        r.modified
      ]
        .map(csvCell)
        .join(',')
    )
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
