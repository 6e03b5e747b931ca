// A paragraph's runs of text as the reader draws them: what each run shows (highlight tint, underlines,
// tooltip, find marks, link markers). text-dom.ts's drawRuns makes their elements.

import type { Annotation, Tag, TextPosition } from '../../../shared/model'
import { sameItems } from '../../../shared/lists'
import { outlineStyle } from './authors'
import { byNesting, colorOf, describe, underlineBands } from './highlights'
import { segmentsOf } from './segments'

export interface RunView {
  start: number
  text: string
  /** The covering annotations' ids, innermost first: the order a click cycles through. */
  ids: string[]
  /** Tint, underlines (when several annotations cover the run) and tooltip of a highlighted run. */
  tint: string
  bands: string | null
  title: string
  /** The innermost annotation's maker, and their outline style (when outlines are on). */
  author: string
  outline: string | null
  /** A search hit or find match covers the run; `current` is the one stepped to. */
  mark: boolean
  current: boolean
  /** Links ending at the run's end: a marker after the run follows each. */
  links: { id: string; label: string }[]
}

export interface RunInput {
  text: string
  span: TextPosition
  annotations: readonly Annotation[]
  marks: readonly TextPosition[]
  current: TextPosition | null
  tags: ReadonlyMap<string, Tag>
  linkEnds: ReadonlySet<string>
  /** Members in order, when each member's highlights get their own outline style. */
  outlineAuthors: readonly string[] | null
}

/** The runs of a paragraph: its text cut at every annotation and mark boundary. */
export function runViews(p: RunInput): RunView[] {
  const { annotations } = p
  return segmentsOf(p.text, p.span, [...annotations, ...p.marks]).map((seg): RunView => {
    const anns = byNesting(
      seg.covers.filter((i) => i < annotations.length).map((i) => annotations[i])
    )
    const inCurrent = p.current !== null && seg.start >= p.current.start && seg.end <= p.current.end
    const colors = anns.map((a) => colorOf(a, p.tags))
    return {
      start: seg.start,
      text: seg.text,
      ids: anns.map((a) => a.id),
      tint: colors[0] ?? '',
      // One annotation's underline is the stylesheet's (in its tint): no style to parse per run.
      bands: anns.length > 1 ? underlineBands(colors) : null,
      title: anns
        .map((a) => `${describe(a, p.tags)}${a.createdBy ? ` — ${a.createdBy}` : ''}`)
        .join('\n'),
      author: anns[0]?.createdBy ?? '',
      outline:
        p.outlineAuthors && anns.length ? outlineStyle(anns[0].createdBy, p.outlineAuthors) : null,
      mark: !inCurrent && seg.covers.some((i) => i >= annotations.length),
      current: inCurrent,
      links: annotations
        .filter((a) => a.end === seg.end && p.linkEnds.has(a.id))
        .map((a) => ({ id: a.id, label: `Follow the link of “${a.exact.slice(0, 40)}”` }))
    }
  })
}

/** Whether two lists of runs draw the same (so a paragraph need not be drawn again). */
export function sameRuns(a: readonly RunView[], b: readonly RunView[]): boolean {
  return sameItems(
    a,
    b,
    (x, y) =>
      x.start === y.start &&
      x.text === y.text &&
      x.tint === y.tint &&
      x.bands === y.bands &&
      x.title === y.title &&
      x.author === y.author &&
      x.outline === y.outline &&
      x.mark === y.mark &&
      x.current === y.current &&
      sameItems(x.ids, y.ids) &&
      sameItems(x.links, y.links, (l, m) => l.id === m.id && l.label === m.label)
  )
}
