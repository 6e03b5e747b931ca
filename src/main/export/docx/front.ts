// Parts of the Word handout every layout shares: title block, introduction, tag legend, links, bibliography.

import { AlignmentType, HeadingLevel, Paragraph, ShadingType, TextRun } from 'docx'
import { inlineText } from '../pdf/citations'
import { paragraphAt, sourceParagraphs } from '../pdf/highlights'
import { markdownBlocks, type Inline } from '../pdf/markdown'
import { chipTint, tint } from '../pdf/styles'
import { tagCounts } from '../pdf/front'
import type { HandoutHighlight, HandoutSource } from '../pdf/types'
import type { DocxCtx } from './context'

const hex = (color: string): string => color.replace(/^#/, '').toUpperCase()

/** Runs of citation or Markdown inlines, italic and bold kept. */
export function inlineRuns(
  inlines: Inline[],
  extra: { size?: number; color?: string } = {}
): TextRun[] {
  return inlines.map((i) => new TextRun({ text: i.text, italics: i.em, bold: i.strong, ...extra }))
}

export function titleBlock(ctx: DocxCtx): Paragraph[] {
  const { input } = ctx
  const out = [new Paragraph({ text: input.title || 'Handout', heading: HeadingLevel.TITLE })]
  if (input.subtitle)
    out.push(
      new Paragraph({ children: [new TextRun({ text: input.subtitle, italics: true, size: 26 })] })
    )
  const byline = [input.author, input.printedOn].filter(Boolean).join(' · ')
  if (byline)
    out.push(new Paragraph({ children: [new TextRun({ text: byline, color: '666666' })] }))
  return out
}

export function introduction(ctx: DocxCtx): Paragraph[] {
  return markdownBlocks(ctx.input.introduction).map((b) => {
    if (b.kind === 'h')
      return new Paragraph({ children: inlineRuns(b.inlines), heading: HeadingLevel.HEADING_3 })
    if (b.kind === 'li') {
      const marker = b.marker ? `${b.marker}\t` : '•\t'
      return new Paragraph({
        children: [new TextRun(marker), ...inlineRuns(b.inlines)],
        indent: { left: 360 + (b.depth ?? 0) * 360, hanging: 360 }
      })
    }
    return new Paragraph({
      children: inlineRuns(b.inlines),
      indent: b.kind === 'quote' ? { left: 480 } : undefined,
      spacing: { after: 120 }
    })
  })
}

/** The tag legend: letter on its chip, name, count, description. */
export function legend(ctx: DocxCtx, sources: HandoutSource[]): Paragraph[] {
  if (!ctx.input.tags.length) return []
  const counts = tagCounts(null, sources)
  return [
    new Paragraph({ text: 'Tags', heading: HeadingLevel.HEADING_2 }),
    ...ctx.input.tags.map(
      (tag) =>
        new Paragraph({
          children: [
            new TextRun({
              text: `[${tag.letter}]`,
              bold: true,
              shading: { type: ShadingType.CLEAR, fill: hex(chipTint(tag.color)), color: 'auto' }
            }),
            new TextRun({
              text: ' ',
              shading: { type: ShadingType.CLEAR, fill: hex(tint(tag.color)), color: 'auto' }
            }),
            new TextRun({ text: ` ${tag.name}`, bold: true }),
            new TextRun(` (${counts.get(tag.id) ?? 0})`),
            ...(tag.description
              ? [new TextRun({ text: ` — ${tag.description}`, color: '555555' })]
              : [])
          ]
        })
    )
  ]
}

/** "A ¶4" for a highlight. */
function locus(source: HandoutSource, h: HandoutHighlight): string {
  return `${source.label} ¶${paragraphAt(sourceParagraphs(source), h.start).number}`
}

function quote(text: string, words = 10): string {
  const parts = text.trim().split(/\s+/)
  return parts.length > words ? `${parts.slice(0, words).join(' ')} …` : parts.join(' ')
}

/** The list of links between printed passages. */
export function linksList(ctx: DocxCtx, sources: HandoutSource[]): Paragraph[] {
  const byId = new Map(sources.map((s) => [s.id, s]))
  const rows = ctx.input.links.flatMap((link) => {
    const a = byId.get(link.from.sourceId)
    const b = byId.get(link.to.sourceId)
    const ha = a?.highlights.find((h) => h.id === link.from.highlightId)
    const hb = b?.highlights.find((h) => h.id === link.to.highlightId)
    return a && b && ha && hb ? [{ link, a, b, ha, hb }] : []
  })
  if (!rows.length) return []
  return [
    new Paragraph({ text: 'Links between passages', heading: HeadingLevel.HEADING_2 }),
    ...rows.map(
      ({ link, a, b, ha, hb }) =>
        new Paragraph({
          indent: { left: 360, hanging: 360 },
          children: [
            new TextRun('◆\t'),
            new TextRun(`${locus(a, ha)} “${quote(a.text.slice(ha.start, ha.end))}” `),
            new TextRun({ text: `${link.relation || 'linked to'} `, italics: true }),
            new TextRun(`${locus(b, hb)} “${quote(b.text.slice(hb.start, hb.end))}”`),
            ...(link.note.trim()
              ? [new TextRun(' — '), new TextRun({ text: link.note, size: 18 })]
              : [])
          ]
        })
    )
  ]
}

/** The bibliography in the style's order, each entry with the source's letter and a hanging indent. */
export function bibliography(ctx: DocxCtx, sources: HandoutSource[]): Paragraph[] {
  const byId = new Map(sources.map((s) => [s.id, s]))
  const entries = ctx.citations.bibliography().filter((e) => byId.has(e.id))
  if (!entries.length) return []
  return [
    new Paragraph({ text: ctx.citations.title, heading: HeadingLevel.HEADING_2 }),
    ...entries.map(({ id, inlines }) => {
      const source = byId.get(id) as HandoutSource
      return new Paragraph({
        indent: { left: 720, hanging: 720 },
        spacing: { after: 80 },
        children: [
          new TextRun({ text: `${source.label}\t`, bold: true }),
          ...(inlines.length ? inlineRuns(inlines) : [new TextRun(source.title)])
        ]
      })
    })
  ]
}

/** The reference entry under a source heading (in-text styles), small and muted. */
export function referenceParagraph(ctx: DocxCtx, source: HandoutSource): Paragraph {
  return new Paragraph({
    children: inlineRuns(ctx.citations.reference(source), { size: 18, color: '555555' }),
    alignment: AlignmentType.LEFT,
    spacing: { after: 120 }
  })
}

export { inlineText }
