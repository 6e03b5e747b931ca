// Converts text offsets between UTF-16 code units (JS strings, the database) and Unicode code points (W3C selectors).

import { invalid } from '../errors'

/*
 * Rules shared by every function here:
 * - A character outside the BMP (a valid surrogate pair) is 2 UTF-16 units and 1 code point.
 *   A lone surrogate counts as 1 of each, as JavaScript's string iterator does.
 * - Offsets out of range (negative, past the end, not an integer) THROW an INVALID_ARGUMENT
 *   ArchiveError: an offset outside the text is a bug or a bad import, never something to clamp
 *   silently onto other words.
 * - A UTF-16 offset that falls between the two halves of a pair is rounded DOWN to the start of
 *   the pair, so a span never covers half a character.
 */

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

function checkOffset(offset: number, length: number, unit: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > length) {
    throw invalid(`Offset ${offset} is outside the text (0 to ${length} ${unit}).`, {
      offset,
      length
    })
  }
}

/** UTF-16 indexes where a valid surrogate pair starts, ascending. */
function pairStarts(text: string): number[] {
  const starts: number[] = []
  for (let i = 0; i < text.length - 1; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      starts.push(i)
      i++
    }
  }
  return starts
}

/** Number of entries of a sorted array that are < `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Converts offsets in one text both ways in O(log n) after an O(n) scan: use it when converting
 * many offsets of the same text (an export of thousands of annotations).
 */
export class CodePointOffsets {
  /** Length of the text in code points. */
  readonly length: number
  private readonly utf16Length: number
  private readonly pairs: number[]
  /** Code point index of each pair, ascending (pairs[k] - k). */
  private readonly pairCodePoints: number[]

  constructor(text: string) {
    this.utf16Length = text.length
    this.pairs = pairStarts(text)
    this.pairCodePoints = this.pairs.map((start, k) => start - k)
    this.length = text.length - this.pairs.length
  }

  /** The code point offset of a UTF-16 offset (0 ≤ offset ≤ text.length). */
  toCodePoint(offset: number): number {
    checkOffset(offset, this.utf16Length, 'UTF-16 code units')
    // Pairs that start before offset - 1 end at or before it; one starting at offset - 1 is split.
    const whole = countBelow(this.pairs, offset - 1)
    const split = whole < this.pairs.length && this.pairs[whole] === offset - 1 ? 1 : 0
    return offset - whole - split
  }

  /** The UTF-16 offset of a code point offset (0 ≤ offset ≤ length in code points). */
  toUtf16(offset: number): number {
    checkOffset(offset, this.length, 'code points')
    return offset + countBelow(this.pairCodePoints, offset)
  }
}

/** Length of a text in Unicode code points. */
export function codePointLength(text: string): number {
  return text.length - pairStarts(text).length
}

/**
 * The code point offset of UTF-16 offset `offset` in `text`. Throws INVALID_ARGUMENT when the
 * offset is outside 0..text.length; an offset inside a surrogate pair rounds down to the pair.
 */
export function utf16ToCodePoint(text: string, offset: number): number {
  return new CodePointOffsets(text).toCodePoint(offset)
}

/**
 * The UTF-16 offset of code point offset `offset` in `text`. Throws INVALID_ARGUMENT when the
 * offset is outside 0..codePointLength(text).
 */
export function codePointToUtf16(text: string, offset: number): number {
  return new CodePointOffsets(text).toUtf16(offset)
}
