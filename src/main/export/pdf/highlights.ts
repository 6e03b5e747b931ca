// Highlights to styled spans: paragraph ranges, tint bands for overlaps, tag letters and note markers.

import type { Footnote, Paint, Span, TextStyle } from './model'
import { MUTED, chipTint, isColor, markerStyle, shade, superscript, tint } from './styles'
import type { HandoutHighlight, HandoutSource, HandoutTag } from './types'

/** A paragraph of a source text: 1-based number and its offsets (surrounding blanks excluded). */
export interface ParaRange {
  number: number
  start: number
  end: number
}

/** A highlight resolved for printing: its tags, its band and the letters of its cue. */
export interface Mark {
  highlight: HandoutHighlight
  source: HandoutSource
  tags: HandoutTag[]
  paint: Paint
  /** 'C' or 'C·L'; '' for a plain highlight. */
  letters: string
  /** Colour of the bracketed letters and note numbers. */
  cue: string
}

const PLAIN = '#9a9a9a'

/** Paragraphs are blocks separated by at least one blank line, numbered from 1. */
export function paragraphRanges(text: string): ParaRange[] {
  const out: ParaRange[] = []
  const separator = /\n[ \t]*\n\s*/g
  let start = 0
  const push = (a: number, b: number): void => {
    while (a < b && /\s/.test(text[a])) a++
    while (b > a && /\s/.test(text[b - 1])) b--
    if (b > a) out.push({ number: out.length + 1, start: a, end: b })
  }
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    push(start, m.index)
    start = m.index + m[0].length
  }
  push(start, text.length)
  return out
}

const cached = new WeakMap<HandoutSource, ParaRange[]>()

/** The paragraphs of a source, computed once per source object. */
export function sourceParagraphs(source: HandoutSource): ParaRange[] {
  let paras = cached.get(source)
  if (!paras) cached.set(source, (paras = paragraphRanges(source.text)))
  return paras
}

/** The paragraph containing `offset` (or the nearest one after it). */
export function paragraphAt(paras: ParaRange[], offset: number): ParaRange {
  // Binary search for the first paragraph ending after `offset` (the ends ascend).
  let lo = 0
  let hi = paras.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (offset < paras[mid].end) hi = mid
    else lo = mid + 1
  }
  return paras[lo]
}

/**
 * Resolves the highlights of a source. Overlapping highlights form a cluster; each gets its own
 * band (slot) so that every passage stays visible where they overlap.
 */
export function resolveMarks(
  source: HandoutSource,
  tags: Map<string, HandoutTag>,
  warn: (message: string) => void
): Map<string, Mark> {
  const marks = new Map<string, Mark>()
  const sorted = [...source.highlights].sort((a, b) => a.start - b.start || b.end - a.end)
  let cluster: Mark[] = []
  let clusterEnd = -1
  let active: Mark[] = []
  const close = (): void => {
    const slots = Math.max(0, ...cluster.map((m) => m.paint.slot)) + 1
    for (const m of cluster) m.paint.slots = slots
    cluster = []
  }
  for (const h of sorted) {
    if (h.start >= clusterEnd) close()
    active = active.filter((m) => m.highlight.end > h.start)
    let slot = 0
    while (active.some((m) => m.paint.slot === slot)) slot++
    const found = h.tagIds.map((id) => tags.get(id))
    if (found.some((t) => !t))
      warn(`Highlight ${h.id} of source ${source.label} has an unknown tag.`)
    const own = found.filter((t): t is HandoutTag => Boolean(t))
    const color = own.find((t) => isColor(t.color))?.color ?? PLAIN
    const mark: Mark = {
      highlight: h,
      source,
      tags: own,
      paint: { tint: tint(color), chip: chipTint(color), ink: shade(color), slot, slots: 1 },
      letters: own.map((t) => t.letter).join('·'),
      cue: own.length ? shade(color) : MUTED
    }
    marks.set(h.id, mark)
    cluster.push(mark)
    active.push(mark)
    clusterEnd = Math.max(clusterEnd, h.end)
  }
  close()
  return marks
}

/** How one range of source text becomes spans. */
export interface SpanOptions {
  style: TextStyle
  /** Highlights to show; others are ignored. */
  marks: Mark[]
  /** The footnote of a highlight, numbered on first call; null when it has no note. */
  noteFor: (mark: Mark) => Footnote | null
  /** Attach notes to spans so that the flow keeps them on the marker's page (footnote mode). */
  footnotes: boolean
  /** Highlights with a link: a ◆ follows the passage. */
  linked?: ReadonlySet<string>
  clean: (text: string) => string
}

/** The spans of `text[start, end)`: tinted passages, "[C]" before each, note numbers after. */
export function rangeSpans(text: string, start: number, end: number, options: SpanOptions): Span[] {
  const inRange = options.marks.filter((m) => m.highlight.start <= end && m.highlight.end >= start)
  const o = { ...options, marks: inRange }
  const cuts = new Set([start, end])
  for (const m of o.marks) {
    if (m.highlight.start > start && m.highlight.start < end) cuts.add(m.highlight.start)
    if (m.highlight.end > start && m.highlight.end < end) cuts.add(m.highlight.end)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const spans: Span[] = []
  // One pass over the (few) marks per cut point; the sorts are stable, like the filters were.
  for (let i = 0; i < points.length; i++) {
    const pos = points[i]
    const next = points[i + 1]
    const aroundPaints: Paint[] = []
    const ending: Mark[] = []
    const starting: Mark[] = []
    const covering: Paint[] = []
    for (const m of o.marks) {
      const h = m.highlight
      if (h.start < pos && h.end > pos) aroundPaints.push(m.paint)
      if (h.end === pos && pos > start) ending.push(m)
      if (h.start === pos && pos < end && m.letters) starting.push(m)
      if (next !== undefined && h.start <= pos && h.end >= next) covering.push(m.paint)
    }
    ending.sort((a, b) => b.highlight.start - a.highlight.start)
    let emitted = false
    for (const m of ending) emitted = endMarker(spans, m, o, aroundPaints, emitted) || emitted
    starting.sort((a, b) => b.highlight.end - a.highlight.end)
    for (const m of starting) {
      // In the passage's band and font: the letters then share its text object (speed), and
      // the plain space after them is glued so that they never end a line on their own.
      spans.push({
        text: `[${m.letters}] `,
        style: markerStyle(o.style, m.cue),
        paints: [...aroundPaints, m.paint],
        glue: true,
        chip: m.paint
      })
    }
    if (next === undefined) break
    covering.sort((x, y) => x.slot - y.slot)
    spans.push({
      text: o.clean(text.slice(pos, next)),
      style: o.style,
      ...(covering.length ? { paints: covering } : {})
    })
  }
  return spans
}

// The superscript after a passage: ◆ when linked, the note number; "3,4" when two end together.
function endMarker(
  spans: Span[],
  m: Mark,
  o: SpanOptions,
  paints: Paint[],
  comma: boolean
): boolean {
  const note = o.noteFor(m)
  const link = o.linked?.has(m.highlight.id) ? '◆' : ''
  if (!note && !link) return false
  const span: Span = {
    text: (comma ? ',' : '') + link + (note ? String(note.number) : ''),
    style: superscript(o.style, m.cue),
    ...(paints.length ? { paints } : {})
  }
  if (note && o.footnotes) span.notes = [note]
  spans.push(span)
  return true
}
