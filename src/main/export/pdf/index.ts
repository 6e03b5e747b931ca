// The PDF handout renderer: the public API (a pure Node module; no database, no electron).
//
// Choices, for whoever wires it in:
// - Fonts come from `options.fontsDir` (resources/fonts): Noto Serif/Sans, Noto Naskh Arabic and
//   DejaVu Sans, embedded as subsets; the fallback chain is per character (fonts.ts).
// - Citations follow the handout's CSL style (resources/csl, or a user's .csl) through citeproc:
//   note styles cite in footnotes (full, then short), in-text styles in excerpt headers, and every
//   handout ends with the style's bibliography (citations.ts, bibliography.ts).
// - Text is ragged right, never hyphenated; paragraphs keep two lines at a page's foot and head.
// - Highlights print as a tint band, an underline and the tag letters on a stronger tint
//   ("[C]"), so a greyscale print still shows tag and extent; overlaps get stacked bands.
// - The parallel layout prints both texts in full (nothing skipped); a band starts at the
//   sentence of each aligned passage when the columns are nearly level there, else the columns
//   flow on and the link is marked in both; links that cross others are listed, not aligned.
// - renderHandout keeps the whole PDF in memory; pages are drawn once their count is known
//   ("page N of M"): the flow records each page's drawing, then plays the pages in order.

export { renderHandout, renderHandoutToFile } from './render'
export { warmUpExport } from './warm-up'
export type {
  HandoutHighlight,
  HandoutInput,
  HandoutLink,
  HandoutResult,
  HandoutSource,
  HandoutTag,
  RenderOptions
} from './types'
