// Passages: the pieces of a text the search index holds (its paragraphs, long ones cut at a space), and their packed form.

import type { TextPosition } from '../model'
import { paragraphSpans } from './paragraphs'

/** Passages longer than this are cut at a space, so snippets and highlights stay cheap. */
export const MAX_PASSAGE = 2000

export interface Passage {
  start: number
  end: number
  /** 1-based paragraph; 0 for the title. */
  paragraph: number
}

/**
 * Cuts a text into passages: its paragraphs, with long ones split at whitespace. Passages are what
 * a query's words must share, and what search lists, so they follow the text's own paragraphs.
 */
export function passagesOf(text: string, spans = paragraphSpans(text)): Passage[] {
  const out: Passage[] = []
  spans.forEach((span, i) => {
    let start = span.start
    while (span.end - start > MAX_PASSAGE) {
      let cut = text.lastIndexOf(' ', start + MAX_PASSAGE)
      if (cut <= start + MAX_PASSAGE / 2) cut = start + MAX_PASSAGE
      // Never split a surrogate pair.
      if (/[\uD800-\uDBFF]/.test(text[cut - 1])) cut--
      out.push({ start, end: cut, paragraph: i + 1 })
      start = cut
    }
    out.push({ start, end: span.end, paragraph: i + 1 })
  })
  return out
}

/** Passages as one typed array of (start, end, paragraph) triples: cheap to send between processes. */
export function packPassages(passages: readonly Passage[]): Int32Array {
  const packed = new Int32Array(passages.length * 3)
  passages.forEach((p, i) => {
    packed[i * 3] = p.start
    packed[i * 3 + 1] = p.end
    packed[i * 3 + 2] = p.paragraph
  })
  return packed
}

/**
 * The passages of packed triples, or null unless they are passages a text of `length` units can
 * have: non-empty, in order, paragraphs numbered from 1 up by one, the pieces of one paragraph
 * meeting end to end.
 */
export function unpackPassages(packed: unknown, length: number): Passage[] | null {
  if (!(packed instanceof Int32Array) || packed.length % 3 !== 0) return null
  const out: Passage[] = []
  let last: Passage | undefined
  for (let i = 0; i < packed.length; i += 3) {
    const p = { start: packed[i], end: packed[i + 1], paragraph: packed[i + 2] }
    const fits =
      p.start < p.end &&
      p.end <= length &&
      (last
        ? (p.paragraph === last.paragraph && p.start === last.end) ||
          (p.paragraph === last.paragraph + 1 && p.start >= last.end)
        : p.paragraph === 1 && p.start >= 0)
    if (!fits) return null
    out.push(p)
    last = p
  }
  return out
}

/** The paragraph spans that passages were cut from (paragraphSpans of the same text). */
export function spansOfPassages(passages: readonly Passage[]): TextPosition[] {
  const spans: TextPosition[] = []
  for (const p of passages) {
    if (spans.length === p.paragraph) spans[spans.length - 1].end = p.end
    else spans.push({ start: p.start, end: p.end })
  }
  return spans
}
