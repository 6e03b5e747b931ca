// The handout's bibliography at the end, in its citation style's order, and the citation under a source heading.

import { type Ctx, heading, inlineSpans, plain, textBlock } from './blocks'
import type { Block, Footnote, Span } from './model'
import { MUTED, S } from './styles'
import type { HandoutSource } from './types'

const MUTED_NOTE = {
  normal: { ...S.note, color: MUTED },
  italic: { ...S.noteItalic, color: MUTED },
  bold: { ...S.noteBold, color: MUTED }
}

/**
 * How a source's heading cites it: a note style puts a note marker after the title (the full
 * note); an in-text style prints the reference entry under it. Returns the marker span or the
 * reference's spans.
 */
export function headingCitation(
  ctx: Ctx,
  source: HandoutSource,
  titleStyle = S.h2
): { marker: Span | null; reference: Span[] | null; note: Footnote | null } {
  if (ctx.citations.notes) {
    const note = ctx.notes.citation(source, null)
    return { marker: ctx.notes.marker(note, titleStyle), reference: null, note }
  }
  return { marker: null, reference: referenceSpans(ctx, source), note: null }
}

/** A source's reference entry as muted note-size spans. */
export function referenceSpans(ctx: Ctx, source: HandoutSource): Span[] {
  return inlineSpans(ctx, ctx.citations.reference(source), MUTED_NOTE)
}

/**
 * The bibliography: every printed source in the style's order, hanging indent, the source's
 * letter in the margin. `bookmarks` adds one outline entry per source (when no heading did).
 */
export function placeBibliography(ctx: Ctx, sources: HandoutSource[], bookmarks = false): void {
  const byId = new Map(sources.map((s) => [s.id, s]))
  const entries = ctx.citations.bibliography().filter((e) => byId.has(e.id))
  if (!entries.length) return
  const section = ctx.structure.element('Sect')
  ctx.flow.noteParent = section
  ctx.flow.place(
    heading(ctx, ctx.citations.title, 'H2', section, {
      outline: ctx.citations.title,
      spaceBefore: 22
    })
  )
  const list = ctx.structure.element('L', section)
  const { left } = ctx.flow.frame
  for (const { id, inlines } of entries) {
    const source = byId.get(id) as HandoutSource
    const spans = inlines.length
      ? inlineSpans(ctx, inlines, { normal: S.body, italic: S.bodyItalic, bold: S.bodyBold })
      : [plain(ctx, source.title, S.body)]
    const block: Block = textBlock(
      ctx,
      { spans, leading: 1.35 },
      ctx.structure.sink('LI', list, { lang: source.language || undefined }),
      {
        x: left + 22,
        spaceBefore: 5,
        gutter: [plain(ctx, source.label, S.labelBold)],
        onPlace: bookmarks
          ? () => ctx.doc.outline.addItem(`${source.label}. ${source.title}`)
          : undefined
      }
    )
    ctx.flow.place(block)
  }
}
