// Cuts a paragraph into runs of text that carry the same marks, for rendering highlights without HTML.

import type { TextPosition } from '../../../shared/model'

export interface Segment {
  start: number
  end: number
  text: string
  /** Indexes (into the ranges given) of the ranges covering this run. */
  covers: number[]
}

/** Splits [span.start, span.end) of `text` at every range boundary inside it. Ranges may overlap. */
export function segmentsOf(
  text: string,
  span: TextPosition,
  ranges: readonly TextPosition[]
): Segment[] {
  const cuts = new Set<number>([span.start, span.end])
  const inside: number[] = []
  ranges.forEach((r, i) => {
    if (r.end <= span.start || r.start >= span.end || r.end <= r.start) return
    inside.push(i)
    if (r.start > span.start) cuts.add(r.start)
    if (r.end < span.end) cuts.add(r.end)
  })
  const points = [...cuts].sort((a, b) => a - b)
  const out: Segment[] = []
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k]
    const end = points[k + 1]
    out.push({
      start,
      end,
      text: text.slice(start, end),
      covers: inside.filter((i) => ranges[i].start <= start && ranges[i].end >= end)
    })
  }
  return out
}
