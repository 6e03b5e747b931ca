// The three layouts as Word content: full texts, excerpts, and the parallel layout as a two-column table.

import {
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  BorderStyle,
  AlignmentType
} from 'docx'
import { plain, textDirection } from '../pdf/blocks'
import { inlineText } from '../pdf/citations'
import { type Mark, paragraphAt, rangeSpans, sourceParagraphs } from '../pdf/highlights'
import { alignedPairs, anchor } from '../pdf/layouts/align'
import { contextRange } from '../pdf/layouts/excerpts'
import { sourceMarks } from '../pdf/layouts/full'
import type { Span } from '../pdf/model'
import { S } from '../pdf/styles'
import type { HandoutSource } from '../pdf/types'
import type { DocxCtx } from './context'
import { referenceParagraph } from './front'
import { answerLines, runs } from './runs'

type Block = Paragraph | Table

const marksOf = (ctx: DocxCtx, s: HandoutSource): Mark[] => sourceMarks(ctx, s)

/** Spans of source text with highlights; notes are attached to their markers (Word places them). */
function textSpans(
  ctx: DocxCtx,
  source: HandoutSource,
  marks: Mark[],
  from: number,
  to: number
): Span[] {
  return rangeSpans(source.text, from, to, {
    style: S.body,
    marks,
    noteFor: (m) =>
      ctx.notes.create(m, paragraphAt(sourceParagraphs(source), m.highlight.start).number),
    footnotes: true,
    linked: ctx.linked,
    clean: (t) => t.replace(/\s*\n\s*/g, ' ')
  })
}

function sourceParagraph(
  ctx: DocxCtx,
  source: HandoutSource,
  spans: Span[],
  raw: string
): Paragraph {
  const rtl = textDirection(source.language, raw) === 'rtl'
  return new Paragraph({
    children: runs(spans, { notes: ctx.input.notes, rtl }),
    bidirectional: rtl,
    spacing: { after: 120 }
  })
}

function question(ctx: DocxCtx, m: Mark): Block[] {
  return [
    new Paragraph({
      indent: { left: 240 },
      spacing: { before: 80 },
      children: [
        new TextRun({ text: `Q${ctx.question()}\u2002`, bold: true }),
        new TextRun({ text: m.highlight.question, italics: true })
      ]
    }),
    ...answerLines()
  ]
}

/** A source's heading: the note style's full note on it, or the reference entry under it. */
function sourceHeading(ctx: DocxCtx, source: HandoutSource): Block[] {
  const title = plain(ctx, `${source.label}\u2003${source.title}`, S.h2)
  if (ctx.citations.notes) {
    const note = ctx.notes.citation(source, null)
    const marker = ctx.notes.marker(note, S.h2)
    marker.notes = [note]
    return [
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: runs([title, marker], { notes: ctx.input.notes })
      })
    ]
  }
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: runs([title], { notes: ctx.input.notes })
    }),
    referenceParagraph(ctx, source)
  ]
}

export function fullLayout(ctx: DocxCtx): Block[] {
  const out: Block[] = []
  for (const source of ctx.input.sources) {
    out.push(...sourceHeading(ctx, source))
    const marks = marksOf(ctx, source)
    const paras = sourceParagraphs(source)
    for (const para of paras) {
      const inPara = marks.filter(
        (m) => m.highlight.start < para.end && m.highlight.end > para.start
      )
      const spans = [
        plain(ctx, `¶${para.number} `, S.labelBold),
        ...textSpans(ctx, source, inPara, para.start, para.end)
      ]
      out.push(sourceParagraph(ctx, source, spans, source.text.slice(para.start, para.end)))
      for (const m of marks) {
        if (
          m.highlight.question.trim() &&
          paragraphAt(paras, m.highlight.end - 1).number === para.number
        )
          out.push(...question(ctx, m))
      }
    }
  }
  return out
}

