// Re-anchoring after a text edit: by position through the diff, then by exact quote, then by fuzzy match.

import approxSearch from 'approx-string-match'
import type { TextPosition, TextQuote } from '../model'
import { diffHunks, mapPoint, mapSpan, type Hunk } from './edit-map'
import { commonPrefixLength, commonSuffixLength, contextScore, occurrences, quoteAt } from './quote'

/** Something anchored in a text: a span and the quote it had there. */
export interface Anchored extends TextPosition, TextQuote {
  id: string
}

/**
 * kept: the passage is untouched and sits where the diff puts it; moved: found again by its quote
 * (exact or nearly) somewhere the diff could not predict; orphan: not found, left for the user.
 */
export type AnchorResult =
  | {
      id: string
      status: 'kept' | 'moved'
      start: number
      end: number
      quote: TextQuote
      errors: number
    }
  | { id: string; status: 'orphan' }

/** A quote may differ from its passage by at most this share of its length to be matched fuzzily. */
const MAX_ERROR_RATE = 0.2
/** Fuzzy matches with more than half of this error budget also need their context to agree. */
const MIN_CONTEXT_SCORE = 0.5
/** Quotes shorter than this are only ever matched exactly: a fuzzy "Baku" could be anything. */
const MIN_FUZZY_LENGTH = 8
/** An edit inside a passage keeps it (stretched or shrunk) if this share of its text survives at its ends. */
const MIN_SURVIVING_SHARE = 0.5
/** Fuzzy search looks this far around the expected place before trying the whole text. */
const WINDOW = 4000
/** Whole-text fuzzy searches allowed per edit, so a huge rewrite stays fast (the rest orphan). */
const MAX_GLOBAL_SEARCHES = 200

const WORD = /[\p{L}\p{N}\p{M}]/u

/** Whether offset sits between a word character and a non-word character (or a text end). */
function atWordEdge(text: string, offset: number, side: 'start' | 'end'): boolean {
  const inside = side === 'start' ? text[offset] : text[offset - 1]
  const outside = side === 'start' ? text[offset - 1] : text[offset]
  return outside === undefined || inside === undefined || !WORD.test(outside) || !WORD.test(inside)
}

export interface QuoteMatch extends TextPosition {
  errors: number
}

/** Best exact occurrence of the quote: best context first, then nearest to the hint. */
export function findExact(text: string, quote: TextQuote, hint: number): QuoteMatch | null {
  let best: { start: number; score: number; distance: number } | null = null
  for (const start of occurrences(text, quote.exact)) {
    const score = contextScore(text, start, start + quote.exact.length, quote)
    const distance = Math.abs(start - hint)
    if (!best || score > best.score || (score === best.score && distance < best.distance)) {
      best = { start, score, distance }
    }
  }
  return best ? { start: best.start, end: best.start + quote.exact.length, errors: 0 } : null
}

/** Best approximate match of the quote within [from, to) of the text, if close enough. */
function findFuzzyIn(
  text: string,
  quote: TextQuote,
  from: number,
  to: number,
  hint: number
): QuoteMatch | null {
  const maxErrors = Math.floor(quote.exact.length * MAX_ERROR_RATE)
  if (quote.exact.length < MIN_FUZZY_LENGTH || maxErrors < 1) return null
  const region = text.slice(from, to)
  let best: (QuoteMatch & { rank: number }) | null = null
  for (const m of approxSearch(region, quote.exact, maxErrors)) {
    const start = from + m.start
    const end = from + m.end
    const ctx = contextScore(text, start, end, quote)
    if (m.errors > maxErrors / 2 && ctx < MIN_CONTEXT_SCORE) continue
    // A passage that began and ended on word edges must match on word edges, not cut a word.
    const quoteStartsWord =
      quote.prefix === '' || !WORD.test(quote.prefix.at(-1) ?? '') || !WORD.test(quote.exact[0])
    const quoteEndsWord =
      quote.suffix === '' || !WORD.test(quote.suffix[0]) || !WORD.test(quote.exact.at(-1) ?? '')
    if (quoteStartsWord && !atWordEdge(text, start, 'start')) continue
    if (quoteEndsWord && !atWordEdge(text, end, 'end')) continue
    // Fewer errors first, then better context, then nearer to where the passage was.
    const rank = m.errors * 1000 - ctx * 100 + Math.min(Math.abs(start - hint) / text.length, 1)
    if (!best || rank < best.rank) best = { start, end, errors: m.errors, rank }
  }
  return best ? { start: best.start, end: best.end, errors: best.errors } : null
}

