// How long each free-text field may be, in UTF-16 code units: the archive core refuses more, and the UI says so before sending.

export const LIMITS = {
  /** An annotation's note (Markdown). */
  note: 100_000,
  /** The note on a link between two passages. */
  linkNote: 100_000,
  /** The exact quote an annotation targets. */
  quote: 20_000,
  /** A source's whole text. */
  sourceText: 20_000_000,
  /** A source's title, publisher and licence. */
  sourceField: 2_000,
  /** A source's description. */
  sourceDescription: 20_000,
  /** A creator's name. */
  creatorName: 500,
  /** The note saved with a revision of a text. */
  revisionNote: 1_000,
  tagName: 100,
  tagDescription: 5_000,
  tagGroup: 100,
  /** The label of a new link relation ("is quoted by"). */
  relationLabel: 100,
  /** A handout's title, subtitle and author. */
  handoutTitle: 300,
  handoutIntroduction: 100_000,
  /** A question under an excerpt of a handout. */
  handoutQuestion: 5_000,
  /** One spelling in a set of variants. */
  variantTerm: 200
} as const

export type LimitedField = keyof typeof LIMITS

/**
 * What the UI says of a text over its limit, or '' when it fits: how long it is and how much is
 * over, so the user knows how much to cut.
 */
export function overLimitMessage(what: string, length: number, max: number): string {
  if (length <= max) return ''
  const over = length - max
  return `${what} is ${length.toLocaleString('en')} characters long, ${over.toLocaleString('en')} over the limit of ${max.toLocaleString('en')}. Shorten it to save.`
}
