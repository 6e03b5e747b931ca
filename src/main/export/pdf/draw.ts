// Painting laid-out lines: highlight bands and underlines (artifacts), then each run with one doc.text call.

import type { Line, LineRun, Paint } from './model'

/** Band of a highlight tint relative to the baseline, in multiples of the text size. */
const BAND_TOP = 0.95
const BAND_BOTTOM = 0.32
/** Advance of a space in the body fonts (Noto Serif and Sans: 260/1000 em). */
const SPACE = 0.26

/** Paints the highlight tints and underline cues of a line whose top is at `y`. */
export function decorateLine(doc: PDFKit.PDFDocument, line: Line, x: number, y: number): void {
  const baseline = y + line.ascent
  // Consecutive runs share Paint objects: merge them into one rectangle, so no seams show.
  const open = new Map<Paint, { x0: number; x1: number; size: number }>()
  const close = (paint: Paint): void => {
    const box = open.get(paint)!
    open.delete(paint)
    const top = baseline - BAND_TOP * box.size
    const height = (BAND_TOP + BAND_BOTTOM) * box.size
    const band = height / paint.slots
    fill(doc, paint.tint)
    doc.rect(box.x0, top + paint.slot * band, box.x1 - box.x0, band).fill()
    // The underline shows where a passage ends when the page is printed in greyscale.
    const under = baseline + 0.14 * box.size + paint.slot * 1.4
    pen(doc, 0.7, paint.ink).moveTo(box.x0, under).lineTo(box.x1, under).stroke()
  }
  for (const run of line.runs) {
    const x0 = x + line.shift + run.x
    const x1 = x0 + run.width
    for (const paint of [...open.keys()]) if (!run.paints?.includes(paint)) close(paint)
    for (const paint of run.paints ?? []) {
      const box = open.get(paint)
      if (box) {
        box.x1 = x1
        box.size = Math.max(box.size, run.style.rise ? 0 : run.style.size)
      } else {
        open.set(paint, { x0, x1, size: run.style.rise ? run.style.size * 1.4 : run.style.size })
      }
    }
  }
  for (const paint of [...open.keys()]) close(paint)
  for (const run of line.runs) {
    if (!run.chip) continue
    const size = run.style.size
    // The glued space after the letters stays outside the chip (on the left in RTL runs).
    const lead = run.text.startsWith(' ') ? SPACE * size : 0
    const trail = run.text.endsWith(' ') ? SPACE * size : 0
    fill(doc, run.chip.chip)
    doc
      .rect(
        x + line.shift + run.x + lead - 0.5,
        baseline - BAND_TOP * size,
        run.width - lead - trail + 1,
        (BAND_TOP + BAND_BOTTOM) * size
      )
      .fill()
  }
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
    while (j < runs.length && sameInk(runs[j], run)) text += runs[j++].text
    fill(doc, run.style.color)
    doc
      .font(run.font, run.style.size)
      .text(text, x + line.shift + run.x, baseline - (run.style.rise ?? 0), {
        lineBreak: false,
        baseline: 'alphabetic'
      })
    i = j
  }
}

function sameInk(a: LineRun, b: LineRun): boolean {
  return (
    a.font === b.font &&
    a.style.size === b.style.size &&
    a.style.color === b.style.color &&
    (a.style.rise ?? 0) === (b.style.rise ?? 0) &&
    !/[\u0590-\u08FF]/.test(a.text + b.text)
  )
}

// The colours last set on each page: pdfkit writes the operators on every call otherwise.
const lastFill = new WeakMap<PDFKit.PDFDocument, { page: unknown; color: string }>()
const lastStroke = new WeakMap<
  PDFKit.PDFDocument,
  { page: unknown; color: string; width: number }
>()

/** Sets the fill colour unless it is already the current one on this page. */
export function fill(doc: PDFKit.PDFDocument, color: string): void {
  const last = lastFill.get(doc)
  if (last && last.page === doc.page && last.color === color) return
  doc.fillColor(color)
  lastFill.set(doc, { page: doc.page, color })
}

/** Sets line width and stroke colour (before a path is begun) unless already set on this page. */
export function pen(doc: PDFKit.PDFDocument, width: number, color: string): PDFKit.PDFDocument {
  const last = lastStroke.get(doc)
  const samePage = last !== undefined && last.page === doc.page
  if (!samePage || last.width !== width) doc.lineWidth(width)
  if (!samePage || last.color !== color) doc.strokeColor(color)
  lastStroke.set(doc, { page: doc.page, color, width })
  return doc
}

/** True when any run of the line carries a highlight or a tag-letter chip. */
export function hasPaint(line: Line): boolean {
  return line.runs.some((r) => (r.paints && r.paints.length > 0) || r.chip)
}