/**
 * Finds a quote in a text: exact match (best context, nearest the hint), else a fuzzy match near
 * the hint, else (if `global`) anywhere. Returns null rather than guess.
 */
export function findQuote(
  text: string,
  quote: TextQuote,
  hint = 0,
  global = true
): QuoteMatch | null {
  if (quote.exact === '') return null
  const exact = findExact(text, quote, hint)
  if (exact) return exact
  const pad = Math.max(WINDOW, quote.exact.length * 4)
  const from = Math.max(0, hint - pad)
  const to = Math.min(text.length, hint + quote.exact.length + pad)
  const near = findFuzzyIn(text, quote, from, to, hint)
  if (near || !global || (from === 0 && to === text.length)) return near
  return findFuzzyIn(text, quote, 0, text.length, hint)
}

/** Common beginning of two strings, cut back so it does not end inside a word ("1,130 m" -> "1,130 "). */
function wholeWordPrefix(a: string, b: string): number {
  let n = commonPrefixLength(a, b)
  const cut = n < a.length && n < b.length && (WORD.test(a[n]) || WORD.test(b[n]))
  if (cut) while (n > 0 && WORD.test(a[n - 1])) n--
  return n
}

/** Common ending of two strings, cut back so it does not start inside a word. */
function wholeWordSuffix(a: string, b: string): number {
  let n = commonSuffixLength(a, b)
  const before = (s: string): string => s[s.length - 1 - n] ?? ''
  const cut = n < a.length && n < b.length && (WORD.test(before(a)) || WORD.test(before(b)))
  if (cut) while (n > 0 && WORD.test(a[a.length - n])) n--
  return n
}

/** The span an edit inside a passage leaves, if its two ends survive and enough of its text does. */
function stretched(hunks: readonly Hunk[], newText: string, item: Anchored): TextPosition | null {
  const start = mapPoint(hunks, item.start, 'start')
  const end = mapPoint(hunks, item.end, 'end')
  if (start === null || end === null || end <= start) return null
  const now = newText.slice(start, end)
  if (now.trim() === '') return null
  const survived = Math.min(
    item.exact.length,
    wholeWordPrefix(now, item.exact) + wholeWordSuffix(now, item.exact)
  )
  return survived / item.exact.length >= MIN_SURVIVING_SHARE ? { start, end } : null
}

/**
 * Re-anchors every item from `oldText` onto `newText`: kept where the diff leaves the passage
 * untouched; stretched when an edit falls inside it but its ends and most of its text survive;
 * else found again by exact quote (best context, nearest), else by fuzzy match on word edges;
 * else orphaned.
 */
export function reanchor(
  oldText: string,
  newText: string,
  items: readonly Anchored[]
): AnchorResult[] {
  const hunks = diffHunks(oldText, newText)
  let globalSearches = 0
  return items.map((item): AnchorResult => {
    const mapped = mapSpan(hunks, item.start, item.end)
    if (mapped && newText.slice(mapped.start, mapped.end) === item.exact) {
      return {
        id: item.id,
        status: 'kept',
        ...mapped,
        quote: quoteAt(newText, mapped.start, mapped.end),
        errors: 0
      }
    }
    const moved = (span: TextPosition, errors: number): AnchorResult => ({
      id: item.id,
      status: 'moved',
      ...span,
      quote: quoteAt(newText, span.start, span.end),
      errors
    })
    const inside = stretched(hunks, newText, item)
    if (inside) return moved(inside, -1)
    // Where the passage would be if the edit had left it alone.
    const hint = mapPoint(hunks, item.start, 'start') ?? Math.min(item.start, newText.length)
    const global = globalSearches < MAX_GLOBAL_SEARCHES
    const found = findQuote(newText, item, hint, global)
    if (global) globalSearches++
    return found ? moved(found, found.errors) : { id: item.id, status: 'orphan' }
  })
}
