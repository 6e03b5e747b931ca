// Agreement on one source: paragraphs are the units, "the tag is there" the value, each member who annotated the source a coder.

import {
  alphaFromCoincidences,
  coincidences,
  contingency,
  kappaFromContingency,
  mergeSpans,
  overlapCounts,
  overlapFromCounts,
  pairCounts,
  percentFromPairs,
  type AgreementFigure,
  type AgreementReport,
  type AgreementRow,
  type Coincidences,
  type Contingency,
  type OverlapCounts,
  type PairCounts
} from './agreement'
import type { TextPosition } from './model'

/** One anchored annotation as agreement sees it. */
export interface CoderMark {
  start: number
  end: number
  tagIds: readonly string[]
  author: string
}

export interface SourceAgreementInput {
  sourceId: string
  title: string
  paragraphs: readonly TextPosition[]
  /** The source's anchored annotations (orphans have no place in a paragraph). */
  marks: readonly CoderMark[]
  /** The codebook in order (names for the table). */
  tags: readonly { id: string; name: string }[]
  /** Only this tag; else every tag a coder used, and all tags together. */
  tagId?: string
  /** Only these members; else everyone who annotated the source. */
  members?: readonly string[]
  /** Tags that are no code (the "Agreed" mark that settling differences adds). */
  ignoreTagIds?: readonly string[]
}

const none = (reason: string): AgreementFigure => ({ value: null, reason })

/** The first paragraph whose end is after `offset`. */
function firstParagraph(spans: readonly TextPosition[], offset: number): number {
  let lo = 0
  let hi = spans.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (spans[mid].end <= offset) lo = mid + 1
    else hi = mid
  }
  return lo
}

interface TagData {
  /** Per coder, 1 for each paragraph they marked with the tag. */
  rows: Uint8Array[]
  /** Per coder, the character spans they marked with the tag. */
  spans: [number, number][][]
}

