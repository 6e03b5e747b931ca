// Plain-text import: decoded bytes as they are; the title is a short first line or the file name.

import { decodeText } from './decode'
import { guessDate, titleFromFileName, type ImportedDocument } from './types'

/** A first line that reads as a heading: short, followed by a blank line, not a sentence. */
function titleLine(text: string): string | null {
  const m = /^\s*([^\n]{1,150})\n[ \t]*\n/.exec(text)
  if (!m) return null
  const line = m[1].trim()
  if (/[.,;:]$/.test(line) || /^(date|dated)\b/i.test(line) || line.split(/\s+/).length > 20)
    return null
  return line
}

export function importText(bytes: Uint8Array, name: string): ImportedDocument {
  const { text, encoding } = decodeText(bytes, name)
  return {
    text,
    meta: { title: titleLine(text) ?? titleFromFileName(name), date: guessDate(text) },
    origin: { fileName: name, format: 'text', encoding }
  }
}
