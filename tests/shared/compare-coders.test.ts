// Pairing two coders' marks: same extent and tags match; the rest are differences of the right kind.

import { describe, expect, it } from 'vitest'
import { compareMarks, type CompareMark } from '../../src/shared/compare-coders'

let n = 0
const mark = (start: number, end: number, tagIds: string[], by = 'x'): CompareMark => ({
  id: `m${++n}`,
  start,
  end,
  tagIds,
  note: '',
  exact: '',
  createdBy: by,
  modified: '',
  paragraph: 1,
  agreed: false
})

describe('compareMarks', () => {
  it('matches equal marks and names each difference', () => {
    const a = [mark(0, 10, ['p']), mark(20, 30, ['c']), mark(40, 50, ['p']), mark(70, 80, ['p'])]
    const b = [mark(0, 10, ['p']), mark(20, 30, ['l']), mark(45, 60, ['p']), mark(90, 95, ['d'])]
    const { matching, differences } = compareMarks(a, b)
    expect(matching).toBe(1)
    expect(differences.map((d) => d.kind)).toEqual(['tags', 'extent', 'only-a', 'only-b'])
    expect(differences[1].tagsDiffer).toBe(false)
  })

  it('pairs a long mark with its best counterpart and leaves the other as one side only', () => {
    // A marks one long passage; B marks two pieces of it, the second with the same tag.
    const long = mark(0, 100, ['p'])
    const pieceOther = mark(0, 60, ['c'])
    const pieceSame = mark(70, 90, ['p'])
    const { differences } = compareMarks([long], [pieceOther, pieceSame])
    expect(differences).toHaveLength(2)
    // Both start at 0: the pair (listed from A's side) comes first.
    expect(differences[0]).toMatchObject({ kind: 'extent', a: long, b: pieceSame })
    expect(differences[1]).toMatchObject({ kind: 'only-b', b: pieceOther })
  })

  it('finds nothing to say about two empty sides', () => {
    expect(compareMarks([], [])).toEqual({ matching: 0, differences: [] })
  })
})
