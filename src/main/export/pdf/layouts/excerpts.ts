// The excerpts layout: only highlighted passages with a few words of context, grouped by source or tag.

import { type Ctx, heading, plain, textDirection, textBlock } from '../blocks'
import { inlineText } from '../citations'
import { questionBlock } from '../front'
import { type Mark, paragraphAt, sourceParagraphs, rangeSpans } from '../highlights'
import type { Span } from '../model'
import { MUTED, S, markerStyle, shade } from '../styles'
import type { HandoutSource } from '../types'
import { openSource, sourceMarks } from './full'

/** Renders the excerpts, grouped as the input asks. */
export function renderExcerpts(ctx: Ctx): void {
  if (ctx.input.groupBy === 'source') {
    for (const source of ctx.input.sources) {
      const section = openSource(ctx, source)
      for (const mark of sourceMarks(ctx, source)) placeExcerpt(ctx, mark, section, false)
    }
    return
  }
  const all = ctx.input.sources.flatMap((s) => sourceMarks(ctx, s))
  const groups = ctx.input.tags.map((tag) => ({
    tag,
    marks: all.filter((m) => m.tags.some((t) => t.id === tag.id))
  }))
  for (const { tag, marks } of groups) {
    if (!marks.length) continue
    const section = ctx.structure.element('Sect')
    ctx.flow.noteParent = section
    const spans: Span[] = [
      plain(ctx, `[${tag.letter}]`, markerStyle(S.h2, shade(tag.color))),
      plain(ctx, `\u2002${tag.name}`, S.h2)
    ]
    ctx.flow.place(
      heading(ctx, tag.name, 'H2', section, { spans, outline: tag.name, spaceBefore: 22 })
    )
    for (const mark of marks) placeExcerpt(ctx, mark, section, true)
  }
  const untagged = all.filter((m) => m.tags.length === 0)
  if (untagged.length) {
    const section = ctx.structure.element('Sect')
    ctx.flow.noteParent = section
    ctx.flow.place(
      heading(ctx, 'Untagged passages', 'H2', section, { outline: 'Untagged', spaceBefore: 22 })
    )
    for (const mark of untagged) placeExcerpt(ctx, mark, section, true)
  }
  // Grouped by tag, the sources are cited in the bibliography at the end (one bookmark each).
}

/** One excerpt: locator line, passage with context and "…", then the question for students. */
function placeExcerpt(
  ctx: Ctx,
  mark: Mark,
  parent: PDFKit.PDFStructureElement,
  withSource: boolean
): void {
  const { source, highlight: h } = mark
  const paras = sourceParagraphs(source)
  const first = paragraphAt(paras, h.start)
  const last = paragraphAt(paras, h.end - 1)
  const from = wordsBefore(
    source.text,
    h.start,
    Math.min(first.start, h.start),
    ctx.input.contextWords
  )
  const to = wordsAfter(source.text, h.end, Math.max(last.end, h.end), ctx.input.contextWords)
  const locator = `${source.label} ¶${first.number}${last.number !== first.number ? `–${last.number}` : ''}`
  const label: Span[] = [plain(ctx, locator, S.labelBold)]
  if (withSource) label.push(plain(ctx, `\u2002${source.title}`, S.label))
  // A note style cites the passage in a footnote (short after the first); others in the header.
  if (ctx.citations.notes) {
    const note = ctx.notes.citation(source, first.number)
    label.push(plain(ctx, '\u2009', S.label), ctx.notes.marker(note, S.label))
  } else
    label.push(plain(ctx, `\u2002${inlineText(ctx.citations.cite(source, first.number))}`, S.label))
  const box = ctx.structure.element('Div', parent)
  ctx.flow.place(
    textBlock(ctx, { spans: label }, ctx.structure.sink('P', box), {
      spaceBefore: 12,
      keepWithNext: true
    })
  )
  const spans: Span[] = []
  const cutBefore = source.text.slice(first.start, from).trim() !== ''
  const cutAfter = source.text.slice(to, last.end).trim() !== ''
  if (cutBefore) spans.push(plain(ctx, '… ', { ...S.body, color: MUTED }))
  spans.push(
    ...rangeSpans(source.text, from, to, {
      style: S.body,
      marks: [mark],
      noteFor: (m) => ctx.notes.create(m, first.number),
      footnotes: ctx.input.notes === 'footnotes',
      linked: ctx.linked,
      clean: (t) => ctx.fonts.clean(t.replace(/\s*\n\s*/g, ' '))
    })
  )
  if (cutAfter) spans.push(plain(ctx, ' …', { ...S.body, color: MUTED }))
  const sink = ctx.structure.sink('BlockQuote', box, { lang: source.language || undefined })
  const direction = textDirection(source.language, source.text.slice(from, to))
  ctx.flow.place(
    textBlock(ctx, { spans, direction }, sink, { x: ctx.flow.frame.left + 14, spaceBefore: 2 })
  )
  if (h.question.trim()) ctx.flow.place(questionBlock(ctx, ctx.question(), h.question, box))
}

const SPACE = /\s/

/** Offset `count` words before `at`, not before `limit` (a partial word at `at` comes along). */
export function wordsBefore(text: string, at: number, limit: number, count: number): number {
  let i = at
  while (i > limit && !SPACE.test(text[i - 1])) i--
  for (let words = 0; words < count && i > limit; words++) {
    while (i > limit && SPACE.test(text[i - 1])) i--
    while (i > limit && !SPACE.test(text[i - 1])) i--
  }
  while (i < at && SPACE.test(text[i])) i++
  return i
}

/** Offset `count` words after `at`, not past `limit`. */
export function wordsAfter(text: string, at: number, limit: number, count: number): number {
  let i = at
  while (i < limit && !SPACE.test(text[i])) i++
  for (let words = 0; words < count && i < limit; words++) {
    while (i < limit && SPACE.test(text[i])) i++
    while (i < limit && !SPACE.test(text[i])) i++
  }
  while (i > at && SPACE.test(text[i - 1])) i--
  return i
}

/** Exposed for tests: the context range of a highlight. */
export function contextRange(
  source: HandoutSource,
  start: number,
  end: number,
  words: number
): [number, number] {
  const paras = sourceParagraphs(source)
  const first = paragraphAt(paras, start)
  const last = paragraphAt(paras, end - 1)
  return [
    wordsBefore(source.text, start, Math.min(first.start, start), words),
    wordsAfter(source.text, end, Math.max(last.end, end), words)
  ]
}
