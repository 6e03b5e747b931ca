// What the Word handout builder carries while it walks the handout: the input, citations, notes and resolved highlights.

import type { Citations } from '../pdf/citations'
import type { Notes } from '../pdf/footnotes'
import type { Mark } from '../pdf/highlights'
import type { HandoutInput, HandoutTag } from '../pdf/types'

export interface DocxCtx {
  input: HandoutInput
  /** Word keeps every character as it is (no font substitution): cleaning is the identity. */
  fonts: { clean(text: string): string }
  citations: Citations
  notes: Notes
  tags: Map<string, HandoutTag>
  marks: Map<string, Map<string, Mark>>
  linked: Set<string>
  warn: (message: string) => void
  /** The next question number (Q1, Q2 …). */
  question: () => number
}
