// The agreement figures against the worked examples published with the measures, and what they say when there is no figure.

import { describe, expect, it } from 'vitest'
import {
  cohenKappa,
  krippendorffAlpha,
  overlapCounts,
  overlapFromCounts,
  percentAgreement,
  type Cell
} from '../../src/shared/agreement'
import { agreementCsv, sourceAgreement, type CoderMark } from '../../src/shared/agreement-source'
import { paragraphSpans } from '../../src/shared/text/paragraphs'

const _ = null

describe("Krippendorff's alpha (nominal)", () => {
  it('gives 0.095 on the binary two-coder example', () => {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    // Communication, University of Pennsylvania, section B ("Binary or dichotomous data, two
    // observers, no missing data"): alpha = 0.095.
    const matrix: Cell[][] = [
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    ]
    expect(krippendorffAlpha(matrix).value).toBeCloseTo(0.095, 3)
  })

  it('gives 0.743 on the four-coder nominal example with missing data', () => {
    // Krippendorff (2011), same paper, section C ("Nominal data, any number of observers, missing
    // data"): 4 observers, 12 units, values 1-5, with gaps; alpha = 0.743.
    const matrix: Cell[][] = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _]
    ]
    expect(krippendorffAlpha(matrix).value).toBeCloseTo(0.743, 3)
  })

  it('says why there is no figure instead of NaN', () => {
    expect(krippendorffAlpha([[1, 0, 1]])).toEqual({
      value: null,
      reason: 'no paragraph was coded by two coders'
    })
    const same = krippendorffAlpha([
      [1, 1],
      [1, 1]
    ])
    expect(same.value).toBeNull()
    expect(same.reason).toMatch(/same answer/)
  })
})

describe("Cohen's kappa", () => {
  it('gives 0.4 on the 50-item yes/no example', () => {
    // Wikipedia, "Cohen's kappa", worked example: 50 proposals, both yes 20, A yes B no 5,
    // A no B yes 10, both no 15; p_o = 0.7, p_e = 0.5, kappa = 0.4.
    const a: Cell[] = []
    const b: Cell[] = []
    const add = (x: number, y: number, n: number): void => {
      for (let i = 0; i < n; i++) {
        a.push(x)
        b.push(y)
      }
    }
    add(1, 1, 20)
    add(1, 0, 5)
    add(0, 1, 10)
    add(0, 0, 15)
    expect(cohenKappa(a, b).value).toBeCloseTo(0.4, 3)
    expect(percentAgreement([a, b]).value).toBeCloseTo(0.7, 3)
  })

  it('gives 0.130 on the second worked example (Wikipedia, 100 items)', () => {
    // Wikipedia, "Cohen's kappa", second example: yes/yes 45, yes/no 15, no/yes 25, no/no 15 of
    // 100; p_o = 0.60, p_e = 0.54, kappa = 0.1304.
    const a: Cell[] = []
    const b: Cell[] = []
    const add = (x: number, y: number, n: number): void => {
      for (let i = 0; i < n; i++) {
        a.push(x)
        b.push(y)
      }
    }
    add(1, 1, 45)
    add(1, 0, 15)
    add(0, 1, 25)
    add(0, 0, 15)
    expect(cohenKappa(a, b).value).toBeCloseTo(0.1304, 3)
  })

  it('says why there is no figure when both coders always agree on one value', () => {
    const k = cohenKappa([0, 0, 0], [0, 0, 0])
    expect(k.value).toBeNull()
    expect(k.reason).toMatch(/undefined/)
    expect(cohenKappa([], []).reason).toBe('no paragraph was coded by both coders')
  })
})

describe('percent agreement and overlap', () => {
  it('pools pairs of coders and skips missing values', () => {
    // Unit 1: three agree (3 of 3 pairs); unit 2: 1,1,0 (1 of 3 pairs); unit 3: one value only.
    expect(
      percentAgreement([
        [1, 1, 1],
        [1, 1, _],
        [1, 0, _]
      ]).value
    ).toBeCloseTo(4 / 6, 6)
  })

  it('is the characters both marked over those either marked', () => {
    // A marks 0-10, B marks 5-15: 5 in both, 15 in either.
    expect(overlapFromCounts(overlapCounts([[[0, 10]], [[5, 15]]])).value).toBeCloseTo(1 / 3, 6)
    expect(overlapFromCounts(overlapCounts([[], []])).reason).toBe('no coder marked any characters')
  })
})