export function sourceAgreement(input: SourceAgreementInput): AgreementReport {
  const { paragraphs } = input
  const ignore = new Set(input.ignoreTagIds ?? [])
  const authors = new Set(input.marks.map((m) => m.author))
  const asked = input.members ? [...new Set(input.members)] : null
  const coders = (asked ? asked.filter((m) => authors.has(m)) : [...authors]).sort((x, y) =>
    x.localeCompare(y)
  )
  const missing = asked ? asked.filter((m) => !authors.has(m)) : []
  const report: AgreementReport = {
    sourceId: input.sourceId,
    title: input.title,
    coders,
    missing,
    paragraphs: paragraphs.length,
    rows: []
  }
  if (!paragraphs.length) return { ...report, reason: 'this source has no text to compare' }
  if (!coders.length) {
    return {
      ...report,
      reason: asked
        ? 'none of these members annotated this source'
        : 'nobody has annotated this source'
    }
  }
  if (coders.length === 1) {
    return { ...report, reason: `only one coder (${coders[0]}) annotated this source` }
  }
  const coderIndex = new Map(coders.map((c, i) => [c, i]))
  const byTag = new Map<string, TagData>()
  for (const m of input.marks) {
    const c = coderIndex.get(m.author)
    if (c === undefined || m.end <= m.start) continue
    for (const tagId of m.tagIds) {
      if (ignore.has(tagId)) continue
      if (input.tagId !== undefined && tagId !== input.tagId) continue
      let data = byTag.get(tagId)
      if (!data) {
        data = {
          rows: coders.map(() => new Uint8Array(paragraphs.length)),
          spans: coders.map(() => [])
        }
        byTag.set(tagId, data)
      }
      const row = data.rows[c]
      for (let p = firstParagraph(paragraphs, m.start); p < paragraphs.length; p++) {
        if (paragraphs[p].start >= m.end) break
        row[p] = 1
      }
      data.spans[c].push([m.start, m.end])
    }
  }
  const names = new Map(input.tags.map((t) => [t.id, t.name]))
  const order = new Map(input.tags.map((t, i) => [t.id, i]))
  const tagIds =
    input.tagId !== undefined
      ? [input.tagId]
      : [...byTag.keys()].sort((x, y) => (order.get(x) ?? 1e9) - (order.get(y) ?? 1e9))
  const pooled = {
    coincidences: { disagree: 0, totals: new Map() } as Coincidences,
    pairs: { pairs: 0, agreeing: 0 } as PairCounts,
    contingency: new Map() as Contingency,
    overlap: [] as OverlapCounts,
    marked: coders.map(() => 0)
  }
  for (const tagId of tagIds) {
    const name = names.get(tagId) ?? tagId
    const data = byTag.get(tagId)
    const row: AgreementRow = {
      tagId,
      tagName: name,
      units: paragraphs.length,
      marked: coders.map(() => 0),
      percent: none(`nobody used “${name}” on this source`),
      kappa: none(`nobody used “${name}” on this source`),
      alpha: none(`nobody used “${name}” on this source`),
      overlap: none(`nobody used “${name}” on this source`)
    }
    if (data) {
      row.marked = data.rows.map((r) => r.reduce((s, v) => s + v, 0))
      row.marked.forEach((n, i) => (pooled.marked[i] += n))
      const merged = data.spans.map((s) => mergeSpans(s))
      row.percent = percentFromPairs(pairCounts(data.rows))
      pairCounts(data.rows, pooled.pairs)
      row.alpha = alphaFromCoincidences(coincidences(data.rows))
      coincidences(data.rows, pooled.coincidences)
      row.overlap = overlapFromCounts(overlapCounts(merged))
      overlapCounts(merged, pooled.overlap)
      if (coders.length === 2) {
        row.kappa = kappaFromContingency(contingency(data.rows[0], data.rows[1]))
        contingency(data.rows[0], data.rows[1], pooled.contingency)
      }
    }
    if (coders.length !== 2) row.kappa = none(kappaReason(coders.length))
    report.rows.push(row)
  }
  if (input.tagId === undefined) {
    const overall: AgreementRow = {
      tagId: null,
      tagName: 'All tags',
      units: paragraphs.length * tagIds.length,
      marked: pooled.marked,
      percent: percentFromPairs(pooled.pairs),
      kappa:
        coders.length === 2
          ? kappaFromContingency(pooled.contingency)
          : none(kappaReason(coders.length)),
      alpha: alphaFromCoincidences(pooled.coincidences),
      overlap: overlapFromCounts(pooled.overlap)
    }
    if (!tagIds.length) {
      const reason = 'no tag was used on this source'
      Object.assign(overall, {
        percent: none(reason),
        kappa: none(reason),
        alpha: none(reason),
        overlap: none(reason)
      })
    }
    report.rows.push(overall)
  }
  return report
}

function kappaReason(coders: number): string {
  return `Cohen's kappa compares exactly two coders; there are ${coders} (see alpha)`
}

/** A number for a table: three decimals, or the reason in its place. */
export function formatFigure(f: AgreementFigure, percent = false): string {
  if (f.value === null) return '—'
  return percent ? `${(f.value * 100).toFixed(1)} %` : f.value.toFixed(3)
}

/** The report as CSV (one row per tag, then all tags; a figure's reason where it has none). */
export function agreementCsv(report: AgreementReport): string {
  const cell = (v: string | number): string => {
    const s = String(v)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const fig = (f: AgreementFigure): string[] => [
    f.value === null ? '' : f.value.toFixed(3),
    f.reason ?? ''
  ]
  const head = [
    'source',
    'tag',
    'coders',
    'units',
    ...report.coders.map((c) => `paragraphs marked by ${c}`),
    'percent agreement',
    'percent note',
    'cohen kappa',
    'kappa note',
    'krippendorff alpha',
    'alpha note',
    'character overlap',
    'overlap note'
  ]
  const lines = [head.map(cell).join(',')]
  for (const r of report.rows) {
    lines.push(
      [
        report.title,
        r.tagName,
        report.coders.join('; '),
        r.units,
        ...r.marked,
        ...fig(r.percent),
        ...fig(r.kappa),
        ...fig(r.alpha),
        ...fig(r.overlap)
      ]
        .map(cell)
        .join(',')
    )
  }
  if (report.reason) {
    const why = fig({ value: null, reason: report.reason })
    const row = [report.title, '', report.coders.join('; '), 0, ...report.coders.map(() => 0)]
    lines.push([...row, ...why, ...why, ...why, ...why].map(cell).join(','))
  }
  return `${lines.join('\n')}\n`
}
