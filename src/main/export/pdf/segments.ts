// Break segments of a paragraph: UAX #14 opportunities (linebreak) and widths measured through pdfkit.

import LineBreaker from 'linebreak'
import type { FontBook } from './fonts'
import type { Span } from './model'

/** A maximal stretch of text with one span, one font and one bidi level. */
export interface Piece {
  start: number
  end: number
  span: number
  font: string
  level: number
}

/** The part of a piece inside one break segment: its content or its trailing spaces. */
export interface Fragment {
  start: number
  end: number
  piece: number
  width: number
}

/** The text between two break opportunities: the unit lines are filled with. */
export interface Segment {
  content: Fragment[]
  spaces: Fragment[]
  contentWidth: number
  fullWidth: number
  required: boolean
}

// The fragments of a segment without content or without spaces (shared; never added to).
const NONE: Fragment[] = []

/** Characters consumed by layout (line ends, bidi controls) that are never drawn. */
export const NOT_DRAWN = /[\n\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
export const HIDDEN = /[\n\u200E\u200F\u202A-\u202E\u2066-\u2069]/

/** The segments between break opportunities; glued spans (tag letters) keep their break. */
export function segment(
  fonts: FontBook,
  spans: Span[],
  text: string,
  pieces: Piece[],
  hidden = HIDDEN.test(text)
): Segment[] {
  const segments: Segment[] = []
  const glued = new Set<number>()
  let offset = 0
  for (const span of spans) {
    offset += span.text.length
    if (span.glue) glued.add(offset)
  }
  const breaker = new LineBreaker(text)
  const m: Measurer = { fonts, spans, text, pieces, hidden, font: '', size: 0, space: 0 }
  let last = 0
  let cursor = 0
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const end = bk.position
    if (end <= last || (glued.has(end) && end < text.length)) continue
    let t = end
    while (t > last && isBreakSpace(text.charCodeAt(t - 1))) t--
    while (pieces[cursor].end <= last) cursor++
    segments.push(measure(m, cursor, last, t, end, bk.required && end < text.length))
    last = end
  }
  return segments
}

// What measuring a paragraph's segments needs, with the width of one space in the font last asked.
interface Measurer {
  fonts: FontBook
  spans: Span[]
  text: string
  pieces: Piece[]
  /** The paragraph has characters that are never drawn (line ends, bidi controls). */
  hidden: boolean
  font: string
  size: number
  space: number
}

// Measures each piece of a segment together with its trailing spaces, as pdfkit's own word cache
// keys it ("Baku "), so that drawing the run later hits the shapes already made; the spaces'
// width is then taken off for the content fragment.
function measure(
  m: Measurer,
  from: number,
  start: number,
  t: number,
  end: number,
  required: boolean
): Segment {
  const { fonts, spans, text, pieces, hidden } = m
  // Most segments have one fragment of each kind: arrays are made to size, not grown.
  let content: Fragment[] = NONE
  let spaces: Fragment[] = NONE
  let contentWidth = 0
  let spacesWidth = 0
  for (let k = from; k < pieces.length && pieces[k].start < end; k++) {
    const piece = pieces[k]
    const a = Math.max(start, piece.start)
    const b = Math.min(end, piece.end)
    if (a >= b) continue
    const size = spans[piece.span].style.size
    const mid = Math.min(Math.max(t, a), b)
    let contentFragment: Fragment | null = null
    if (mid === b && b === t && t < end && joinsNext(m, k, t)) {
      // A word whose space starts the next piece (a highlight ends there) is drawn together with
      // that space: measure it as "gangs " less a space, the shape drawing will use (no shipped
      // font kerns against the space), instead of shaping "gangs" only to measure it.
      const full = visibleWidth(fonts, piece.font, size, text.slice(a, t + 1), hidden)
      contentFragment = { start: a, end: b, piece: k, width: full - spaceOf(m, piece.font, size) }
    } else {
      const full = visibleWidth(fonts, piece.font, size, text.slice(a, b), hidden)
      let spaceWidth = 0
      if (mid + 1 === b && text.charCodeAt(mid) === 32) {
        spaceWidth = spaceOf(m, piece.font, size)
      } else if (mid < b) {
        spaceWidth = visibleWidth(fonts, piece.font, size, text.slice(mid, b), hidden)
      }
      if (a < mid) contentFragment = { start: a, end: mid, piece: k, width: full - spaceWidth }
      if (mid < b) {
        const f = { start: mid, end: b, piece: k, width: spaceWidth }
        if (spaces === NONE) spaces = [f]
        else spaces.push(f)
        spacesWidth += spaceWidth
      }
    }
    if (contentFragment) {
      if (content === NONE) content = [contentFragment]
      else content.push(contentFragment)
      contentWidth += contentFragment.width
    }
  }
  return { content, spaces, contentWidth, fullWidth: contentWidth + spacesWidth, required }
}

