// Small tables after the texts in the Word handout (the agreement between coders), as real Word tables.

import {
  AlignmentType,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType
} from 'docx'
import type { HandoutTable } from '../pdf/types'
import type { DocxCtx } from './context'

/** Heading, caption, the table (header row repeated on each page), then the notes under it. */
export function tables(ctx: DocxCtx): (Paragraph | Table)[] {
  return (ctx.input.tables ?? []).flatMap((t) => table(t))
}

function table(t: HandoutTable): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({ text: t.title, heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ children: [new TextRun({ text: t.caption, size: 18, color: '555555' })] })
  ]
  if (t.header.length) {
    const cell = (text: string, i: number, bold: boolean): TableCell =>
      new TableCell({
        children: [
          new Paragraph({
            alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
            children: [new TextRun({ text, bold, size: 18 })]
          })
        ]
      })
    out.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: t.header.map((h, i) => cell(h, i, true)) }),
          ...t.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i, i === 0)) }))
        ]
      })
    )
  }
  for (const note of t.notes)
    out.push(new Paragraph({ children: [new TextRun({ text: note, size: 17, color: '555555' })] }))
  return out
}
