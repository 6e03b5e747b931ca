// Building blocks shared by the layouts: the render context, text blocks, headings, rules, inline spans.

import { baseLevel, needsBidi } from './bidi'
import type { Citations } from './citations'
import { drawLine, hasPaint, pen } from './draw'
import type { Flow } from './flow'
import type { FontBook } from './fonts'
import type { Mark } from './highlights'
import type { Inline } from './markdown'
import type { Block, Line, Paragraph, Row, RowPart, Span, StructSink, TextStyle } from './model'
import type { Notes } from './footnotes'
import { RULE, S } from './styles'
import type { Structure } from './structure'
import { layoutParagraph } from './text-layout'
import type { HandoutInput, HandoutTag } from './types'

/** Everything a layout needs while it renders one handout. */
export interface Ctx {
  doc: PDFKit.PDFDocument
  input: HandoutInput
  fonts: FontBook
  flow: Flow
  structure: Structure
  citations: Citations
  notes: Notes
  tags: Map<string, HandoutTag>
  /** Resolved highlights per source id. */
  marks: Map<string, Map<string, Mark>>
  /** Highlight ids that take part in a link. */
  linked: Set<string>
  warn: (message: string) => void
  /** The next question number (Q1, Q2 …). */
  question: () => number
}

/** The three faces of a text style used by Markdown and citations. */
export interface StyleSet {
  normal: TextStyle
  italic: TextStyle
  bold: TextStyle
}

export const BODY: StyleSet = { normal: S.body, italic: S.bodyItalic, bold: S.bodyBold }
export const NOTE: StyleSet = { normal: S.note, italic: S.noteItalic, bold: S.noteBold }

/** What making spans needs: a way to clean text for printing (the PDF's fonts; the DOCX keeps text as is). */
export interface SpanHost {
  fonts: { clean(text: string): string }
}

/** Inline Markdown or citation runs as spans of a style set. */
export function inlineSpans(ctx: SpanHost, inlines: Inline[], styles: StyleSet): Span[] {
  return inlines.map((i) => ({
    text: ctx.fonts.clean(i.text),
    style: i.strong ? styles.bold : i.em ? styles.italic : styles.normal
  }))
}

/** A span of plain text, cleaned for printing. */
export function plain(ctx: SpanHost, text: string, style: TextStyle): Span {
  return { text: ctx.fonts.clean(text), style }
}

/** Options of a text block. */
export interface TextOptions {
  x?: number
  width?: number
  spaceBefore?: number
  keepWithNext?: boolean
  keepTogether?: boolean
  /** A label drawn left of the first line, right-aligned to the text (¶ numbers, list bullets). */
  gutter?: Span[]
  onPlace?: () => void
}

/** Rows of one laid-out paragraph at x, all in one structure element. */
export function textRows(
  ctx: Ctx,
  paragraph: Paragraph,
  sink: StructSink,
  x: number,
  width: number,
  gutter?: Span[]
): Row[] {
  const lines = layoutParagraph(ctx.fonts, paragraph, width)
  const rows = lines.map((line) => lineRow(line, sink, x))
  if (gutter && rows.length) {
    const label = layoutParagraph(ctx.fonts, { spans: gutter }, 200)[0]
    const first = lines[0]
    rows[0].parts.unshift({
      sink,
      draw: (y) => drawLine(ctx.doc, label, x - 7 - label.width, y + first.ascent - label.ascent)
    })
  }
  return rows
}

/** A row drawing one line at x. */
export function lineRow(line: Line, sink: StructSink | null, x: number): Row {
  return { height: line.height, notes: line.notes, parts: [linePart(line, sink, x)] }
}

/** A row part drawing one line at x (its highlights as an artifact, its text in the sink). */
export function linePart(line: Line, sink: StructSink | null, x: number): RowPart {
  return { sink, line, x, painted: hasPaint(line) }
}

/** A paragraph as a block in the body frame (or at x/width). */
export function textBlock(
  ctx: Ctx,
  paragraph: Paragraph,
  sink: StructSink,
  o: TextOptions = {}
): Block {
  const x = o.x ?? ctx.flow.frame.left
  const width = o.width ?? ctx.flow.frame.left + ctx.flow.frame.width - x
  return {
    rows: textRows(ctx, paragraph, sink, x, width, o.gutter),
    spaceBefore: o.spaceBefore ?? 0,
    keepWithNext: o.keepWithNext,
    keepTogether: o.keepTogether,
    onPlace: o.onPlace
  }
}

/** A heading kept with what follows; `outline` adds a bookmark pointing at its page. */
export function heading(
  ctx: Ctx,
  text: string,
  tag: 'H1' | 'H2' | 'H3',
  parent: PDFKit.PDFStructureElement,
  o: { style?: TextStyle; spaceBefore?: number; outline?: string; spans?: Span[] } = {}
): Block {
  const style = o.style ?? (tag === 'H3' ? S.h3 : S.h2)
  const sink = ctx.structure.sink(tag, parent)
  const spans = o.spans ?? [plain(ctx, text, style)]
  return textBlock(ctx, { spans, leading: 1.25 }, sink, {
    spaceBefore: o.spaceBefore ?? style.size * 1.2,
    keepWithNext: true,
    onPlace: o.outline ? () => ctx.doc.outline.addItem(o.outline!) : undefined
  })
}

/** A thin horizontal rule (an artifact) with some space around it. */
export function ruleBlock(ctx: Ctx, space = 6, x?: number, width?: number): Block {
  const left = x ?? ctx.flow.frame.left
  const w = width ?? ctx.flow.frame.width
  const row: Row = {
    height: space,
    notes: [],
    parts: [
      {
        sink: null,
        decorate: (y) => {
          pen(ctx.doc, 0.6, RULE)
            .moveTo(left, y + space / 2)
            .lineTo(left + w, y + space / 2)
            .stroke()
        }
      }
    ]
  }
  return { rows: [row], spaceBefore: space / 2 }
}

/** The words of a passage, shortened to about `words` words with an ellipsis. */
export function quote(text: string, words = 10): string {
  const parts = text.trim().split(/\s+/)
  return parts.length > words ? parts.slice(0, words).join(' ') + ' …' : parts.join(' ')
}

const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'ckb', 'dv', 'syr', 'ug'])

/**
 * Base direction of a stretch of source text: from the source's language when known, else from
 * the text's first strong character (not from the tag letters printed before a passage).
 */
export function textDirection(language: string, text: string): 'ltr' | 'rtl' {
  const primary = language.split('-')[0].toLowerCase()
  if (primary) return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr'
  return needsBidi(text, 'auto') && baseLevel(text, 'auto') % 2 === 1 ? 'rtl' : 'ltr'
}
