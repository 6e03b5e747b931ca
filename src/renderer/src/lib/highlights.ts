// Which annotations touch which paragraph, and how a run of text covered by several of them is drawn.

import type { Annotation, Tag, TextPosition } from '../../../shared/model'

/**
 * For each paragraph index, the spans (annotations, marks) overlapping it, in the order given. Items
 * in text order (as annotations and matches come) are placed in one walk along the paragraphs; an
 * item that starts before the one before it is looked up by binary search.
 */
export function byParagraph<T extends TextPosition>(
  spans: readonly TextPosition[],
  items: readonly T[]
): Map<number, T[]> {
  const map = new Map<number, T[]>()
  if (spans.length === 0) return map
  const last = spans.length - 1
  /** The first paragraph ending after `offset` (the last if none does). */
  const find = (offset: number): number => {
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (spans[mid].end <= offset) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  // The first paragraph ending after the previous item's start: where the next one's search begins.
  let at = 0
  let previous = -1
  for (const a of items) {
    if (a.start < previous) at = find(a.start)
    else while (at < last && spans[at].end <= a.start) at++
    previous = a.start
    for (let i = at; i <= last && spans[i].start < a.end; i++) {
      if (spans[i].end <= a.start) continue
      let list = map.get(i)
      if (!list) map.set(i, (list = []))
      list.push(a)
    }
  }
  return map
}

export const UNTAGGED_COLOR = '#8c8c8c'

/** The colour an annotation shows in: its first tag's (codebook order), grey when untagged. */
export function colorOf(a: Annotation, tags: ReadonlyMap<string, Tag>): string {
  for (const id of a.tagIds) {
    const t = tags.get(id)
    if (t) return t.color
  }
  return UNTAGGED_COLOR
}

/** Innermost (shortest) first: the one a click picks and whose tint shows. */
export function byNesting(list: readonly Annotation[]): Annotation[] {
  return [...list].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start)
}

/** Stacked 2-pixel underlines, one per covering annotation, so overlaps stay legible. */
export function underlineBands(colors: readonly string[]): string {
  return colors
    .slice(0, 4)
    .map((c, i) => `inset 0 -${2 * (i + 1)}px 0 0 ${c}`)
    .join(', ')
}

/** A one-line description for a tooltip: tags, then the note's first line. */
export function describe(a: Annotation, tags: ReadonlyMap<string, Tag>): string {
  const names = a.tagIds
    .map((id) => tags.get(id)?.name)
    .filter(Boolean)
    .join(', ')
  const note = a.note.split('\n')[0]
  return [names || 'Highlight', note].filter(Boolean).join(' — ')
}
