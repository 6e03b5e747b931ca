// Which paragraphs each highlight and find-match is drawn in.

import { expect, it } from 'vitest'
import { byParagraph } from '../../src/renderer/src/lib/highlights'
import { paragraphSpans } from '../../src/shared/text/paragraphs'

/** Every paragraph an item overlaps (a point inside one counts), by looking at each paragraph. */
function overlapping(
  spans: { start: number; end: number }[],
  item: { start: number; end: number }
): number[] {
  return spans.flatMap((s, i) =>
    item.start < s.end && (item.end > s.start || (item.end === item.start && item.start > s.start))
      ? [i]
      : []
  )
}

const text = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} `.repeat(1 + (i % 5))).join(
  '\n\n'
)
const spans = paragraphSpans(text)

it('puts each highlight in every paragraph it touches, in the order given', () => {
  let seed = 5
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
  const items = Array.from({ length: 400 }, (_, id) => {
    const start = next(text.length)
    // One in ten spans several paragraphs.
    return { id, start, end: Math.min(text.length, start + next(id % 10 === 0 ? 900 : 40)) }
  })
  // In text order (as annotations come) and shuffled (as nothing promises otherwise).
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end)
  for (const list of [sorted, items]) {
    const map = byParagraph(spans, list)
    for (let p = 0; p < spans.length; p++) {
      const expected = list.filter((it) => overlapping(spans, it).includes(p))
      expect(map.get(p) ?? [], `paragraph ${p}`).toEqual(expected)
    }
  }
})

it('leaves out highlights in the gaps between paragraphs and handles an empty text', () => {
  const gap = spans[3].end + 1
  expect([...byParagraph(spans, [{ start: gap, end: gap + 1 }]).keys()]).toEqual([])
  expect(byParagraph([], [{ start: 0, end: 4 }]).size).toBe(0)
  const across = byParagraph(spans, [{ start: spans[2].start + 1, end: spans[5].start + 2 }])
  expect([...across.keys()]).toEqual([2, 3, 4, 5])
})
