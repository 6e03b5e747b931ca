// Line layout over pdfkit's measuring: font fallback per character, greedy ragged lines, bidi order.

import { baseLevel, embeddingLevels, needsBidi, rtlRunText, visualOrder } from './bidi'
import { type FontBook, isBidiControl, isLatin } from './fonts'
import type { Footnote, Line, LineRun, Paragraph, Span, TextStyle } from './model'
import {
  type Fragment,
  HIDDEN,
  NOT_DRAWN,
  type Piece,
  type Segment,
  segment,
  splitSegment
} from './segments'

/** Default line height as a multiple of the text size. */
export const LEADING = 1.38

/** Lays a paragraph out into lines of at most `width` points (ragged, no hyphenation). */
export function layoutParagraph(fonts: FontBook, p: Paragraph, width: number): Line[] {
  const spans = p.spans.filter((s) => s.text.length > 0)
  const text = spans.map((s) => s.text).join('')
  if (!text) return [emptyLine(fonts, p)]
  const direction = p.direction ?? 'ltr'
  const bidiOn = needsBidi(text, direction)
  const levels = bidiOn ? embeddingLevels(text, direction) : null
  const rtl = bidiOn && baseLevel(text, direction) % 2 === 1
  const pieces = itemize(fonts, spans, text, levels)
  const hidden = HIDDEN.test(text)
  const segments = segment(fonts, spans, text, pieces, hidden)
  const lines: Line[] = []
  let i = 0
  while (i < segments.length) {
    const indent = lines.length === 0 ? (p.indent ?? 0) : 0
    const avail = width - indent
    let j = i
    let x = 0
    while (j < segments.length) {
      const seg = segments[j]
      if (j > i && x + seg.contentWidth > avail + 0.01) break
      if (j === i && seg.contentWidth > avail + 0.01) {
        segments.splice(i, 1, ...splitSegment(fonts, spans, text, pieces, seg, avail))
      }
      x += segments[j].fullWidth
      j++
      if (segments[j - 1].required) break
    }
    const align = p.align ?? (rtl ? 'right' : 'left')
    const segs = segments.slice(i, j)
    lines.push(buildLine(fonts, p, spans, text, hidden, pieces, segs, avail, indent, align))
    i = j
  }
  return lines
}

function itemize(fonts: FontBook, spans: Span[], text: string, levels: Uint8Array | null): Piece[] {
  const pieces: Piece[] = []
  let previous: string | null = null
  let offset = 0
  spans.forEach((span, spanIndex) => {
    const role = span.style.role
    const end = offset + span.text.length
    // Latin text is all in the role's own font: one piece, no per-character lookups.
    if (!levels && isLatin(span.text)) {
      previous = fonts.primary(role)
      pieces.push({ start: offset, end, span: spanIndex, font: previous, level: 0 })
      offset = end
      return
    }
    for (let i = offset; i < end;) {
      const cp = text.codePointAt(i)!
      const n = cp > 0xffff ? 2 : 1
      let font: string
      if (cp === 10 || (cp >= 0x200e && isBidiControl(text[i]))) {
        font = previous ?? fonts.primary(role)
      } else {
        const char = n === 1 ? text[i] : text.slice(i, i + 2)
        font = fonts.fontFor(role, cp, char, cp >= 0x300 ? previous : null) ?? fonts.primary(role)
      }
      const level = levels ? levels[i] : 0
      const last = pieces[pieces.length - 1]
      if (last && last.span === spanIndex && last.font === font && last.level === level) {
        last.end = i + n
      } else {
        pieces.push({ start: i, end: i + n, span: spanIndex, font, level })
      }
      previous = font
      i += n
    }
    offset = end
  })
  return pieces
}

function buildLine(
  fonts: FontBook,
  p: Paragraph,
  spans: Span[],
  text: string,
  hidden: boolean,
  pieces: Piece[],
  segs: Segment[],
  avail: number,
  indent: number,
  align: 'left' | 'right' | 'center'
): Line {
  const frags: Fragment[] = []
  let bidi = false
  const last = segs.length - 1
  for (let k = 0; k <= last; k++) {
    for (const f of segs[k].content) {
      frags.push(f)
      if (pieces[f.piece].level > 0) bidi = true
    }
    if (k === last) break
    for (const f of segs[k].spaces) {
      frags.push(f)
      if (pieces[f.piece].level > 0) bidi = true
    }
  }
  const order = bidi ? visualOrder(frags.map((f) => pieces[f.piece].level)) : null
  const runs: LineRun[] = []
  let x = 0
  for (let k = 0; k < frags.length;) {
    const first = frags[order ? order[k] : k]
    const piece = pieces[first.piece]
    const odd = piece.level % 2 === 1
    let start = first.start
    let end = first.end
    let width = first.width
    let j = k + 1
    // Fragments of one piece that follow each other visually make one run.
    for (; j < frags.length; j++) {
      const f = frags[order ? order[j] : j]
      if (f.piece !== first.piece || (odd ? f.end !== start : f.start !== end)) break
      start = Math.min(start, f.start)
      end = Math.max(end, f.end)
      width += f.width
    }
    const span = spans[piece.span]
    let raw = text.slice(start, end)
    if (hidden && HIDDEN.test(raw)) raw = raw.replace(NOT_DRAWN, '')
    if (raw) {
      const run: LineRun = {
        text: odd ? rtlRunText(raw) : raw,
        font: piece.font,
        style: span.style,
        x,
        width
      }
      if (span.paints) run.paints = span.paints
      if (span.chip) run.chip = span.chip
      runs.push(run)
    }
    x += width
    k = j
  }
  // The space a line broke at is drawn (it has no ink) so that extracted text keeps its words apart.
  const lastSeg = segs[segs.length - 1]
  const lastRun = runs[runs.length - 1]
  const lastFrag = frags[frags.length - 1]
  if (
    lastRun &&
    lastFrag &&
    lastSeg.spaces.length &&
    pieces[lastFrag.piece].level % 2 === 0 &&
    (!order || order[order.length - 1] === frags.length - 1) &&
    text.charCodeAt(lastSeg.spaces[0].start) === 32 &&
    lastRun.text.charCodeAt(lastRun.text.length - 1) !== 32
  ) {
    lastRun.text += ' '
  }
  const shift = align === 'right' ? avail - x : align === 'center' ? (avail - x) / 2 : 0
  // Line height from the largest text that is not a superscript; notes of the markers on the line.
  let style: TextStyle | null = null
  let notes: Footnote[] | null = null
  let lastSpan = -1
  for (const f of frags) {
    const index = pieces[f.piece].span
    if (index === lastSpan) continue
    lastSpan = index
    const span = spans[index]
    if (!span.style.rise && (!style || span.style.size > style.size)) style = span.style
    if (span.notes) for (const n of span.notes) if (!(notes ??= []).includes(n)) notes.push(n)
  }
  const { height, ascent } = lineBox(fonts, p, style)
  return { runs, width: x, shift: indent + shift, notes: notes ?? [], height, ascent }
}

function lineBox(
  fonts: FontBook,
  p: Paragraph,
  found: TextStyle | null
): { height: number; ascent: number } {
  const style = found ?? p.spans[0]?.style ?? null
  const size = style?.size ?? 10
  const { ascent, descent } = fonts.metrics(fonts.primary(style?.role ?? 'serif'))
  const height = size * (p.leading ?? LEADING)
  return { height, ascent: (height - (ascent + descent) * size) / 2 + ascent * size }
}

function emptyLine(fonts: FontBook, p: Paragraph): Line {
  return { runs: [], width: 0, shift: 0, notes: [], ...lineBox(fonts, p, null) }
}
