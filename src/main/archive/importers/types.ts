// What every importer returns: the text to store, the metadata the file itself carries, and where it came from.

import type { SourceMeta, SourceOrigin } from '../../../shared/model'

export interface ImportedDocument {
  /** Metadata found in the file; the title falls back to the file name. */
  meta: Partial<SourceMeta>
  /** Plain text, paragraphs separated by a blank line (normalised again before storing, unless prepared). */
  text: string
  origin: SourceOrigin
  /** Set by the import worker, whose text is then normalised already (see prepareDocument). */
  prepared?: PreparedText
}

/**
 * What the import worker works out for the write from a text it has normalised, so the archive's
 * thread does not: the text's hash (hashText) and its search passages (packPassages).
 */
export interface PreparedText {
  hash: string
  passages: Int32Array
}

/** Largest file Parallax imports, in bytes. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/** A title from a file name: no folders, no extension, underscores and dashes as spaces. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,8}$/, '')
  const spaced = base.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim()
  return spaced || 'Untitled'
}

const ISO_DATE = /\b((?:1[0-9]|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b/

/** A date the text states near its start ("date 2025-09-15", "Date: 1918-09-15", a line with only a date). */
export function guessDate(text: string): string {
  const head = text.slice(0, 400)
  const labelled =
    /\b(?:date|dated|published|publié le|datum)\s*[:\s]\s*((?:1[0-9]|20)\d{2}-\d{2}-\d{2})\b/i.exec(
      head
    )
  if (labelled) return labelled[1]
  const firstLines = head.split('\n').slice(0, 3)
  for (const line of firstLines) {
    const m = ISO_DATE.exec(line)
    if (m && line.trim().length <= 40) return m[1]
  }
  return ''
}
