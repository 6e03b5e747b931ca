// Running header and footer on every page, drawn as pagination artifacts once the page count is known.

import type { Ctx } from './blocks'
import { decorateLine, drawLine, pen } from './draw'
import type { Span } from './model'
import { INK, MUTED, RULE, S, chipTint, shade, tint } from './styles'
import { layoutParagraph } from './text-layout'

/**
 * Prepares the running header and footer: the returned function draws "title … Parallax handout ·
 * p. N" on top and "tags … page N of M" at the foot of the current page, once M is known.
 */
export function furniture(ctx: Ctx, pageHeight: number): (page: number, total: number) => void {
  const { doc, fonts, structure, input } = ctx
  const { left, width } = ctx.flow.frame
  const legend: Span[] = []
  for (const tag of input.tags) {
    const chip = {
      tint: tint(tag.color),
      chip: chipTint(tag.color),
      ink: shade(tag.color),
      slot: 0,
      slots: 1
    }
    legend.push({ text: `[${tag.letter}] `, style: { ...S.label, color: INK }, chip, glue: true })
    legend.push({ text: fonts.clean(`${tag.name}   `), style: S.label })
  }
  const legendLine = legend.length
    ? layoutParagraph(fonts, { spans: legend }, width * 0.7)[0]
    : null
  // The running title is the same on every page: fitted and laid out once.
  const title = fit(ctx, input.title, width * 0.62)
  const head = layoutParagraph(fonts, { spans: [{ text: title, style: S.label }] }, width)[0]
  return (page, total) => {
    // Characters replaced in the title are counted once per page it is printed on.
    if (page > 1) fonts.clean(oneLine(input.title))
    structure.artifact(() => {
      drawLine(doc, head, left, 36)
      const mark = layoutParagraph(
        fonts,
        { spans: [{ text: `Parallax handout · p. ${page}`, style: S.label }], align: 'right' },
        width
      )[0]
      drawLine(doc, mark, left, 36)
      pen(doc, 0.5, RULE)
        .moveTo(left, 36 + head.height + 2)
        .lineTo(left + width, 36 + head.height + 2)
        .stroke()
      const footY = pageHeight - 44
      if (legendLine) {
        decorateLine(doc, legendLine, left, footY)
        drawLine(doc, legendLine, left, footY)
      }
      const of = layoutParagraph(
        fonts,
        {
          spans: [{ text: `page ${page} of ${total}`, style: { ...S.label, color: MUTED } }],
          align: 'right'
        },
        width
      )[0]
      drawLine(doc, of, left, footY)
    }, 'Pagination')
  }
}

// Shortens a title to fit the header, with an ellipsis.
function fit(ctx: Ctx, text: string, width: number): string {
  const clean = ctx.fonts.clean(oneLine(text))
  const lines = layoutParagraph(ctx.fonts, { spans: [{ text: clean, style: S.label }] }, width)
  if (lines.length <= 1) return clean
  const first = lines[0].runs.map((r) => r.text).join('')
  return first.trimEnd() + ' …'
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
