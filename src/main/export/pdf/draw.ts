// Painting laid-out lines: highlight bands and underlines (artifacts), then each run with one doc.text call.

import type { Line, LineRun, Paint } from './model'

/** Band of a highlight tint relative to the baseline, in multiples of the text size. */
const BAND_TOP = 0.95
const BAND_BOTTOM = 0.32
/** Advance of a space in the body fonts (Noto Serif and Sans: 260/1000 em). */
const SPACE = 0.26

// Right-to-left letters: such runs are never joined with their neighbours into one string.
const RTL_SCRIPT = /[\u0590-\u08FF]/

// Passed to every doc.text call (pdfkit copies it): one object instead of one per call.
const TEXT_OPTIONS: PDFKit.Mixins.TextOptions = { lineBreak: false, baseline: 'alphabetic' }

// A highlight band being extended along a line until a run without its paint closes it.
interface Box {
  paint: Paint
  x0: number
  x1: number
  size: number
}

/** Paints the highlight tints and underline cues of a line whose top is at `y`. */
export function decorateLine(doc: PDFKit.PDFDocument, line: Line, x: number, y: number): void {
  const baseline = y + line.ascent
  const left = x + line.shift
  // Consecutive runs share Paint objects: merge them into one rectangle, so no seams show.
  // Boxes stay in the order they were opened; they close in that order too.
  const open: Box[] = []
  let chips = false
  for (const run of line.runs) {
    const x0 = left + run.x
    const x1 = x0 + run.width
    const paints = run.paints
    if (run.chip) chips = true
    if (open.length) {
      let kept = 0
      for (const box of open) {
        if (paints && paints.includes(box.paint)) open[kept++] = box
        else closeBox(doc, box, baseline)
      }
      open.length = kept
    }
    if (!paints) continue
    const rise = run.style.rise
    for (const paint of paints) {
      let box: Box | undefined
      for (const b of open) if (b.paint === paint) box = b
      if (box) {
        box.x1 = x1
        box.size = Math.max(box.size, rise ? 0 : run.style.size)
      } else {
        open.push({ paint, x0, x1, size: rise ? run.style.size * 1.4 : run.style.size })
      }
    }
  }
  for (const box of open) closeBox(doc, box, baseline)
  if (!chips) return
  for (const run of line.runs) {
    if (!run.chip) continue
    const size = run.style.size
    // The glued space after the letters stays outside the chip (on the left in RTL runs).
    const lead = run.text.startsWith(' ') ? SPACE * size : 0
    const trail = run.text.endsWith(' ') ? SPACE * size : 0
    fill(doc, run.chip.chip)
    doc
      .rect(
        left + run.x + lead - 0.5,
        baseline - BAND_TOP * size,
        run.width - lead - trail + 1,
        (BAND_TOP + BAND_BOTTOM) * size
      )
      .fill()
  }
}

// Paints one merged highlight band and its underline.
function closeBox(doc: PDFKit.PDFDocument, box: Box, baseline: number): void {
  const paint = box.paint
  const top = baseline - BAND_TOP * box.size
  const height = (BAND_TOP + BAND_BOTTOM) * box.size
  const band = height / paint.slots
  fill(doc, paint.tint)
  doc.rect(box.x0, top + paint.slot * band, box.x1 - box.x0, band).fill()
  // The underline shows where a passage ends when the page is printed in greyscale.
  const under = baseline + 0.14 * box.size + paint.slot * 1.4
  pen(doc, 0.7, paint.ink).moveTo(box.x0, under).lineTo(box.x1, under).stroke()
}

/** Draws the text of a line whose top is at `y`, run by run, on the alphabetic baseline. */
export function drawLine(doc: PDFKit.PDFDocument, line: Line, x: number, y: number): void {
  const baseline = y + line.ascent
  const runs = line.runs
  for (let i = 0; i < runs.length;) {
    const run = runs[i]
    // Runs that differ only in their highlight draw as one string: fewer text objects, and the
    // advances are pdfkit's own word widths that the layout summed.
    let text = run.text
    let j = i + 1
    if (j < runs.length && !RTL_SCRIPT.test(text)) {
      while (j < runs.length && sameInk(runs[j], run) && !RTL_SCRIPT.test(runs[j].text)) {
        text += runs[j++].text
      }
    }
    fill(doc, run.style.color)
    doc
      .font(run.font, run.style.size)
      .text(text, x + line.shift + run.x, baseline - (run.style.rise ?? 0), TEXT_OPTIONS)
    i = j
  }
}

function sameInk(a: LineRun, b: LineRun): boolean {
  return (
    a.font === b.font &&
    a.style.size === b.style.size &&
    a.style.color === b.style.color &&
    (a.style.rise ?? 0) === (b.style.rise ?? 0)
  )
}

// The colours and line width last set on a page: pdfkit writes the operators on every call otherwise.
interface Ink {
  page: unknown
  fill: string
  stroke: string
  width: number
}

const inks = new WeakMap<PDFKit.PDFDocument, Ink>()

function ink(doc: PDFKit.PDFDocument): Ink {
  let state = inks.get(doc)
  if (!state) inks.set(doc, (state = { page: null, fill: '', stroke: '', width: -1 }))
  if (state.page !== doc.page) {
    state.page = doc.page
    state.fill = ''
    state.stroke = ''
    state.width = -1
  }
  return state
}

/** Sets the fill colour unless it is already the current one on this page. */
export function fill(doc: PDFKit.PDFDocument, color: string): void {
  const state = ink(doc)
  if (state.fill === color) return
  doc.fillColor(color)
  state.fill = color
}

/** Sets line width and stroke colour (before a path is begun) unless already set on this page. */
export function pen(doc: PDFKit.PDFDocument, width: number, color: string): PDFKit.PDFDocument {
  const state = ink(doc)
  if (state.width !== width) doc.lineWidth(width)
  if (state.stroke !== color) doc.strokeColor(color)
  state.width = width
  state.stroke = color
  return doc
}

/** True when any run of the line carries a highlight or a tag-letter chip. */
export function hasPaint(line: Line): boolean {
  return line.runs.some((r) => (r.paints && r.paints.length > 0) || r.chip)
}
