// The parallel layout: two sources in columns, linked passages level where the columns allow, joined by a drawn link where not.

import { headingCitation } from '../bibliography'
import { type Ctx, linePart, plain, textDirection } from '../blocks'
import { drawLine, pen } from '../draw'
import { type Mark, paragraphAt, rangeSpans, sourceParagraphs } from '../highlights'
import type { Footnote, Line, Row, RowPart, Span, StructSink } from '../model'
import { MUTED, RULE, S } from '../styles'
import { layoutParagraph } from '../text-layout'
import type { HandoutSource } from '../types'
import { type Pair, alignedPairs, anchor } from './align'
import { sourceMarks } from './full'
import {
  type Band,
  type Item,
  LinkConnectors,
  columnHeadItems,
  planBands,
  printOrder,
  sideBySide
} from './parallel-flow'

const GUTTER = 22

// Stands in for structure elements during the measuring pass; never drawn.
const PROBE = { tag: 'P' } as StructSink

interface Numbering {
  /** The first pass only measures: it must not add elements to the structure tree. */
  probe: boolean
  footnotes: boolean
  note: (mark: Mark) => Footnote | null
  question: (mark: Mark) => number
}

interface Column {
  source: HandoutSource
  section: PDFKit.PDFStructureElement
  x: number
  marks: Mark[]
}

/**
 * Renders the first two sources side by side. A linked pair starts level under a full-width head
 * when the columns are nearly level there; otherwise each column flows on and the link is marked
 * in both and drawn between its ends (see parallel-flow.ts), so no half-page is left empty.
 */
export function renderParallel(ctx: Ctx): void {
  const [A, B] = ctx.input.sources
  const { left, width } = ctx.flow.frame
  const colWidth = (width - GUTTER) / 2
  const cols: Column[] = [A, B].map((source, i) => ({
    source,
    section: ctx.structure.element('Sect', ctx.structure.root, {
      lang: source.language || undefined
    }),
    x: left + i * (colWidth + GUTTER),
    marks: sourceMarks(ctx, source)
  }))
  ctx.flow.noteParent = cols[0].section
  placeHeads(ctx, cols, colWidth)
  const pairs = alignedPairs(ctx, A, B)
  const cutsA = [0, ...pairs.map((p) => anchor(A, p.a)), A.text.length]
  const cutsB = [0, ...pairs.map((p) => anchor(B, p.b)), B.text.length]
  const ranges = pairs
    .map((_, k) => k)
    .concat(pairs.length)
    .map(
      (k) =>
        [
          [cutsA[k], cutsA[k + 1]],
          [cutsB[k], cutsB[k + 1]]
        ] as [number, number][]
    )
  const bandsSect = ctx.structure.element('Sect')
  const headSink = ctx.structure.sink('P', bandsSect)
  const head = (pair: Pair, side: 0 | 1): Item[] =>
    columnHeadItems(ctx, pair, side, colWidth, headSink)
  const segments = planBands(numberedBands(ctx, cols, pairs, ranges, colWidth, head), head)
  const connectors = new LinkConnectors(
    ctx,
    cols.map((c) => ({ x: c.x, width: colWidth }))
  )
  let first = true
  for (const seg of segments) {
    if (seg.kind === 'head') {
      placeBandHead(ctx, seg.pair, bandsSect)
      continue
    }
    const rows = sideBySide(
      seg.stacks,
      cols.map((c) => c.x),
      connectors
    )
    if (rows.length) ctx.flow.place({ rows, spaceBefore: first ? 8 : 4 })
    first = false
  }
}

// Notes and questions are numbered in the order their lines print: a first pass with provisional
// numbers plans the page, the second lays out every band with the final numbers.
function numberedBands(
  ctx: Ctx,
  cols: Column[],
  pairs: Pair[],
  ranges: [number, number][][],
  width: number,
  head: (pair: Pair, side: 0 | 1) => Item[]
): Band[] {
  const provisional = new Map<Footnote, Mark>()
  const probe: Numbering = {
    probe: true,
    footnotes: true,
    note: (m) => {
      if (!m.highlight.note.trim()) return null
      const note: Footnote = { number: 88, paragraph: { spans: [] } }
      provisional.set(note, m)
      return note
    },
    question: () => 88
  }
  const bands = (numbering: Numbering): Band[] =>
    ranges.map((r, k) => ({
      pair: k > 0 ? pairs[k - 1] : null,
      stacks: [0, 1].map((i) => columnLines(ctx, cols[i], r[i], width, numbering)) as [
        Item[],
        Item[]
      ]
    }))
  const notes = new Map<Mark, Footnote | null>()
  const questions = new Map<Mark, number>()
  for (const item of printOrder(planBands(bands(probe), head))) {
    for (const n of item.line.notes) {
      const m = provisional.get(n)
      if (!m || notes.has(m)) continue
      notes.set(
        m,
        ctx.notes.create(m, paragraphAt(sourceParagraphs(m.source), m.highlight.start).number)
      )
    }
    if (item.asks && !questions.has(item.asks)) questions.set(item.asks, ctx.question())
  }
  return bands({
    probe: false,
    footnotes: ctx.input.notes === 'footnotes',
    note: (m) => notes.get(m) ?? null,
    question: (m) => questions.get(m) ?? 0
  })
}

