// Right-to-left support: UAX #9 embedding levels (bidi-js) and the visual order of a line's pieces.

import bidiFactory from 'bidi-js'

const bidi = bidiFactory()

// Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, presentation forms, and the RTL planes.
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u
const STRONG_RTL =
  /[\u0590-\u05FF\u0608\u060B\u060D\u061B-\u064A\u066D-\u066F\u0671-\u06D5\u06E5\u06E6\u06EE\u06EF\u06FA-\u0710\u0712-\u072F\u074D-\u07A5\u07B1-\u07EA\u07F4\u07F5\u07FA-\u0815\u081A\u0824\u0828\u0830-\u0858\u085E-\u08BD\uFB1D-\uFDFF\uFE70-\uFEFC]/

/** True when the text has right-to-left characters or is set right-to-left: then bidi runs. */
export function needsBidi(text: string, direction: 'ltr' | 'rtl' | 'auto'): boolean {
  return direction === 'rtl' || RTL_CHAR.test(text)
}

/** The resolved embedding level of every UTF-16 unit of a paragraph. */
export function embeddingLevels(text: string, direction: 'ltr' | 'rtl' | 'auto'): Uint8Array {
  return bidi.getEmbeddingLevels(text, direction).levels
}

/** The base level bidi-js chose for a paragraph ('auto' looks at the first strong character). */
export function baseLevel(text: string, direction: 'ltr' | 'rtl' | 'auto'): number {
  return bidi.getEmbeddingLevels(text, direction).paragraphs[0]?.level ?? 0
}

/**
 * Visual order (UAX #9 rule L2) of pieces that each carry one level: from the highest level down
 * to the lowest odd one, every maximal sequence at that level or above is reversed.
 */
export function visualOrder(levels: readonly number[]): number[] {
  const order = levels.map((_, i) => i)
  let highest = 0
  let lowestOdd = Infinity
  for (const level of levels) {
    highest = Math.max(highest, level)
    if (level % 2 === 1) lowestOdd = Math.min(lowestOdd, level)
  }
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0
    while (i < order.length) {
      if (levels[order[i]] < level) {
        i++
        continue
      }
      let j = i
      while (j < order.length && levels[order[j]] >= level) j++
      const reversed = order.slice(i, j).reverse()
      order.splice(i, j - i, ...reversed)
      i = j
    }
  }
  return order
}

/**
 * The string to hand to pdfkit for a right-to-left piece given in logical order. fontkit's shaper
 * reverses runs whose script is Arabic or Hebrew (and joins Arabic letters), so those stay in
 * logical order with only bracket mirroring; runs of neutrals (spaces, punctuation, symbols) are
 * reversed here, since fontkit would print them left to right.
 */
export function rtlRunText(text: string): string {
  const mirrored = Array.from(text, (c) => bidi.getMirroredCharacter(c) ?? c)
  return STRONG_RTL.test(text) ? mirrored.join('') : mirrored.reverse().join('')
}
