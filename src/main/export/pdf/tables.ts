// Small tables after the texts (the agreement between coders): a heading, a caption, rows of cells in columns, notes.

import { type Ctx, heading, linePart, plain, ruleBlock, textBlock } from './blocks'
import type { Block, Row } from './model'
import { MUTED, S } from './styles'
import { layoutParagraph } from './text-layout'
import type { HandoutTable } from './types'

/** Places every table of the input, each as a Table element (TR, TH, TD) in the structure tree. */
export function placeTables(ctx: Ctx): void {
  for (const table of ctx.input.tables ?? []) placeTable(ctx, table)
}

function placeTable(ctx: Ctx, t: HandoutTable): void {
  const { flow, structure } = ctx
  const section = structure.element('Sect')
  flow.place(heading(ctx, t.title, 'H2', section, { outline: t.title }))
  if (t.caption)
    flow.place(
      textBlock(
        ctx,
        { spans: [plain(ctx, t.caption, { ...S.note, color: MUTED })] },
        structure.sink('Caption', section),
        {
          spaceBefore: 2,
          keepWithNext: true
        }
      )
    )
  const { left, width } = flow.frame
  // The label column takes what the figures leave; figures are right-aligned in equal columns.
  const figureWidth = Math.min(80, (width * 0.6) / Math.max(1, t.header.length - 1))
  const labelWidth = width - figureWidth * (t.header.length - 1)
  const table = structure.element('Table', section)
  const row = (cells: string[], header: boolean): Row => {
    const tr = structure.element('TR', table)
    const out: Row = { height: 0, notes: [], parts: [] }
    cells.forEach((text, i) => {
      const style = header || i === 0 ? S.noteBold : S.note
      const w = i === 0 ? labelWidth - 6 : figureWidth - 6
      const [line] = layoutParagraph(ctx.fonts, { spans: [plain(ctx, text, style)] }, w)
      if (!line) return
      const x = i === 0 ? left : left + labelWidth + figureWidth * (i - 1) + (w - line.width) + 6
      out.height = Math.max(out.height, line.height + 2)
      out.parts.push(linePart(line, structure.sink(header ? 'TH' : 'TD', tr), x))
    })
    return out
  }
  if (t.header.length === 0 && t.rows.length === 0) {
    for (const note of t.notes)
      flow.place(
        textBlock(ctx, { spans: [plain(ctx, note, S.note)] }, structure.sink('P', section), {
          spaceBefore: 2
        })
      )
    return
  }
  const block: Block = {
    rows: [row(t.header, true), ...t.rows.map((cells) => row(cells, false))],
    spaceBefore: 4,
    keepTogether: t.rows.length < 30
  }
  flow.place(block)
  flow.place(ruleBlock(ctx, 4))
  for (const note of t.notes)
    flow.place(
      textBlock(
        ctx,
        { spans: [plain(ctx, note, { ...S.note, color: MUTED })] },
        structure.sink('P', section),
        {
          spaceBefore: 1
        }
      )
    )
}
