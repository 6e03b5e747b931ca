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

/** Characters consumed by layout (line ends, bidi controls) that are never drawn. */
export const NOT_DRAWN = /[\n\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
export const HIDDEN = /[\n\u200E\u200F\u202A-\u202E\u2066-\u2069]/

/** The segments between break opportunities; glued spans (tag letters) keep their break. */
export function segment(fonts: FontBook, spans: Span[], text: string, pieces: Piece[]): Segment[] {
  const segments: Segment[] = []
  const glued = new Set<number>()
  let offset = 0
  for (const span of spans) {
    offset += span.text.length
    if (span.glue) glued.add(offset)
  }
  const breaker = new LineBreaker(text)
  let last = 0
  let cursor = 0
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const end = bk.position
    if (end <= last || (glued.has(end) && end < text.length)) continue
    let t = end
    while (t > last && isBreakSpace(text.charCodeAt(t - 1))) t--
    while (pieces[cursor].end <= last) cursor++
    const { content, spaces } = measure(fonts, spans, text, pieces, cursor, last, t, end)
    const contentWidth = sum(content)
    segments.push({
      content,
      spaces,
      contentWidth,
      fullWidth: contentWidth + sum(spaces),
      required: bk.required && end < text.length
    })
    last = end
  }
  return segments
}

// Measures each piece of a segment together with its trailing spaces, as pdfkit's own word cache
// keys it ("Baku "), so that drawing the run later hits the shapes already made; the spaces'
// width is then taken off for the content fragment.
function measure(
  fonts: FontBook,
  spans: Span[],
  text: string,
  pieces: Piece[],
  from: number,
  start: number,
  t: number,
  end: number
): { content: Fragment[]; spaces: Fragment[] } {
  const content: Fragment[] = []
  const spaces: Fragment[] = []
  for (let k = from; k < pieces.length && pieces[k].start < end; k++) {
    const piece = pieces[k]
    const a = Math.max(start, piece.start)
    const b = Math.min(end, piece.end)
    if (a >= b) continue
    const size = spans[piece.span].style.size
    const full = visibleWidth(fonts, piece.font, size, text.slice(a, b))
    const mid = Math.min(Math.max(t, a), b)
    const spaceWidth = mid < b ? visibleWidth(fonts, piece.font, size, text.slice(mid, b)) : 0
    if (a < mid) content.push({ start: a, end: mid, piece: k, width: full - spaceWidth })
    if (mid < b) spaces.push({ start: mid, end: b, piece: k, width: spaceWidth })
  }
  return { content, spaces }
}

function visibleWidth(fonts: FontBook, font: string, size: number, raw: string): number {
  const visible = HIDDEN.test(raw) ? raw.replace(NOT_DRAWN, '') : raw
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
