// The handout's spans (the PDF's model: text, highlight paints, tag-letter chips, note markers) as Word runs and notes.

import {
  EndnoteReferenceRun,
  FootnoteReferenceRun,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  TabStopPosition,
  TabStopType,
  TextRun
} from 'docx'
import type { Footnote, Span } from '../pdf/model'

/** What turning spans into runs needs to know of the handout. */
export interface RunOptions {
  /** Word footnotes (default) or endnotes. */
  notes: 'footnotes' | 'endnotes'
  rtl?: boolean
}

const hex = (color: string): string => color.replace(/^#/, '').toUpperCase()

/** A note's body without the number the PDF prints before it (Word numbers its own notes). */
export function noteParagraph(note: Footnote, options: RunOptions): Paragraph {
  const spans = note.paragraph.spans.slice(2)
  return new Paragraph({ children: runs(spans, { ...options, rtl: false }) })
}

/**
 * Word runs of spans: italic and bold as the span's font role says, a highlight as shading in its
 * tint, the tag letters ("[C] ") on their stronger chip tint, and a note marker as a real Word
 * footnote (or endnote) carrying the note's text; a link's ◆ stays a superscript.
 */
export function runs(spans: Span[], options: RunOptions): ParagraphChild[] {
  const out: ParagraphChild[] = []
  for (const span of spans) {
    const note = span.notes?.[0]
    if (span.style.rise && note) {
      const before = span.text.replace(/\d+$/, '').replace(/^,/, '')
      if (before)
        out.push(new TextRun({ text: before, superScript: true, rightToLeft: options.rtl }))
      const content = { children: [noteParagraph(note, options)] }
      out.push(
        options.notes === 'endnotes'
          ? new EndnoteReferenceRun(content)
          : new FootnoteReferenceRun(content)
      )
      continue
    }
    const paint = span.chip ?? topPaint(span)
    const fill = span.chip ? span.chip.chip : paint?.tint
    out.push(
      new TextRun({
        text: span.text.replace(/\n/g, ' '),
        italics: /Italic/.test(span.style.role),
        bold: /Bold/.test(span.style.role) || Boolean(span.chip),
        superScript: Boolean(span.style.rise),
        rightToLeft: options.rtl,
        ...(fill ? { shading: { type: ShadingType.CLEAR, fill: hex(fill), color: 'auto' } } : {}),
        ...(paint && !span.chip
          ? { underline: { type: 'single', color: hex(paint.ink) } as const }
          : {})
      })
    )
  }
  return out
}

function topPaint(span: Span): NonNullable<Span['paints']>[number] | undefined {
  return span.paints?.length ? span.paints[span.paints.length - 1] : undefined
}

/**
 * Ruled lines to write an answer on: an underlined tab to the right margin on each line (bottom
 * borders of paragraphs in a row would merge into one rule).
 */
export function answerLines(count = 3): Paragraph[] {
  return Array.from(
    { length: count },
    () =>
      new Paragraph({
        spacing: { before: 240 },
        indent: { left: 240 },
        tabStops: [{ type: TabStopType.RIGHT, position: TabStopPosition.MAX }],
        children: [new TextRun({ text: '\t', underline: { type: 'single', color: 'A0A0A0' } })]
      })
  )
}
