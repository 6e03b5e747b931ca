// Inter-coder agreement: percent agreement, Cohen's kappa, Krippendorff's alpha (nominal) and character overlap, on paragraphs.

/**
 * A figure, or why there is none: every figure either has a value in [-1, 1] (alpha and kappa) or
 * [0, 1] (percent, overlap), or a one-line reason a person can read (never NaN).
 */
export interface AgreementFigure {
  value: number | null
  reason?: string
}

/** One line of the agreement table: one tag, or all tags together (tagId null). */
export interface AgreementRow {
  tagId: string | null
  /** The tag's name, or "All tags". */
  tagName: string
  /** Units compared: paragraphs (times tags, for all tags). */
  units: number
  /** For each coder (in the report's order), the paragraphs they marked with the tag. */
  marked: number[]
  percent: AgreementFigure
  kappa: AgreementFigure
  alpha: AgreementFigure
  overlap: AgreementFigure
}

/** Agreement on one source; `tag` a tag id or name; `members` who to compare (default: everyone). */
export interface AgreementQuery {
  sourceId: string
  tag?: string
  members?: string[]
}

/** What agreement({ sourceId, tag?, members? }) answers. */
export interface AgreementReport {
  sourceId: string
  title: string
  /** Members who annotated this source (the coders compared), sorted. */
  coders: string[]
  /** Members asked for who made no annotation on this source: missing data, not "absent". */
  missing: string[]
  paragraphs: number
  rows: AgreementRow[]
  /** Set when there is nothing to compare at all (one coder, no annotations). */
  reason?: string
}

/** What each figure means, in one line (the app's table and the CLI's legend). */
export const FIGURE_MEANINGS = {
  percent:
    'Percent agreement: the share of paragraphs on which two coders gave the same answer (tag there or not).',
  kappa:
    "Cohen's kappa: agreement beyond what chance would give, for exactly two coders (1 perfect, 0 chance, below 0 worse than chance).",
  alpha:
    "Krippendorff's alpha (nominal): agreement beyond chance for any number of coders, allowing missing coders (0.8 and above is usually taken as reliable).",
  overlap:
    'Overlap: the characters both coders marked with the tag, as a share of those either marked (mean over pairs of coders).'
} as const

/** A value a coder gave a unit, or null where that coder did not code the unit (missing). */
export type Cell = number | null

const none = (reason: string): AgreementFigure => ({ value: null, reason })
const round = (x: number): number => Math.round(x * 1e6) / 1e6

/**
 * Coincidence counts of a reliability matrix (coders × units, null = missing), as Krippendorff
 * defines them: each unit with m ≥ 2 values adds 1/(m-1) for every ordered pair of its values.
 * Returned as a map "c,k" → count, so that several matrices can be pooled by adding.
 */
export interface Coincidences {
  /** o[c][k] for c ≠ k, summed: the disagreeing pairs. */
  disagree: number
  /** n_c per value c. */
  totals: Map<number, number>
}

/**
 * Counts the values the coders gave unit `u` (missing ones left out) into `counts`, cleared first;
 * returns how many coders gave one.
 */
function valuesOfUnit(
  matrix: readonly ArrayLike<Cell>[],
  u: number,
  counts: Map<number, number>
): number {
  counts.clear()
  let m = 0
  for (const row of matrix) {
    const v = row[u]
    if (v === null || v === undefined) continue
    counts.set(v, (counts.get(v) ?? 0) + 1)
    m++
  }
  return m
}

export function coincidences(
  matrix: readonly ArrayLike<Cell>[],
  into?: Coincidences
): Coincidences {
  const out = into ?? { disagree: 0, totals: new Map<number, number>() }
  const units = matrix.length ? matrix[0].length : 0
  const counts = new Map<number, number>()
  for (let u = 0; u < units; u++) {
    const m = valuesOfUnit(matrix, u, counts)
    if (m < 2) continue
    // Pairs with different values: m² minus the pairs with equal values (each value with itself
    // counted once per other coder); each ordered pair weighs 1/(m-1).
    let same = 0
    for (const [v, c] of counts) {
      same += c * (c - 1)
      out.totals.set(v, (out.totals.get(v) ?? 0) + c)
    }
    out.disagree += (m * (m - 1) - same) / (m - 1)
  }
  return out
}

/** Krippendorff's alpha for nominal data from coincidence counts. */
export function alphaFromCoincidences(o: Coincidences): AgreementFigure {
  let n = 0
  let sumSquares = 0
  for (const c of o.totals.values()) {
    n += c
    sumSquares += c * c
  }
  if (n < 2) return none('no paragraph was coded by two coders')
  // Σ_{c≠k} n_c n_k = n² − Σ n_c²
  const expected = n * n - sumSquares
  if (expected === 0)
    return none('every coder gave every paragraph the same answer: no variation to measure')
  return { value: round(1 - ((n - 1) * o.disagree) / expected) }
}