// Column heads: label and title, then the citation, under each column; one unbreakable row. A
// note style puts the full note's marker after the title instead of the reference entry.
function placeHeads(ctx: Ctx, cols: Column[], colWidth: number): void {
  const parts: RowPart[] = []
  const notes: Footnote[] = []
  let height = 0
  for (const col of cols) {
    const cite = headingCitation(ctx, col.source, S.h3)
    const spans = [plain(ctx, `${col.source.label}\u2003${col.source.title}`, S.h3)]
    if (cite.marker) spans.push(cite.marker)
    const title = layoutParagraph(ctx.fonts, { spans, leading: 1.25 }, colWidth)
    notes.push(...title.flatMap((l) => l.notes))
    const ref = cite.reference
      ? layoutParagraph(ctx.fonts, { spans: cite.reference, leading: 1.3 }, colWidth)
      : []
    const h2 = ctx.structure.sink('H2', col.section)
    parts.push(stackPart(ctx, title, h2, col.x, 0))
    if (ref.length) {
      const p = ctx.structure.sink('P', col.section)
      parts.push(stackPart(ctx, ref, p, col.x, sum(title) + 3))
    }
    height = Math.max(height, sum(title) + (ref.length ? 3 + sum(ref) : 0))
  }
  for (const col of cols) {
    const x = col.x
    parts.push({
      sink: null,
      decorate: (y) =>
        pen(ctx.doc, 0.6, RULE)
          .moveTo(x, y + height + 5)
          .lineTo(x + colWidth, y + height + 5)
          .stroke()
    })
  }
  let outlined = false
  ctx.flow.place({
    rows: [{ height: height + 10, parts, notes }],
    spaceBefore: 18,
    onPlace: () => {
      if (outlined) return
      outlined = true
      for (const col of cols) ctx.doc.outline.addItem(`${col.source.label}. ${col.source.title}`)
    }
  })
}

// The link relation across both columns, above the band that starts with the linked passages.
function placeBandHead(ctx: Ctx, pair: Pair, parent: PDFKit.PDFStructureElement): void {
  const { left, width } = ctx.flow.frame
  const spans: Span[] = [
    plain(ctx, '◆ ', S.labelBold),
    plain(ctx, pair.link.relation || 'linked', S.relation)
  ]
  if (pair.link.note.trim())
    spans.push(plain(ctx, ` — ${pair.link.note.trim()}`, { ...S.note, color: MUTED }))
  const lines = layoutParagraph(ctx.fonts, { spans, align: 'center', leading: 1.3 }, width)
  const sink = ctx.structure.sink('P', parent)
  const rows: Row[] = lines.map((line) => ({
    height: line.height,
    notes: [],
    parts: [linePart(line, sink, left)]
  }))
  rows[0].parts.push({
    sink: null,
    decorate: (y) => {
      const mid = y + lines[0].ascent - 3
      const gap = lines[0].width / 2 + 8
      const c = left + width / 2
      pen(ctx.doc, 0.5, RULE)
        .moveTo(left, mid)
        .lineTo(c - gap, mid)
        .moveTo(c + gap, mid)
        .lineTo(left + width, mid)
        .stroke()
    }
  })
  ctx.flow.place({ rows, spaceBefore: 10, keepWithNext: true })
}

// The lines of one column between two cuts: "¶n" before each paragraph, "¶n …" when continued,
// and after a paragraph the questions of the passages that end in it.
function columnLines(
  ctx: Ctx,
  col: Column,
  [from, to]: [number, number],
  width: number,
  numbering: Numbering
): Item[] {
  const out: Item[] = []
  const { source } = col
  for (const para of sourceParagraphs(source)) {
    const a = Math.max(para.start, from)
    let b = Math.min(para.end, to)
    while (b > a && /\s/.test(source.text[b - 1])) b--
    if (a >= b) continue
    const label = a === para.start ? `¶${para.number} ` : `¶${para.number} … `
    const spans: Span[] = [plain(ctx, label, S.labelBold)]
    spans.push(
      ...rangeSpans(source.text, a, b, {
        style: S.column,
        marks: col.marks,
        noteFor: numbering.note,
        footnotes: numbering.footnotes,
        clean: (t) => ctx.fonts.clean(t)
      })
    )
    const sink = numbering.probe ? PROBE : ctx.structure.sink('P', col.section)
    const direction = textDirection(source.language, source.text.slice(a, b))
    for (const line of layoutParagraph(ctx.fonts, { spans, direction }, width)) {
      out.push({ line, sink, dx: 0 })
    }
    const asked = col.marks.filter(
      (m) => m.highlight.question.trim() && m.highlight.end > a && m.highlight.end <= b
    )
    for (const m of asked) {
      const q = [
        plain(ctx, `Q${numbering.question(m)}\u2002`, S.labelBold),
        plain(ctx, m.highlight.question, { ...S.column, role: 'serifItalic' })
      ]
      const qSink = numbering.probe ? PROBE : ctx.structure.sink('P', col.section)
      layoutParagraph(ctx.fonts, { spans: q }, width - 10).forEach((line, i) =>
        out.push({ line, sink: qSink, dx: 10, ...(i === 0 ? { asks: m } : {}) })
      )
    }
  }
  return out
}

function stackPart(ctx: Ctx, lines: Line[], sink: StructSink, x: number, dy: number): RowPart {
  return {
    sink,
    draw: (y) => {
      let top = y + dy
      for (const line of lines) {
        drawLine(ctx.doc, line, x, top)
        top += line.height
      }
    }
  }
}

function sum(lines: Line[]): number {
  return lines.reduce((h, l) => h + l.height, 0)
}