describe('agreement on a source', () => {
  const text = 'First paragraph here.\n\nSecond one.\n\nThird paragraph.\n\nFourth.'
  const paragraphs = paragraphSpans(text)
  const tags = [
    { id: 'claim', name: 'Claim' },
    { id: 'place', name: 'Place' },
    { id: 'agreed', name: 'Agreed' }
  ]
  const at = (p: number, author: string, tagIds: string[], cut = 0): CoderMark => ({
    start: paragraphs[p].start + cut,
    end: paragraphs[p].end,
    tagIds,
    author
  })

  it('compares two coders per tag and over all tags', () => {
    const marks = [
      at(0, 'Ana', ['claim']),
      at(0, 'Ben', ['claim'], 6),
      at(1, 'Ana', ['claim']),
      at(2, 'Ben', ['place']),
      at(3, 'Ben', ['agreed'])
    ]
    const report = sourceAgreement({
      sourceId: 's',
      title: 'T',
      paragraphs,
      marks,
      tags,
      ignoreTagIds: ['agreed']
    })
    expect(report.coders).toEqual(['Ana', 'Ben'])
    expect(report.rows.map((r) => r.tagName)).toEqual(['Claim', 'Place', 'All tags'])
    const claim = report.rows[0]
    expect(claim.marked).toEqual([2, 1])
    expect(claim.percent.value).toBeCloseTo(0.75, 6)
    // Claim: Ana 1,1,0,0 and Ben 1,0,0,0: p_o 0.75, p_e 0.5·0.25 + 0.5·0.75 = 0.5, kappa 0.5.
    expect(claim.kappa.value).toBeCloseTo(0.5, 6)
    const place = report.rows[1]
    // Place: Ana never, Ben once: p_o 0.75 = p_e 0.75, kappa 0.
    expect(place.kappa.value).toBe(0)
    expect(place.overlap.value).toBe(0)
    const all = report.rows[2]
    expect(all.units).toBe(8)
    expect(all.percent.value).toBeCloseTo(6 / 8, 6)
    for (const r of report.rows)
      for (const f of [r.percent, r.kappa, r.alpha, r.overlap])
        expect(f.value === null ? typeof f.reason : Number.isFinite(f.value)).toBe(
          f.value === null ? 'string' : true
        )
    expect(agreementCsv(report).split('\n')[0]).toContain('krippendorff alpha')
  })

  it('counts a member who did not code the source as missing, not as "absent"', () => {
    const marks = [at(0, 'Ana', ['claim']), at(0, 'Ben', ['claim']), at(1, 'Cem', ['claim'])]
    const three = sourceAgreement({ sourceId: 's', title: 'T', paragraphs, marks, tags })
    expect(three.coders).toEqual(['Ana', 'Ben', 'Cem'])
    expect(three.rows[0].kappa.reason).toMatch(/exactly two coders; there are 3/)
    const asked = sourceAgreement({
      sourceId: 's',
      title: 'T',
      paragraphs,
      marks,
      tags,
      members: ['Ana', 'Ben', 'Dana']
    })
    expect(asked.coders).toEqual(['Ana', 'Ben'])
    expect(asked.missing).toEqual(['Dana'])
    expect(asked.rows[0].alpha.value).toBe(1)
  })

  it('states plainly when there is nothing to compare', () => {
    const base = { sourceId: 's', title: 'T', paragraphs, tags }
    expect(sourceAgreement({ ...base, marks: [] }).reason).toBe('nobody has annotated this source')
    expect(sourceAgreement({ ...base, marks: [at(0, 'Ana', ['claim'])] }).reason).toBe(
      'only one coder (Ana) annotated this source'
    )
    const unused = sourceAgreement({
      ...base,
      marks: [at(0, 'Ana', ['claim']), at(1, 'Ben', ['claim'])],
      tagId: 'place'
    })
    expect(unused.rows).toHaveLength(1)
    expect(unused.rows[0].alpha).toEqual({
      value: null,
      reason: 'nobody used “Place” on this source'
    })
  })
})