// One plain space, the usual end of a word: its width is asked once per font and size in a row.
function spaceOf(m: Measurer, font: string, size: number): number {
  if (font !== m.font || size !== m.size) {
    m.font = font
    m.size = size
    m.space = m.fonts.width(font, size, ' ')
  }
  return m.space
}

// True when the piece after `k` starts at `t` with a plain space and will be drawn in the same
// string as piece `k` (drawLine joins left-to-right runs of the same font, size, colour and rise).
function joinsNext(m: Measurer, k: number, t: number): boolean {
  const piece = m.pieces[k]
  const next = m.pieces[k + 1]
  if (!next || next.start !== t || m.text.charCodeAt(t) !== 32) return false
  if (next.font !== piece.font || piece.level !== 0 || next.level !== 0) return false
  const a = m.spans[piece.span].style
  const b = m.spans[next.span].style
  return a.size === b.size && a.color === b.color && (a.rise ?? 0) === (b.rise ?? 0)
}

function visibleWidth(
  fonts: FontBook,
  font: string,
  size: number,
  raw: string,
  hidden = true
): number {
  const visible = hidden && HIDDEN.test(raw) ? raw.replace(NOT_DRAWN, '') : raw
  return visible ? fonts.width(font, size, visible) : 0
}

function fragments(
  fonts: FontBook,
  spans: Span[],
  text: string,
  pieces: Piece[],
  from: number,
  start: number,
  end: number
): Fragment[] {
  const out: Fragment[] = []
  for (let k = from; k < pieces.length && pieces[k].start < end; k++) {
    const piece = pieces[k]
    const a = Math.max(start, piece.start)
    const b = Math.min(end, piece.end)
    if (a >= b) continue
    const size = spans[piece.span].style.size
    out.push({
      start: a,
      end: b,
      piece: k,
      width: visibleWidth(fonts, piece.font, size, text.slice(a, b))
    })
  }
  return out
}

// Spaces a line may end on; they are not counted in its width.
function isBreakSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 0x2009 || code === 0x200b || code === 0x3000
}

export function sum(frags: Fragment[]): number {
  let total = 0
  for (const f of frags) total += f.width
  return total
}

// A word wider than the measure (a long URL): cut it between characters so that nothing is clipped.
export function splitSegment(
  fonts: FontBook,
  spans: Span[],
  text: string,
  pieces: Piece[],
  seg: Segment,
  avail: number
): Segment[] {
  const out: Segment[] = []
  let start = seg.content[0].start
  let x = 0
  const end = seg.content[seg.content.length - 1].end
  for (let i = start; i < end;) {
    const n = text.codePointAt(i)! > 0xffff ? 2 : 1
    const piece = pieces.find((pc) => pc.start <= i && i < pc.end)!
    const w = fonts.width(piece.font, spans[piece.span].style.size, text.slice(i, i + n))
    if (x + w > avail && i > start) {
      const content = fragments(fonts, spans, text, pieces, 0, start, i)
      out.push({
        content,
        spaces: [],
        contentWidth: sum(content),
        fullWidth: sum(content),
        required: false
      })
      start = i
      x = 0
    }
    x += w
    i += n
  }
  const content = fragments(fonts, spans, text, pieces, 0, start, end)
  const width = sum(content)
  out.push({ ...seg, content, contentWidth: width, fullWidth: width + sum(seg.spaces) })
  return out
}
