// Cutting a bulk import into requests: by count and by size, in order, every file exactly once.

import { describe, expect, it } from 'vitest'
import { importBatches } from '../../src/shared/import-batches'

describe('importBatches', () => {
  it('groups small files a hundred at a time', () => {
    expect(importBatches(new Array(245).fill(1000))).toEqual([
      [0, 100],
      [100, 200],
      [200, 245]
    ])
  })

  it('closes a batch before it would pass the byte limit, and a large file goes alone', () => {
    const mb = 1_000_000
    expect(importBatches([mb, mb, mb, 2 * mb, 9 * mb, mb])).toEqual([
      [0, 3],
      [3, 4],
      [4, 5],
      [5, 6]
    ])
  })

  it('covers every file once, in order, whatever the sizes', () => {
    let seed = 7
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let round = 0; round < 50; round++) {
      const sizes = Array.from({ length: Math.floor(random() * 80) }, () =>
        Math.floor(random() * 6_000_000)
      )
      const batches = importBatches(sizes)
      expect(batches.flatMap(([a, b]) => Array.from({ length: b - a }, (_, k) => a + k))).toEqual(
        sizes.map((_, i) => i)
      )
      for (const [a, b] of batches) {
        expect(b - a).toBeLessThanOrEqual(100)
        const total = sizes.slice(a, b).reduce((x, y) => x + y, 0)
        if (b - a > 1) expect(total).toBeLessThanOrEqual(4_000_000)
      }
    }
  })

  it('an empty list makes no batch', () => {
    expect(importBatches([])).toEqual([])
  })
})
