// Parts every layout shares: title block, introduction, tag legend, citation, questions, links list.

import {
  type Ctx,
  BODY,
  NOTE,
  heading,
  inlineSpans,
  plain,
  quote,
  ruleBlock,
  textBlock
} from './blocks'
import { fill, pen } from './draw'
import { paragraphAt, sourceParagraphs } from './highlights'
import { markdownBlocks } from './markdown'
import type { Block, Row, Span } from './model'
import { INK, MUTED, S, chipTint, shade, tint } from './styles'
import type { HandoutHighlight, HandoutSource } from './types'

/** Title, subtitle, author and printing date, then a rule. */
export function placeTitle(ctx: Ctx): void {
  const { input, structure, flow } = ctx
  flow.place(
    heading(ctx, input.title || 'Handout', 'H1', structure.root, { style: S.title, spaceBefore: 0 })
  )
  if (input.subtitle)
    flow.place(
      textBlock(ctx, { spans: [plain(ctx, input.subtitle, S.subtitle)] }, structure.sink('P'), {
        spaceBefore: 2
      })
    )
  const byline = [input.author, input.printedOn].filter(Boolean).join(' · ')
  if (byline)
    flow.place(
      textBlock(ctx, { spans: [plain(ctx, byline, S.byline)] }, structure.sink('P'), {
        spaceBefore: 4
      })
    )
  flow.place(ruleBlock(ctx, 12))
}

/** The introduction from Markdown: paragraphs, headings, lists (with hanging bullets), quotes. */
export function placeIntroduction(ctx: Ctx): void {
  const blocks = markdownBlocks(ctx.input.introduction)
  if (!blocks.length) return
  const section = ctx.structure.element('Sect')
  let list: PDFKit.PDFStructureElement | null = null
  const { left } = ctx.flow.frame
  for (const b of blocks) {
    if (b.kind === 'h') {
      list = null
      ctx.flow.place(
        heading(ctx, '', 'H3', section, {
          spans: inlineSpans(ctx, b.inlines, { normal: S.h3, italic: S.h3, bold: S.h3 })
        })
      )
      continue
    }
    if (b.kind !== 'li') list = null
    const spans = inlineSpans(ctx, b.inlines, BODY)
    if (b.kind === 'li') {
      list ??= ctx.structure.element('L', section)
      const x = left + 16 + (b.depth ?? 0) * 16
      const gutter = b.marker ? [plain(ctx, b.marker, S.body)] : undefined
      ctx.flow.place(
        textBlock(ctx, { spans }, ctx.structure.sink('LI', list), { x, spaceBefore: 3, gutter })
      )
    } else {
      const x = b.kind === 'quote' ? left + 18 : left
      ctx.flow.place(
        textBlock(ctx, { spans }, ctx.structure.sink('P', section), { x, spaceBefore: 6 })
      )
    }
  }
}

/** Highlight counts per tag over the sources printed. */
export function tagCounts(_ctx: unknown, sources: HandoutSource[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const s of sources)
    for (const h of s.highlights)
      for (const id of new Set(h.tagIds)) counts.set(id, (counts.get(id) ?? 0) + 1)
  return counts
}

/** The legend: letter, colour swatch, name, count and description of every tag. */
export function placeLegend(ctx: Ctx, sources: HandoutSource[]): void {
  if (!ctx.input.tags.length) return
  const counts = tagCounts(ctx, sources)
  const section = ctx.structure.element('Sect')
  ctx.flow.place(heading(ctx, 'Tags', 'H2', section, { outline: 'Tags' }))
  const list = ctx.structure.element('L', section)
  const { left } = ctx.flow.frame
  for (const tag of ctx.input.tags) {
    const spans: Span[] = [
      {
        ...plain(ctx, `[${tag.letter}] `, S.body),
        chip: {
          tint: tint(tag.color),
          chip: chipTint(tag.color),
          ink: shade(tag.color),
          slot: 0,
          slots: 1
        },
        glue: true
      },
      plain(ctx, tag.name, S.bodyBold),
      plain(ctx, ` (${counts.get(tag.id) ?? 0})`, S.body)
    ]
    if (tag.description)
      spans.push(plain(ctx, ` — ${tag.description}`, { ...S.note, color: MUTED }))
    const block = textBlock(ctx, { spans }, ctx.structure.sink('LI', list), {
      x: left + 22,
      spaceBefore: 2,
      keepTogether: true
    })
    swatch(ctx, block.rows[0], left, tag.color)
    ctx.flow.place(block)
  }
}

