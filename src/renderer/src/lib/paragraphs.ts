// Paragraph spans of the texts open in the reader, computed once per text (loading and drawing both need them).

import type { TextPosition } from '../../../shared/model'
import { paragraphSpans } from '../../../shared/text/paragraphs'

const KEEP = 4
let recent: { text: string; spans: TextPosition[] }[] = []

/** paragraphSpans(text), remembered for the last few texts. */
export function paragraphsOf(text: string): TextPosition[] {
  const hit = recent.find((r) => r.text === text)
  if (hit) return hit.spans
  const spans = paragraphSpans(text)
  recent = [{ text, spans }, ...recent.slice(0, KEEP - 1)]
  return spans
}
