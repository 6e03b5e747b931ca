// Comparing lists item by item.

import { expect, it } from 'vitest'
import { sameItems } from '../../src/shared/lists'

it('holds lists of the same items in the same order the same, and no others', () => {
  expect(sameItems([], [])).toBe(true)
  expect(sameItems(['a', 'b'], ['a', 'b'])).toBe(true)
  expect(sameItems(['a', 'b'], ['b', 'a'])).toBe(false)
  expect(sameItems(['a'], ['a', 'a'])).toBe(false)
  // Objects are the same item only when they are one object, unless a comparison is given.
  const one = { id: 'x' }
  expect(sameItems([one], [one])).toBe(true)
  expect(sameItems([one], [{ id: 'x' }])).toBe(false)
  expect(sameItems([one], [{ id: 'x' }], (p, q) => p.id === q.id)).toBe(true)
})
