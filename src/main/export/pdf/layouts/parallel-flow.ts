// How the two columns of the parallel layout share the page: linked passages aligned where the columns
// are nearly level, otherwise each column flows on and the link is drawn between its two ends.

import { type Ctx, linePart, plain } from '../blocks'
import { pen } from '../draw'
import type { Mark } from '../highlights'
import type { Footnote, Line, Row, RowPart, StructSink } from '../model'
import { RULE, S } from '../styles'
import { layoutParagraph } from '../text-layout'
import type { Pair } from './align'
import { locus } from '../front'

/**
 * Up to this many lines of difference, a linked pair is aligned by leaving the shorter column's
 * lines blank (a short, tidy gap); past it, the shorter column's text flows on and the link is
 * marked in both columns and drawn between its ends, so that no half-page stays empty.
 */
export const ALIGN_GAP_LINES = 6

/** One line of a column: where it goes in the structure, its indent, the question it opens. */
export interface Item {
  line: Line
  sink: StructSink
  dx: number
  asks?: Mark
  /** A link head printed in the column (the link's id and this column's side). */
  linkEnd?: { id: string; side: 0 | 1 }
}

/** A band of text between two cuts in each column, and the pair that starts it (none for the first). */
export interface Band {
  pair: Pair | null
  stacks: [Item[], Item[]]
}

/** The print plan: runs of lines set side by side, and full-width heads of aligned pairs. */
export type Segment = { kind: 'rows'; stacks: [Item[], Item[]] } | { kind: 'head'; pair: Pair }

/**
 * Plans the bands: a pair whose columns are within ALIGN_GAP_LINES of each other starts level
 * under a full-width head; any other pair gets a head in each column where its passage starts.
 */
export function planBands(
  bands: Band[],
  columnHead: (pair: Pair, side: 0 | 1) => Item[]
): Segment[] {
  const out: Segment[] = []
  let a: Item[] = []
  let b: Item[] = []
  for (const band of bands) {
    if (band.pair) {
      if (Math.abs(a.length - b.length) <= ALIGN_GAP_LINES) {
        if (a.length || b.length) out.push({ kind: 'rows', stacks: [a, b] })
        out.push({ kind: 'head', pair: band.pair })
        a = []
        b = []
      } else {
        a = [...a, ...columnHead(band.pair, 0)]
        b = [...b, ...columnHead(band.pair, 1)]
      }
    }
    a = [...a, ...band.stacks[0]]
    b = [...b, ...band.stacks[1]]
  }
  if (a.length || b.length) out.push({ kind: 'rows', stacks: [a, b] })
  return out
}

/** Lines of both columns in the order they print: row by row, the left column first. */
export function* printOrder(segments: Segment[]): Generator<Item> {
  for (const s of segments) {
    if (s.kind !== 'rows') continue
    const [a, b] = s.stacks
    for (let r = 0; r < Math.max(a.length, b.length); r++) {
      if (a[r]) yield a[r]
      if (b[r]) yield b[r]
    }
  }
}

/** The head of a pair inside one column: "◆ same event as B ¶4", the other end named. */
export function columnHeadItems(
  ctx: Ctx,
  pair: Pair,
  side: 0 | 1,
  width: number,
  sink: StructSink
): Item[] {
  const other = side === 0 ? pair.b : pair.a
  const spans = [
    plain(ctx, '◆ ', S.labelBold),
    plain(
      ctx,
      `${pair.link.relation || 'linked to'} ${locus(other.source, other.highlight)}`,
      S.relation
    )
  ]
  // The link's note once, in the left column's head (an aligned pair's full-width head has it).
  if (side === 0 && pair.link.note.trim())
    spans.push(plain(ctx, ` — ${pair.link.note.trim()}`, S.relation))
  return layoutParagraph(ctx.fonts, { spans, leading: 1.5 }, width).map((line, i) => ({
    line,
    sink,
    dx: 0,
    ...(i === 0 ? { linkEnd: { id: pair.link.id, side } } : {})
  }))
}

/** Where the ends of unaligned links were drawn on the current page, to join them. */
export class LinkConnectors {
  private readonly ends = new Map<string, { page: unknown; x: number; y: number; side: 0 | 1 }>()

  constructor(
    private readonly ctx: Ctx,
    private readonly columns: { x: number; width: number }[]
  ) {}

  /** A decoration for a link head's row: the second end drawn on the same page draws the line. */
  part(end: { id: string; side: 0 | 1 }, line: Line): RowPart {
    return {
      sink: null,
      decorate: (y) => {
        const doc = this.ctx.doc
        const col = this.columns[end.side]
        const mid = y + line.ascent - 3
        const here = {
          page: doc.page,
          x: end.side === 0 ? col.x + line.width + 4 : col.x - 4,
          y: mid,
          side: end.side
        }
        const there = this.ends.get(end.id)
        if (there && there.page === here.page && there.side !== here.side) {
          const [l, r] = here.side === 0 ? [here, there] : [there, here]
          const gutterL = this.columns[0].x + this.columns[0].width + 3
          const gutterR = this.columns[1].x - 3
          pen(doc, 0.6, RULE)
            .moveTo(l.x, l.y)
            .lineTo(gutterL, l.y)
            .lineTo(gutterR, r.y)
            .lineTo(r.x, r.y)
            .dash(2, { space: 2 })
            .stroke()
          doc.undash()
        } else this.ends.set(end.id, here)
      }
    }
  }
}

/** Rows of a run of lines set side by side (blank where a column has ended). */
export function sideBySide(
  stacks: [Item[], Item[]],
  xs: number[],
  connectors: LinkConnectors
): Row[] {
  const rows: Row[] = []
  for (let r = 0; r < Math.max(stacks[0].length, stacks[1].length); r++) {
    const parts: RowPart[] = []
    let height = 0
    const notes: Footnote[] = []
    stacks.forEach((stack, i) => {
      const item = stack[r]
      if (!item) return
      height = Math.max(height, item.line.height)
      notes.push(...item.line.notes)
      parts.push(linePart(item.line, item.sink, xs[i] + item.dx))
      if (item.linkEnd) parts.push(connectors.part(item.linkEnd, item.line))
    })
    rows.push({ height, parts, notes })
  }
  return rows
}
