// Metadata normalisation: dates in the forms files use, language tags, creators, tool-written titles.

import { describe, expect, it } from 'vitest'
import {
  creators,
  isoDate,
  languageTag,
  pruneMeta,
  usefulTitle
} from '../../../../src/main/archive/importers/meta-fields'

describe('isoDate', () => {
  it.each([
    ['2024-03-05T23:30:00-05:00', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['1911-04', '1911-04'],
    ['1918', '1918'],
    ["D:20240305120000+01'00'", '2024-03-05'],
    ['D:1999', '1999'],
    ['20240305T101500Z', '2024-03-05'],
    ['5 March 2024', '2024-03-05'],
    ['Tue, 05 Mar 2024 10:00:00 GMT', '2024-03-05'],
    ['March 5, 2024', '2024-03-05'],
    ['2024-13-40', '2024'],
    ['yesterday', ''],
    ['1709654400', ''],
    [null, '']
  ])('%s → %s', (input, expected) => {
    expect(isoDate(input)).toBe(expected)
  })
})

describe('other fields', () => {
  it('normalises language tags and rejects non-tags', () => {
    expect(languageTag('tr_TR')).toBe('tr-TR')
    expect(languageTag('EN-us')).toBe('en-US')
    expect(languageTag('az-latn')).toBe('az-Latn')
    expect(languageTag('English')).toBe('')
    expect(languageTag('')).toBe('')
  })

  it('builds creators without blanks, URLs, "By" or repeats', () => {
    expect(
      creators(['By Jane Doe', ' jane doe ', 'https://x.example/jd', '', null, 'Richard  Roe'])
    ).toEqual([
      { name: 'Jane Doe', role: 'author' },
      { name: 'Richard Roe', role: 'author' }
    ])
  })

  it('ignores titles written by tools', () => {
    expect(usefulTitle('Microsoft Word - Minutes of 1905')).toBe('Minutes of 1905')
    for (const t of ['Untitled', 'Document1', 'scan_0001.pdf', '  '])
      expect(usefulTitle(t)).toBe('')
  })

  it('prunes empty values so callers keep their defaults', () => {
    expect(pruneMeta({ title: 'T', publisher: '', creators: [], date: '1918' })).toEqual({
      title: 'T',
      date: '1918'
    })
  })
})
