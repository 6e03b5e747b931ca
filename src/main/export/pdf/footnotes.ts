// Notes on passages: numbering, the note text (tags + Markdown), and the endnotes section.

import {
  type Ctx,
  NOTE,
  type SpanHost,
  heading,
  inlineSpans,
  plain,
  quote,
  textBlock
} from './blocks'
import type { Citations } from './citations'
import type { Mark } from './highlights'
import { markdownInline } from './markdown'
import type { Footnote, Span, TextStyle } from './model'
import type { HandoutInput, HandoutSource } from './types'

/** What numbering notes needs (the PDF's render context, or the DOCX builder's). */
export interface NoteHost extends SpanHost {
  input: HandoutInput
  citations: Citations
}
import { INK, S, superscript } from './styles'

/** Numbers notes in reading order; keeps them all for the endnotes section. */
export class Notes {
  /** Every note in number order; `mark` is null for citation notes. */
  readonly all: { note: Footnote; mark: Mark | null; paragraph: number }[] = []
  private next = 1

  constructor(private readonly ctx: () => NoteHost) {}

  /** The note of a highlight, numbered now; null when the highlight has no note. */
  create(mark: Mark, paragraph: number): Footnote | null {
    if (!mark.highlight.note.trim()) return null
    const ctx = this.ctx()
    const number = this.next++
    // The number in the superscripts' font: pdfkit then reuses the shape it made for the marker.
    const spans: Span[] = [
      { text: String(number), style: { role: 'sans', size: S.note.size, color: INK } },
      plain(ctx, '  ', S.note)
    ]
    if (ctx.input.notes === 'endnotes') {
      const text = mark.source.text.slice(mark.highlight.start, mark.highlight.end)
      spans.push(
        plain(ctx, `${mark.source.label} ¶${paragraph} “${quote(text, 8)}” `, S.noteItalic)
      )
    }
    if (mark.letters) {
      const names = mark.tags.map((t) => t.name).join(', ')
      spans.push({ ...plain(ctx, `[${mark.letters}] `, S.note), chip: mark.paint, glue: true })
      spans.push(plain(ctx, `${names}. `, S.note))
    }
    spans.push(...inlineSpans(ctx, markdownInline(mark.highlight.note), NOTE))
    const note: Footnote = { number, paragraph: { spans, leading: 1.3 } }
    this.all.push({ note, mark, paragraph })
    return note
  }

  /**
   * A citation note (note styles): the style's note for a source, full the first time and short
   * after, numbered in the same sequence as the notes on passages. `paragraph` adds a locator.
   */
  citation(source: HandoutSource, paragraph: number | null): Footnote {
    const ctx = this.ctx()
    const number = this.next++
    const spans: Span[] = [
      { text: String(number), style: { role: 'sans', size: S.note.size, color: INK } },
      plain(ctx, '  ', S.note),
      ...inlineSpans(ctx, ctx.citations.cite(source, paragraph, number), NOTE)
    ]
    const note: Footnote = { number, paragraph: { spans, leading: 1.3 } }
    this.citations.push(note)
    this.all.push({ note, mark: null, paragraph: paragraph ?? 0 })
    return note
  }

  /** Citation notes made so far (tests and the DOCX read them). */
  readonly citations: Footnote[] = []

  /** The superscript number of a note after text of style `base`; in footnote mode it carries the note to its page. */
  marker(note: Footnote, base: TextStyle): Span {
    const span: Span = { text: String(note.number), style: superscript(base, INK) }
    if (this.ctx().input.notes === 'footnotes') span.notes = [note]
    return span
  }

  /** The endnotes section: every note in number order under a "Notes" heading. */
  placeEndnotes(ctx: Ctx): void {
    if (ctx.input.notes !== 'endnotes' || this.all.length === 0) return
    const section = ctx.structure.element('Sect')
    ctx.flow.place(heading(ctx, 'Notes', 'H2', section, { outline: 'Notes', spaceBefore: 20 }))
    for (const { note } of this.all) {
      ctx.flow.place(
        textBlock(ctx, note.paragraph, ctx.structure.sink('Note', section), { spaceBefore: 3 })
      )
    }
  }
}
