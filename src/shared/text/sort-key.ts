// Library sort keys: a string whose plain (binary) order is the order readers expect of titles and names.

import { fold } from './fold'

/** Longest run of digits compared as a number; longer runs compare as text. */
const MAX_NUMBER_DIGITS = 40

/**
 * The key a title or a list of names sorts by in SQL, where no locale-aware collation exists:
 * folded like search (case, diacritics, ı/ə), punctuation and spacing made one space (so quotes and
 * brackets do not send a title to the end), and each number prefixed by its length, so "Letter 2"
 * sorts before "Letter 10" as Intl.Collator's numeric option does. Empty for a text with no
 * letters or digits, which the library lists last, as an unknown value.
 */
export function sortKey(text: string): string {
  return fold(text)
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, ' ')
    .trim()
    .replace(/\d+/g, (digits) => {
      const n = digits.replace(/^0+(?=\d)/, '')
      // Below every letter: the length character is at most "X" (0x30 + 40), the letters are folded.
      return n.length > MAX_NUMBER_DIGITS ? n : String.fromCharCode(0x30 + n.length) + n
    })
}