function swatch(ctx: Ctx, row: Row, x: number, color: string): void {
  row.parts.push({
    sink: null,
    decorate: (y) => {
      fill(ctx.doc, tint(color))
      ctx.doc.rect(x, y + row.height / 2 - 5, 14, 9).fill()
      pen(ctx.doc, 0.7, shade(color))
        .rect(x, y + row.height / 2 - 5, 14, 9)
        .stroke()
    }
  })
}

/** The citation of a source as a small paragraph in the style's reference format. */
export function citationBlock(
  ctx: Ctx,
  source: HandoutSource,
  parent: PDFKit.PDFStructureElement,
  x?: number,
  width?: number
): Block {
  const spans = inlineSpans(ctx, ctx.citations.reference(source), {
    normal: { ...S.note, color: MUTED },
    italic: { ...S.noteItalic, color: MUTED },
    bold: { ...S.noteBold, color: MUTED }
  })
  return textBlock(
    ctx,
    { spans, leading: 1.3 },
    ctx.structure.sink('P', parent, { lang: source.language || undefined }),
    { x, width, spaceBefore: 3 }
  )
}

/** A student question of a passage, numbered Q1, Q2 … across the handout. */
export function questionBlock(
  ctx: Ctx,
  number: number,
  question: string,
  parent: PDFKit.PDFStructureElement,
  x?: number,
  width?: number
): Block {
  const spans = [
    plain(ctx, `Q${number}\u2002`, S.labelBold),
    ...inlineSpans(ctx, [{ text: question }], { ...BODY, normal: S.bodyItalic })
  ]
  return textBlock(ctx, { spans }, ctx.structure.sink('P', parent), {
    x: (x ?? ctx.flow.frame.left) + 12,
    width: width && width - 12,
    spaceBefore: 4
  })
}

/** "A ¶4" for a highlight. */
export function locus(source: HandoutSource, h: HandoutHighlight): string {
  return `${source.label} ¶${paragraphAt(sourceParagraphs(source), h.start).number}`
}

/** The list of links between passages, with relation and note. */
export function placeLinks(ctx: Ctx, sources: HandoutSource[]): void {
  const byId = new Map(sources.map((s) => [s.id, s]))
  const rows = ctx.input.links.flatMap((link) => {
    const a = byId.get(link.from.sourceId)
    const b = byId.get(link.to.sourceId)
    const ha = a?.highlights.find((h) => h.id === link.from.highlightId)
    const hb = b?.highlights.find((h) => h.id === link.to.highlightId)
    return a && b && ha && hb ? [{ link, a, b, ha, hb }] : []
  })
  if (!rows.length) return
  const section = ctx.structure.element('Sect')
  ctx.flow.place(heading(ctx, 'Links between passages', 'H2', section, { outline: 'Links' }))
  const list = ctx.structure.element('L', section)
  for (const { link, a, b, ha, hb } of rows) {
    const spans: Span[] = [
      plain(ctx, `${locus(a, ha)} “${quote(a.text.slice(ha.start, ha.end))}” `, S.body),
      plain(ctx, `${link.relation || 'linked to'} `, { ...S.bodyItalic, color: INK }),
      plain(ctx, `${locus(b, hb)} “${quote(b.text.slice(hb.start, hb.end))}”`, S.body)
    ]
    if (link.note.trim())
      spans.push(plain(ctx, ' — ', S.body), ...inlineSpans(ctx, [{ text: link.note }], NOTE))
    ctx.flow.place(
      textBlock(ctx, { spans }, ctx.structure.sink('LI', list), {
        x: ctx.flow.frame.left + 16,
        spaceBefore: 4,
        gutter: [plain(ctx, '◆', S.label)]
      })
    )
  }
}
