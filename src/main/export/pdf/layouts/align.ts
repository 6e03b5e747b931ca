// Alignment of the parallel layout: which links can share a band, and where each band starts.

import type { Ctx } from '../blocks'
import { type Mark, paragraphAt, sourceParagraphs } from '../highlights'
import type { HandoutLink, HandoutSource } from '../types'

/** A link whose two passages start a band together. */
export interface Pair {
  link: HandoutLink
  a: Mark
  b: Mark
}

/** Links between the two sources, in text order on both sides (the longest such chain is aligned). */
export function alignedPairs(
  ctx: Pick<Ctx, 'marks' | 'input' | 'warn'>,
  A: HandoutSource,
  B: HandoutSource
): Pair[] {
  const [ma, mb] = [A, B].map((s) => ctx.marks.get(s.id)!)
  const pairs: Pair[] = []
  for (const link of ctx.input.links) {
    const fwd = ma.get(link.from.highlightId) && mb.get(link.to.highlightId)
    const a = fwd ? ma.get(link.from.highlightId) : ma.get(link.to.highlightId)
    const b = fwd ? mb.get(link.to.highlightId) : mb.get(link.from.highlightId)
    const sources = fwd
      ? [link.from.sourceId, link.to.sourceId]
      : [link.to.sourceId, link.from.sourceId]
    if (a && b && sources[0] === A.id && sources[1] === B.id) pairs.push({ link, a, b })
  }
  pairs.sort(
    (p, q) => p.a.highlight.start - q.a.highlight.start || p.b.highlight.start - q.b.highlight.start
  )
  // Longest chain increasing on both sides (links are few: quadratic is fine).
  const best = pairs.map(() => 1)
  const prev = pairs.map(() => -1)
  for (let i = 0; i < pairs.length; i++) {
    for (let j = 0; j < i; j++) {
      const ok =
        anchor(A, pairs[j].a) < anchor(A, pairs[i].a) &&
        anchor(B, pairs[j].b) < anchor(B, pairs[i].b)
      if (ok && best[j] + 1 > best[i]) {
        best[i] = best[j] + 1
        prev[i] = j
      }
    }
  }
  const chain: Pair[] = []
  for (let i = best.indexOf(Math.max(0, ...best)); i >= 0; i = prev[i]) chain.unshift(pairs[i])
  for (const p of pairs)
    if (!chain.includes(p))
      ctx.warn(`Link ${p.link.id} crosses another link; it is listed but not aligned.`)
  return chain
}

/** Where a band starts for a passage: the start of its sentence (its paragraph when it opens one). */
export function anchor(source: HandoutSource, mark: Mark): number {
  const para = paragraphAt(sourceParagraphs(source), mark.highlight.start)
  const start = Math.max(para.start, Math.min(mark.highlight.start, para.end))
  const segmenter = new Intl.Segmenter(source.language || undefined, { granularity: 'sentence' })
  let at = para.start
  for (const s of segmenter.segment(source.text.slice(para.start, para.end))) {
    if (para.start + s.index <= start) at = para.start + s.index
  }
  return Math.min(at, mark.highlight.start)
}
