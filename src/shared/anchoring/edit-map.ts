// Maps offsets of an old text to a new one through a character diff, so untouched passages keep their place.

import diff from 'fast-diff'

/** A changed region: [oldStart, oldEnd) in the old text became [newStart, newEnd) in the new one. */
export interface Hunk {
  oldStart: number
  oldEnd: number
  newStart: number
  newEnd: number
}

/** The changed regions between two texts, in order. Identical texts have none. */
export function diffHunks(oldText: string, newText: string): Hunk[] {
  if (oldText === newText) return []
  const hunks: Hunk[] = []
  let o = 0
  let n = 0
  let open: Hunk | null = null
  for (const [op, chunk] of diff(oldText, newText)) {
    if (op === 0) {
      if (open) hunks.push(open)
      open = null
      o += chunk.length
      n += chunk.length
      continue
    }
    open ??= { oldStart: o, oldEnd: o, newStart: n, newEnd: n }
    if (op === -1) o += chunk.length
    else n += chunk.length
    open.oldEnd = o
    open.newEnd = n
  }
  if (open) hunks.push(open)
  return hunks
}

/**
 * Where [start, end) of the old text is in the new one, or null when an edit touched its inside.
 * Edits that end at `start` (including insertions right before the passage) or begin at `end`
 * (including insertions right after it) leave the passage itself alone.
 */
export function mapSpan(
  hunks: readonly Hunk[],
  start: number,
  end: number
): { start: number; end: number } | null {
  // First hunk that ends after `start`; every hunk before it lies wholly before the span.
  let lo = 0
  let hi = hunks.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (hunks[mid].oldEnd <= start) lo = mid + 1
    else hi = mid
  }
  if (lo < hunks.length && hunks[lo].oldStart < end) return null
  const delta = lo > 0 ? hunks[lo - 1].newEnd - hunks[lo - 1].oldEnd : 0
  return { start: start + delta, end: end + delta }
}

/**
 * Where a boundary (between two characters) of the old text is in the new one, or null when an
 * edit replaced characters on both sides of it. `side` says where an edit that begins or ends
 * exactly at the boundary belongs: 'after' (the boundary is a passage start: edits at it count as
 * inside the passage when they replace text, outside when they only insert) or 'before' (an end).
 */
export function mapPoint(
  hunks: readonly Hunk[],
  point: number,
  side: 'start' | 'end'
): number | null {
  let delta = 0
  for (const h of hunks) {
    if (h.oldStart > point) break
    const insertion = h.oldStart === h.oldEnd
    if (h.oldEnd < point || (h.oldEnd === point && (!insertion || side === 'start'))) {
      delta = h.newEnd - h.oldEnd
      continue
    }
    if (h.oldStart < point && point < h.oldEnd) return null
    // The edit begins exactly at the boundary.
    if (insertion) return side === 'start' ? point + (h.newEnd - h.oldEnd) : point + delta
    return side === 'start' ? h.newStart : point + delta
  }
  return point + delta
}
