// Page flow: places rows page by page with widow/orphan control, reserving room for their footnotes.

import { ArchiveError } from '../../../shared/errors'
import { decorateLine, drawLine, hasPaint, pen } from './draw'
import type { FontBook } from './fonts'
import type { Block, Footnote, Line, Row, RowPart, StructSink } from './model'
import type { Structure } from './structure'
import { layoutParagraph } from './text-layout'

/** The body frame of every page, in points from the top-left corner. */
export interface Frame {
  left: number
  width: number
  top: number
  bottom: number
}

/** Space above the footnote rule and between notes. */
const NOTES_RULE_SPACE = 14
const NOTE_GAP = 2

// Part of a footnote drawn on one page (a footnote longer than a page continues on the next).
interface NoteChunk {
  note: Footnote
  lines: Line[]
  sink: StructSink | null
}

/**
 * Places blocks of rows on pages; throws TOO_LARGE as soon as a page past the limit would start.
 *
 * A deferred flow records what each page draws instead of drawing it, and `play` draws the pages
 * once their count is known: the document then need not keep every page open (bufferPages) for
 * "page N of M", and each page is written out (and its content compressed) as the next begins.
 */
export class Flow {
  y = 0
  pages = 0
  /** The structure element that receives footnotes drawn on the current page. */
  noteParent: PDFKit.PDFStructureElement
  private rowsOnPage = 0
  private notes: NoteChunk[] = []
  private carry: NoteChunk[] = []
  private pending: Block[] = []
  /** The drawing of each page, when deferred; null when pages are drawn as they are placed. */
  private readonly recorded: (() => void)[][] | null
  private ops: (() => void)[] = []

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: FontBook,
    private readonly structure: Structure,
    readonly frame: Frame,
    private readonly maxPages: number,
    deferred = false
  ) {
    this.noteParent = structure.root
    this.recorded = deferred ? [] : null
  }

  /** Draws the recorded pages in order, each finished by `after(page, total)` (deferred flows). */
  play(after: (page: number, total: number) => void): void {
    const pages = this.recorded ?? []
    for (let i = 0; i < pages.length; i++) {
      this.doc.addPage()
      for (const op of pages[i]) op()
      pages[i] = []
      after(i + 1, pages.length)
    }
  }

  // Draws now, or records the drawing for the current page.
  private emit(op: () => void): void {
    if (this.recorded) this.ops.push(op)
    else op()
  }

  /** Places a block; headings (keepWithNext) wait for the first lines of the next block. */
  place(block: Block): void {
    if (block.keepWithNext) {
      this.pending.push(block)
      return
    }
    const pending = this.pending
    this.pending = []
    if (pending.length) {
      const lead = pending.flatMap((b) => b.rows)
      const first = block.rows.slice(0, Math.min(block.orphans ?? 2, block.rows.length))
      const space = pending.reduce((s, b) => s + (b.spaceBefore ?? 0), block.spaceBefore ?? 0)
      if (this.rowsOnPage > 0 && !this.fits([...lead, ...first], space)) this.newPage()
      for (const b of pending) this.placeRows(b)
    }
    this.placeRows(block)
  }

  /** Starts a new page on purpose (e.g. before the endnotes). */
  pageBreak(): void {
    if (this.rowsOnPage > 0) this.newPage()
  }

  /** Draws the footnotes of the last page; call once after the last block. */
  finish(): void {
    for (const b of this.pending.splice(0)) this.placeRows(b)
    this.drawNotes()
  }

  /** Opens the first page. */
  start(): void {
    this.newPage()
  }

  private placeRows(block: Block): void {
    const rows = block.rows
    if (this.rowsOnPage > 0) this.y += block.spaceBefore ?? 0
    const orphans = block.orphans ?? 2
    const widows = block.widows ?? 2
    if (block.keepTogether && this.rowsOnPage > 0 && !this.fits(rows, 0)) this.newPage()
    let i = 0
    while (i < rows.length) {
      const left = rows.length - i
      let k = this.countFitting(rows, i)
      if (k < left && this.rowsOnPage > 0) {
        if (block.keepTogether || (i === 0 && k < orphans)) k = 0
        else if (left - k < widows) k = Math.max(0, left - widows)
        if (i === 0 && k < orphans) k = 0
      }
      if (k === 0) {
        if (this.rowsOnPage > 0) {
          this.newPage()
          continue
        }
        k = Math.max(1, this.countFitting(rows, i))
      }
      if (i === 0 && block.onPlace) this.emit(block.onPlace)
      this.drawChunk(rows.slice(i, i + k))
      i += k
      if (i < rows.length) this.newPage()
    }
  }

  private countFitting(rows: Row[], from: number): number {
    let y = this.y
    // The notes' height grows with each row's notes: summed as they come, in notesHeight's order.
    let any = this.notes.length > 0 || this.carry.length > 0
    let h = this.notesHeight(this.notes.map((c) => c.note))
    if (!any) h = NOTES_RULE_SPACE
    let k = 0
    for (let i = from; i < rows.length; i++) {
      y += rows[i].height
      for (const n of rows[i].notes) {
        this.noteLines(n)
        h += n.height!
        any = true
      }
      if (y + (any ? h : 0) > this.frame.bottom + 0.01) break
      k++
    }
    return k
  }

  private fits(rows: Row[], space: number): boolean {
    return (
      this.countFitting([{ height: space, parts: [], notes: [] }, ...rows], 0) === rows.length + 1
    )
  }

  private noteLines(note: Footnote): Line[] {
    if (!note.lines) {
      note.lines = layoutParagraph(this.fonts, note.paragraph, this.frame.width)
      note.height = note.lines.reduce((h, l) => h + l.height, 0) + NOTE_GAP
    }
    return note.lines
  }

  private notesHeight(notes: Footnote[]): number {
    if (notes.length === 0 && this.carry.length === 0) return 0
    let h = NOTES_RULE_SPACE
    for (const c of this.carry) h += c.lines.reduce((s, l) => s + l.height, 0) + NOTE_GAP
    for (const n of notes) {
      this.noteLines(n)
      h += n.height!
    }
    return h
  }

  private drawChunk(rows: Row[]): void {
    const ys: number[] = []
    let y = this.y
    for (const row of rows) {
      ys.push(y)
      y += row.height
    }
    this.emit(() => this.drawRows(rows, ys))
    for (const row of rows) {
      for (const note of row.notes) {
        this.notes.push({ note, lines: this.noteLines(note), sink: null })
      }
    }
    this.y = y
    this.rowsOnPage += rows.length
  }

  private drawRows(rows: Row[], ys: number[]): void {
    const doc = this.doc
    if (rows.some(isDecorated)) {
      this.structure.artifact(() => {
        for (let i = 0; i < rows.length; i++) {
          for (const p of rows[i].parts) {
            if (p.painted) decorateLine(doc, p.line!, p.x!, ys[i])
            else p.decorate?.(ys[i])
          }
        }
      })
    }
    // Text goes into one marked-content sequence per structure element, in row order. A chunk
    // nearly always has a single element: the groups are a short list, searched in order.
    const groups: { sink: StructSink | null; parts: RowPart[]; ys: number[] }[] = []
    for (let i = 0; i < rows.length; i++) {
      for (const p of rows[i].parts) {
        if (!p.draw && !p.line) continue
        let group = groups.find((g) => g.sink === p.sink)
        if (!group) groups.push((group = { sink: p.sink, parts: [], ys: [] }))
        group.parts.push(p)
        group.ys.push(ys[i])
      }
    }
    for (const { sink, parts, ys: tops } of groups) {
      if (sink) this.structure.mark(sink, () => drawParts(doc, parts, tops))
      else this.structure.artifact(() => drawParts(doc, parts, tops))
    }
  }

  private newPage(): void {
    if (this.pages > 0) this.drawNotes()
    if (this.pages + 1 > this.maxPages) {
      throw new ArchiveError(
        'TOO_LARGE',
        `The handout would run past ${this.maxPages} pages; choose fewer sources or passages, or the excerpts layout.`,
        { maxPages: this.maxPages }
      )
    }
    if (this.recorded) this.recorded.push((this.ops = []))
    else this.doc.addPage()
    this.pages++
    this.y = this.frame.top
    this.rowsOnPage = 0
  }

  // Footnotes sit at the foot of the page, under a short rule; what cannot fit continues overleaf.
  private drawNotes(): void {
    const chunks = [...this.carry, ...this.notes]
    this.carry = []
    this.notes = []
    if (chunks.length === 0) return
    const { left, width, bottom } = this.frame
    let total = 0
    for (const c of chunks) total += c.lines.reduce((s, l) => s + l.height, 0) + NOTE_GAP
    let y = Math.max(this.y + NOTES_RULE_SPACE, bottom - total)
    const ruleY = y - NOTES_RULE_SPACE / 2
    this.emit(() =>
      this.structure.artifact(() => {
        pen(this.doc, 0.5, '#808080')
          .moveTo(left, ruleY)
          .lineTo(left + Math.min(width, 144), ruleY)
          .stroke()
      })
    )
    for (const chunk of chunks) {
      const fit: Line[] = []
      for (const line of chunk.lines) {
        if (y + line.height > bottom + 0.01 && fit.length + this.carry.length > 0) break
        fit.push(line)
        y += line.height
      }
      const rest = chunk.lines.slice(fit.length)
      if (fit.length) this.drawNoteLines(chunk, fit, y - fit.reduce((s, l) => s + l.height, 0))
      if (rest.length) this.carry.push({ ...chunk, lines: rest })
      y += NOTE_GAP
    }
  }

  private drawNoteLines(chunk: NoteChunk, lines: Line[], top: number): void {
    const { left } = this.frame
    // The note's structure element is made now, in reading order, even when drawing is deferred.
    if (!chunk.sink) {
      chunk.sink = { element: this.structure.element('Note', this.noteParent), tag: 'Note' }
    }
    const sink = chunk.sink
    const ys: number[] = []
    let y = top
    for (const l of lines) {
      ys.push(y)
      y += l.height
    }
    this.emit(() => {
      if (lines.some(hasPaint)) {
        this.structure.artifact(() =>
          lines.forEach((l, i) => decorateLine(this.doc, l, left, ys[i]))
        )
      }
      this.structure.mark(sink, () => lines.forEach((l, i) => drawLine(this.doc, l, left, ys[i])))
    })
  }
}

function isDecorated(row: Row): boolean {
  for (const p of row.parts) if (p.decorate || p.painted) return true
  return false
}

// Draws the text of row parts, each on the row top at the same index of `ys`.
function drawParts(doc: PDFKit.PDFDocument, parts: RowPart[], ys: number[]): void {
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]
    if (p.line) drawLine(doc, p.line, p.x!, ys[k])
    else p.draw!(ys[k])
  }
}
