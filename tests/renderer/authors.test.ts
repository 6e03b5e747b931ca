// Members in the reader: initials for chips and an outline style per member.

import { describe, expect, it } from 'vitest'
import { initials, outlineStyle } from '../../src/renderer/src/lib/authors'

describe('initials and outlines', () => {
  it('takes the first letters of the first and last names', () => {
    expect(initials('Ana María Pérez')).toBe('AP')
    expect(initials('ben')).toBe('BE')
    expect(initials('Ələkbər Səfərov')).toBe('ƏS')
    expect(initials('  ')).toBe('?')
  })

  it('gives members different styles in order', () => {
    const members = ['Ana', 'Ben', 'Cem']
    expect(members.map((m) => outlineStyle(m, members))).toEqual(['solid', 'dashed', 'dotted'])
  })
})
