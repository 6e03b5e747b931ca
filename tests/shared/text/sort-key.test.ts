// Library sort keys: binary order of the keys is the order a reader expects of titles and names.

import { describe, expect, it } from 'vitest'
import { sortKey } from '../../../src/shared/text/sort-key'

const sorted = (xs: string[]): string[] =>
  [...xs].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))

describe('sortKey', () => {
  it('orders numbers by value, leading zeros aside', () => {
    expect(sorted(['Letter 10', 'Letter 2', 'Letter 1', 'Letter 007', 'Letter 100'])).toEqual([
      'Letter 1',
      'Letter 2',
      'Letter 007',
      'Letter 10',
      'Letter 100'
    ])
  })

  it('ignores case, diacritics and the letters search folds', () => {
    expect(sorted(['zebra', 'Élan', 'bakı', 'Baku', 'apple'])).toEqual([
      'apple',
      'bakı',
      'Baku',
      'Élan',
      'zebra'
    ])
    expect(sortKey('Bakı')).toBe(sortKey('BAKI'))
  })

  it('does not send a quoted or bracketed title to the end', () => {
    expect(sorted(['“Zeal”', '[Anonymous letter]', 'Baku'])).toEqual([
      '[Anonymous letter]',
      'Baku',
      '“Zeal”'
    ])
  })

  it('is empty for a text with neither letters nor digits (listed last as unknown)', () => {
    expect(sortKey('  — … ')).toBe('')
    expect(sortKey('')).toBe('')
  })

  it('puts numbers before letters, as Intl.Collator does', () => {
    expect(sorted(['Baku', '1918'])).toEqual(['1918', 'Baku'])
  })
})
