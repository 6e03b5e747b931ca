// The full-text layout: every source in full, ¶ numbers in the margin, highlights, notes and questions.

import { type Ctx, heading, plain, textDirection, textBlock } from '../blocks'
import { citationBlock, questionBlock } from '../front'
import {
  type Mark,
  type ParaRange,
  type SpanOptions,
  paragraphAt,
  rangeSpans,
  sourceParagraphs
} from '../highlights'
import { headingCitation } from '../bibliography'
import { S } from '../styles'
import type { HandoutSource } from '../types'

/**
 * Opens a source's section: heading (with a bookmark) and its citation: the style's full note on
 * the heading (note styles) or the reference entry under it (in-text styles).
 */
export function openSource(ctx: Ctx, source: HandoutSource): PDFKit.PDFStructureElement {
  const section = ctx.structure.element('Sect', ctx.structure.root, {
    lang: source.language || undefined
  })
  ctx.flow.noteParent = section
  const cite = headingCitation(ctx, source)
  const spans = [plain(ctx, `${source.label}\u2003${source.title}`, S.h2)]
  if (cite.marker) spans.push(cite.marker)
  ctx.flow.place(
    heading(ctx, '', 'H2', section, {
      spans,
      outline: `${source.label}. ${source.title}`,
      spaceBefore: 22
    })
  )
  if (cite.reference) ctx.flow.place(citationBlock(ctx, source, section))
  return section
}

/** The marks of a source in text order. */
export function sourceMarks(ctx: Pick<Ctx, 'marks'>, source: HandoutSource): Mark[] {
  return [...(ctx.marks.get(source.id)?.values() ?? [])].sort(
    (a, b) => a.highlight.start - b.highlight.start || b.highlight.end - a.highlight.end
  )
}

/** The marks overlapping each paragraph (binary search on paragraph starts; no quadratic scan). */
export function marksByParagraph(marks: Mark[], paras: ParaRange[]): Mark[][] {
  const buckets: Mark[][] = paras.map(() => [])
  const index = (offset: number): number => {
    let lo = 0
    let hi = paras.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (paras[mid].start <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  for (const m of marks) {
    const last = index(m.highlight.end)
    for (let i = index(m.highlight.start); i <= last; i++) buckets[i].push(m)
  }
  return buckets
}

/** Renders every source in full. */
export function renderFull(ctx: Ctx): void {
  for (const source of ctx.input.sources) {
    const section = openSource(ctx, source)
    const marks = sourceMarks(ctx, source)
    const paras = sourceParagraphs(source)
    // Questions follow the paragraph where their passage ends.
    const asked = new Map<number, Mark[]>()
    for (const m of marks) {
      if (!m.highlight.question.trim()) continue
      const at = paragraphAt(paras, m.highlight.end - 1).number
      asked.set(at, [...(asked.get(at) ?? []), m])
    }
    const buckets = marksByParagraph(marks, paras)
    // The same options for every paragraph of the source but its marks.
    const options: SpanOptions = {
      style: S.body,
      marks: [],
      noteFor: (m) => ctx.notes.create(m, paragraphAt(paras, m.highlight.start).number),
      footnotes: ctx.input.notes === 'footnotes',
      linked: ctx.linked,
      clean: (t) => ctx.fonts.clean(t)
    }
    for (const [i, para] of paras.entries()) {
      options.marks = buckets[i]
      const spans = rangeSpans(source.text, para.start, para.end, options)
      ctx.flow.place(
        textBlock(
          ctx,
          {
            spans,
            direction: textDirection(source.language, source.text.slice(para.start, para.end))
          },
          ctx.structure.sink('P', section),
          {
            spaceBefore: 6,
            gutter: [plain(ctx, `¶${para.number} `, S.label)]
          }
        )
      )
      for (const m of asked.get(para.number) ?? []) {
        ctx.flow.place(questionBlock(ctx, ctx.question(), m.highlight.question, section))
      }
    }
  }
}
