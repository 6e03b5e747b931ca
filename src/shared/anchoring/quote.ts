// TextQuoteSelector helpers: the exact passage with up to 32 characters of context, and finding it again.

import type { TextQuote } from '../model'

/** Characters of context kept on each side of a quote, as Hypothesis does. */
export const CONTEXT_LENGTH = 32

/** The quote selector of [start, end) in `text`. */
export function quoteAt(text: string, start: number, end: number): TextQuote {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: text.slice(end, end + CONTEXT_LENGTH)
  }
}

/** Every start offset of `needle` in `text` (overlapping matches included). */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = []
  if (needle === '') return out
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i)
  return out
}

/** Length of the common ending of two strings. */
export function commonSuffixLength(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

/** Length of the common beginning of two strings. */
export function commonPrefixLength(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

/**
 * How well the text around [start, end) matches a quote's stored context, from 0 to 1:
 * the share of prefix characters that match going backwards and suffix characters going forwards.
 */
export function contextScore(text: string, start: number, end: number, quote: TextQuote): number {
  const total = quote.prefix.length + quote.suffix.length
  if (total === 0) return 1
  const before = text.slice(Math.max(0, start - quote.prefix.length), start)
  const after = text.slice(end, end + quote.suffix.length)
  return (
    (commonSuffixLength(before, quote.prefix) + commonPrefixLength(after, quote.suffix)) / total
  )
}
