// Paragraph structure of stored text: blocks separated by blank lines, with offsets for locators and rendering.

import type { TextPosition } from '../model'

const BLANK_LINE = /\n[ \t]*\n\s*/g

/** The paragraphs of a text as [start, end) spans, in order; empty text has none. */
export function paragraphSpans(text: string): TextPosition[] {
  // One line (a search hit's passage, a title) is one paragraph, found without the expression.
  if (!text.includes('\n')) return text === '' ? [] : [{ start: 0, end: text.length }]
  const spans: TextPosition[] = []
  let start = 0
  BLANK_LINE.lastIndex = 0
  for (let m = BLANK_LINE.exec(text); m; m = BLANK_LINE.exec(text)) {
    if (m.index > start) spans.push({ start, end: m.index })
    start = m.index + m[0].length
  }
  if (start < text.length) spans.push({ start, end: text.length })
  return spans
}

/** 1-based number of the paragraph containing `offset` (or the next one, if it falls between). */
export function paragraphNumber(spans: readonly TextPosition[], offset: number): number {
  let lo = 0
  let hi = spans.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (spans[mid].end <= offset) lo = mid + 1
    else hi = mid - 1
  }
  return Math.min(lo, Math.max(spans.length - 1, 0)) + 1
}

// C0/C1 control characters other than tab and newline never belong in a text (and search uses
// U+0001/U+0002 as match markers).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u0080-\u009F]/g

/**
 * Normalises text for storage: NFC, "\n" line endings, no BOM, no control characters other than
 * tab and newline. Nothing else changes.
 */
export function normalizeText(text: string): string {
  const cleaned = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
  // Latin text (below U+0300) with general punctuation is NFC already: skip the copy normalize() makes.
  return NEEDS_NFC.test(cleaned) ? cleaned.normalize('NFC') : cleaned
}

// Anything outside Basic Latin to IPA (U+0000-U+02FF, where no character changes under NFC) and
// general punctuation (U+2002-U+206F; U+2000 and U+2001 do change) goes through normalize().
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
const NEEDS_NFC = /[^\u0000-\u02ff\u2002-\u206f]/