export function excerptsLayout(ctx: DocxCtx): Block[] {
  const out: Block[] = []
  const excerpt = (m: Mark, withSource: boolean): void => {
    const { source, highlight: h } = m
    const paras = sourceParagraphs(source)
    const first = paragraphAt(paras, h.start)
    const last = paragraphAt(paras, h.end - 1)
    const [from, to] = contextRange(source, h.start, h.end, ctx.input.contextWords)
    const label: Span[] = [
      plain(
        ctx,
        `${source.label} ¶${first.number}${last.number !== first.number ? `–${last.number}` : ''}`,
        S.labelBold
      )
    ]
    if (withSource) label.push(plain(ctx, `\u2002${source.title}`, S.label))
    if (ctx.citations.notes) {
      const note = ctx.notes.citation(source, first.number)
      const marker = ctx.notes.marker(note, S.label)
      marker.notes = [note]
      label.push(marker)
    } else
      label.push(
        plain(ctx, `\u2002${inlineText(ctx.citations.cite(source, first.number))}`, S.label)
      )
    out.push(
      new Paragraph({
        spacing: { before: 240 },
        keepNext: true,
        children: runs(label, { notes: ctx.input.notes })
      })
    )
    const spans: Span[] = []
    if (source.text.slice(first.start, from).trim()) spans.push(plain(ctx, '… ', S.body))
    spans.push(...textSpans(ctx, source, [m], from, to))
    if (source.text.slice(to, last.end).trim()) spans.push(plain(ctx, ' …', S.body))
    out.push(sourceParagraph(ctx, source, spans, source.text.slice(from, to)))
    if (h.question.trim()) out.push(...question(ctx, m))
  }
  if (ctx.input.groupBy === 'source') {
    for (const source of ctx.input.sources) {
      out.push(...sourceHeading(ctx, source))
      for (const m of marksOf(ctx, source)) excerpt(m, false)
    }
    return out
  }
  const all = ctx.input.sources.flatMap((s) => marksOf(ctx, s))
  for (const tag of ctx.input.tags) {
    const marks = all.filter((m) => m.tags.some((t) => t.id === tag.id))
    if (!marks.length) continue
    out.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, text: `[${tag.letter}]\u2002${tag.name}` })
    )
    for (const m of marks) excerpt(m, true)
  }
  const untagged = all.filter((m) => m.tags.length === 0)
  if (untagged.length) {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Untagged passages' }))
    for (const m of untagged) excerpt(m, true)
  }
  return out
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
const CELL_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER }

/** The column of one source between two cuts: its paragraphs (¶n, "¶n …" when continued) and questions. */
function column(
  ctx: DocxCtx,
  source: HandoutSource,
  marks: Mark[],
  from: number,
  to: number
): Block[] {
  const out: Block[] = []
  for (const para of sourceParagraphs(source)) {
    const a = Math.max(para.start, from)
    let b = Math.min(para.end, to)
    while (b > a && /\s/.test(source.text[b - 1])) b--
    if (a >= b) continue
    const label = plain(
      ctx,
      a === para.start ? `¶${para.number} ` : `¶${para.number} … `,
      S.labelBold
    )
    out.push(
      sourceParagraph(
        ctx,
        source,
        [label, ...textSpans(ctx, source, marks, a, b)],
        source.text.slice(a, b)
      )
    )
    for (const m of marks)
      if (m.highlight.question.trim() && m.highlight.end > a && m.highlight.end <= b)
        out.push(...question(ctx, m))
  }
  return out.length ? out : [new Paragraph('')]
}

/** Two sources side by side: a row of heads, then one row per band, a linked pair starting each band. */
export function parallelLayout(ctx: DocxCtx): Block[] {
  const [A, B] = ctx.input.sources
  const cell = (children: Block[], columnSpan?: number): TableCell =>
    new TableCell({
      children,
      columnSpan,
      borders: CELL_BORDERS,
      width: { size: 50, type: WidthType.PERCENTAGE }
    })
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      children: [cell(sourceHeading(ctx, A)), cell(sourceHeading(ctx, B))]
    })
  ]
  const pairs = alignedPairs(ctx, A, B)
  const cutsA = [0, ...pairs.map((p) => anchor(A, p.a)), A.text.length]
  const cutsB = [0, ...pairs.map((p) => anchor(B, p.b)), B.text.length]
  const [marksA, marksB] = [marksOf(ctx, A), marksOf(ctx, B)]
  for (let k = 0; k <= pairs.length; k++) {
    const pair = k > 0 ? pairs[k - 1] : null
    if (pair) {
      const head = [
        new TextRun({ text: '◆ ', bold: true }),
        new TextRun({ text: pair.link.relation || 'linked', italics: true })
      ]
      if (pair.link.note.trim())
        head.push(new TextRun({ text: ` — ${pair.link.note.trim()}`, color: '555555' }))
      rows.push(
        new TableRow({
          children: [
            new TableCell({
              columnSpan: 2,
              borders: {
                ...CELL_BORDERS,
                top: { style: BorderStyle.SINGLE, size: 4, color: 'A0A0A0' }
              },
              children: [new Paragraph({ alignment: AlignmentType.CENTER, children: head })]
            })
          ]
        })
      )
    }
    rows.push(
      new TableRow({
        children: [
          cell(column(ctx, A, marksA, cutsA[k], cutsA[k + 1])),
          cell(column(ctx, B, marksB, cutsB[k], cutsB[k + 1]))
        ]
      })
    )
  }
  return [new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } })]
}