/** Krippendorff's alpha (nominal) of a coders × units matrix with missing values (null). */
export function krippendorffAlpha(matrix: readonly ArrayLike<Cell>[]): AgreementFigure {
  return alphaFromCoincidences(coincidences(matrix))
}

/**
 * Pairwise percent agreement: over the units, the share of pairs of coders (both present) who gave
 * the same value, pooled over all pairs.
 */
export interface PairCounts {
  pairs: number
  agreeing: number
}

export function pairCounts(matrix: readonly ArrayLike<Cell>[], into?: PairCounts): PairCounts {
  const out = into ?? { pairs: 0, agreeing: 0 }
  const units = matrix.length ? matrix[0].length : 0
  const counts = new Map<number, number>()
  for (let u = 0; u < units; u++) {
    const m = valuesOfUnit(matrix, u, counts)
    out.pairs += (m * (m - 1)) / 2
    for (const c of counts.values()) out.agreeing += (c * (c - 1)) / 2
  }
  return out
}

export function percentFromPairs(p: PairCounts): AgreementFigure {
  if (p.pairs === 0) return none('no paragraph was coded by two coders')
  return { value: round(p.agreeing / p.pairs) }
}

export function percentAgreement(matrix: readonly ArrayLike<Cell>[]): AgreementFigure {
  return percentFromPairs(pairCounts(matrix))
}

/** A two-coder contingency table: value of coder A → value of coder B → count. */
export type Contingency = Map<number, Map<number, number>>

export function contingency(
  a: ArrayLike<Cell>,
  b: ArrayLike<Cell>,
  into?: Contingency
): Contingency {
  const table = into ?? new Map<number, Map<number, number>>()
  for (let u = 0; u < a.length; u++) {
    const x = a[u]
    const y = b[u]
    if (x === null || y === null || x === undefined || y === undefined) continue
    let row = table.get(x)
    if (!row) table.set(x, (row = new Map()))
    row.set(y, (row.get(y) ?? 0) + 1)
  }
  return table
}

/** Cohen's kappa from a contingency table of two coders. */
export function kappaFromContingency(table: Contingency): AgreementFigure {
  let n = 0
  let observed = 0
  const rowTotals = new Map<number, number>()
  const colTotals = new Map<number, number>()
  for (const [x, row] of table) {
    for (const [y, c] of row) {
      n += c
      if (x === y) observed += c
      rowTotals.set(x, (rowTotals.get(x) ?? 0) + c)
      colTotals.set(y, (colTotals.get(y) ?? 0) + c)
    }
  }
  if (n === 0) return none('no paragraph was coded by both coders')
  let chance = 0
  for (const [v, r] of rowTotals) chance += (r / n) * ((colTotals.get(v) ?? 0) / n)
  if (chance >= 1)
    return none('both coders gave every paragraph the same answer: kappa is undefined')
  return { value: round((observed / n - chance) / (1 - chance)) }
}

/** Cohen's kappa of two coders' values over the same units (units missing for either are left out). */
export function cohenKappa(a: ArrayLike<Cell>, b: ArrayLike<Cell>): AgreementFigure {
  return kappaFromContingency(contingency(a, b))
}

/** Spans [start, end) sorted and merged, so that their lengths add up to the characters covered. */
export function mergeSpans(spans: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = spans.filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0] || x[1] - y[1])
  const out: [number, number][] = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

export function coveredLength(spans: readonly (readonly [number, number])[]): number {
  let n = 0
  for (const [s, e] of spans) n += e - s
  return n
}

/** Characters in both of two merged span lists. */
export function intersectionLength(
  a: readonly (readonly [number, number])[],
  b: readonly (readonly [number, number])[]
): number {
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i][0], b[j][0])
    const e = Math.min(a[i][1], b[j][1])
    if (e > s) n += e - s
    if (a[i][1] < b[j][1]) i++
    else j++
  }
  return n
}

/** Per pair of coders, characters marked by both and by either (to be pooled over tags). */
export type OverlapCounts = { both: number; either: number }[]

export function overlapCounts(
  spansByCoder: readonly (readonly (readonly [number, number])[])[],
  into?: OverlapCounts
): OverlapCounts {
  const out = into ?? []
  let k = 0
  for (let i = 0; i < spansByCoder.length; i++) {
    for (let j = i + 1; j < spansByCoder.length; j++, k++) {
      const both = intersectionLength(spansByCoder[i], spansByCoder[j])
      const either = coveredLength(spansByCoder[i]) + coveredLength(spansByCoder[j]) - both
      const pair = out[k] ?? (out[k] = { both: 0, either: 0 })
      pair.both += both
      pair.either += either
    }
  }
  return out
}

/** The mean over pairs of coders of (characters both marked) / (characters either marked). */
export function overlapFromCounts(counts: OverlapCounts): AgreementFigure {
  const shares = counts.filter((p) => p.either > 0).map((p) => p.both / p.either)
  if (!shares.length) return none('no coder marked any characters')
  return { value: round(shares.reduce((s, x) => s + x, 0) / shares.length) }
}
