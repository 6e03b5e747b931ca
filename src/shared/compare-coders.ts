// Comparing two coders (or two sets of members) on one source: pairs their marks and lists where they differ.

import { sameItems } from './lists'
import type { Annotation } from './model'

/** An annotation as the comparison shows it. */
export interface CompareMark {
  id: string
  start: number
  end: number
  /** Tag ids in codebook order, without the "Agreed" mark. */
  tagIds: string[]
  note: string
  exact: string
  createdBy: string
  /** The modification stamp seen: settling refuses if the annotation changed since. */
  modified: string
  /** 1-based paragraph of the start. */
  paragraph: number
  /** Already settled (carries the "Agreed" tag). */
  agreed: boolean
}

/**
 * How two sides differ on a passage: marked by one side only, the same passage with different
 * tags, or overlapping passages with different extents (their tags may differ too).
 */
export type DifferenceKind = 'only-a' | 'only-b' | 'tags' | 'extent'

export interface Difference {
  kind: DifferenceKind
  a: CompareMark | null
  b: CompareMark | null
  /** Whether the tags differ as well (for 'extent'). */
  tagsDiffer: boolean
  /** The paragraph where the difference starts (1-based). */
  paragraph: number
}

/** What compareCoders({ sourceId, a, b }) answers. */
export interface Comparison {
  sourceId: string
  title: string
  /** The members on each side. */
  a: string[]
  b: string[]
  /** Each side's marks (not yet settled), in text order. */
  marksA: CompareMark[]
  marksB: CompareMark[]
  /** Settled marks (with the "Agreed" tag) of either side. */
  agreed: CompareMark[]
  /** Pairs with the same extent and the same tags. */
  matching: number
  differences: Difference[]
  /** The tag that marks settled annotations, if the codebook has it. */
  agreedTagId: string | null
}

/** How a difference is settled (see settleDifference on the contract). */
export type SettleAction = 'adopt-a' | 'adopt-b' | 'keep-both' | 'merge'

/** What compareCoders is asked: one source, the members on each side (no one on both). */
export interface CompareQuery {
  sourceId: string
  a: string[]
  b: string[]
}

/** One side of a difference as the comparison showed it: the annotation and its stamp then. */
export interface SeenMark {
  id: string
  modified: string
}

/** Settle one difference: what to do, and the marks (with their stamps) as they were seen. */
export interface SettleRequest {
  action: SettleAction
  a?: SeenMark | null
  b?: SeenMark | null
}

/** After settling: the annotation that stands as agreed (null when the agreed state is "unmarked"). */
export interface SettleResult {
  annotation: Annotation | null
}

/** Text order, as the archive lists annotations: start, then end, then id. */
export const byPosition = (x: CompareMark, y: CompareMark): number =>
  x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : 1)

/**
 * Pairs each mark of side A with at most one overlapping mark of side B, best first: the same extent
 * and tags, then the same extent, then the largest overlap (shared tags breaking ties). Unpaired
 * marks are "marked by one side only". Runs in O(n log n + overlapping pairs).
 */
export function compareMarks(
  marksA: readonly CompareMark[],
  marksB: readonly CompareMark[]
): { matching: number; differences: Difference[] } {
  const a = [...marksA].sort(byPosition)
  const b = [...marksB].sort(byPosition)
  // Candidate pairs by a sweep over B in start order, keeping the B marks that may still overlap a
  // later A mark (A marks come in start order, so a B mark ending before this one's start is done).
  const candidates: { i: number; j: number; score: number }[] = []
  let next = 0
  let active: number[] = []
  for (let i = 0; i < a.length; i++) {
    const m = a[i]
    while (next < b.length && b[next].start < m.end) active.push(next++)
    active = active.filter((j) => b[j].end > m.start || b[j].start >= m.end)
    for (const j of active) {
      const o = b[j]
      if (o.start >= m.end || o.end <= m.start) continue
      const overlap = Math.min(m.end, o.end) - Math.max(m.start, o.start)
      const sameExtent = m.start === o.start && m.end === o.end
      const tags = sameItems(m.tagIds, o.tagIds)
      const shared = m.tagIds.some((t) => o.tagIds.includes(t))
      const score = (sameExtent ? 4e15 : 0) + (tags ? 2e15 : 0) + (shared ? 1e15 : 0) + overlap
      candidates.push({ i, j, score })
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j)
  const pairA = new Int32Array(a.length).fill(-1)
  const pairB = new Int32Array(b.length).fill(-1)
  for (const { i, j } of candidates) {
    if (pairA[i] !== -1 || pairB[j] !== -1) continue
    pairA[i] = j
    pairB[j] = i
  }
  let matching = 0
  const differences: Difference[] = []
  for (let i = 0; i < a.length; i++) {
    const m = a[i]
    const j = pairA[i]
    if (j === -1) {
      differences.push({ kind: 'only-a', a: m, b: null, tagsDiffer: true, paragraph: m.paragraph })
      continue
    }
    const o = b[j]
    const sameExtent = m.start === o.start && m.end === o.end
    const tags = sameItems(m.tagIds, o.tagIds)
    if (sameExtent && tags) matching++
    else {
      differences.push({
        kind: sameExtent ? 'tags' : 'extent',
        a: m,
        b: o,
        tagsDiffer: !tags,
        paragraph: Math.min(m.paragraph, o.paragraph)
      })
    }
  }
  for (let j = 0; j < b.length; j++) {
    if (pairB[j] === -1)
      differences.push({
        kind: 'only-b',
        a: null,
        b: b[j],
        tagsDiffer: true,
        paragraph: b[j].paragraph
      })
  }
  const startOf = (d: Difference): number =>
    Math.min(d.a?.start ?? Infinity, d.b?.start ?? Infinity)
  differences.sort((x, y) => startOf(x) - startOf(y))
  return { matching, differences }
}
