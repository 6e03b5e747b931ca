// Argument checks of the core: EDTF/ISO dates, BCP 47 language tags, metadata patches.

import { describe, expect, it } from 'vitest'
import {
  canonicalLanguage,
  checkMetaPatch,
  expectId,
  isValidDate
} from '../../../src/main/archive/validate'
import { ArchiveError } from '../../../src/shared/errors'

describe('isValidDate', () => {
  it.each([
    '',
    '1918',
    '0800',
    '-0044',
    '1918-09',
    '1918-09-15',
    '1918-09-15?',
    '1918-09-15~',
    '1918-09-15%',
    '1918?',
    '1918-21',
    '1918-24',
    '2024-02-29',
    '1918-06/1918-09',
    '1918-06-01/1918-09-15?',
    '../1918',
    '1918/..',
    '/1918',
    '1918/',
    '2025-09-15T10:30:00Z',
    '2025-09-15T10:30:00.123+03:00',
    '2025-09-15T10:30'
  ])('accepts %j', (date) => {
    expect(isValidDate(date)).toBe(true)
  })

  it.each([
    'Sept 1918',
    '15 September 1918',
    '15.09.1918',
    '09/15/1918',
    '18',
    '191',
    '19180',
    '1918-9',
    '1918-13',
    '1918-00',
    '1918-09-31',
    '1918-02-30',
    '2023-02-29',
    '1918-09-15??',
    '1918/1919/1920',
    '/',
    '../..',
    '..',
    '1918-09-15 ',
    'abc',
    '2025-13-01T10:00:00Z'
  ])('refuses %j', (date) => {
    expect(isValidDate(date)).toBe(false)
  })
})

describe('canonicalLanguage', () => {
  it.each([
    ['en', 'en'],
    ['EN-gb', 'en-GB'],
    ['az-latn', 'az-Latn'],
    ['az-Latn-AZ', 'az-Latn-AZ'],
    ['fr', 'fr'],
    ['ru', 'ru'],
    ['  tr  ', 'tr'],
    ['', ''],
    ['   ', '']
  ])('canonicalises %j to %j', (tag, canonical) => {
    expect(canonicalLanguage(tag)).toBe(canonical)
  })

  it.each(['english!!', 'e', 'en_GB', 'en--GB', '12'])('refuses %j', (tag) => {
    expect(() => canonicalLanguage(tag)).toThrow(ArchiveError)
    expect(() => canonicalLanguage(tag)).toThrow(/language tag/)
  })
})

describe('checkMetaPatch', () => {
  it('trims and NFC-normalises text fields, canonicalises language and URL', () => {
    expect(
      checkMetaPatch({
        title: '  Tu\u0308rkiye  ',
        language: 'tr-tr',
        url: 'HTTPS://Example.org/a b'
      })
    ).toEqual({ title: 'Türkiye', language: 'tr-TR', url: 'https://example.org/a%20b' })
  })

  it('accepts an empty patch and nothing for undefined fields', () => {
    expect(checkMetaPatch({})).toEqual({})
    expect(checkMetaPatch(undefined)).toEqual({})
    expect(checkMetaPatch({ title: undefined })).toEqual({})
  })

  it.each([
    [{ title: 'x'.repeat(2001) }, /too long/],
    [{ description: 7 }, /must be text/],
    [{ url: 'file:///etc/passwd' }, /file:/],
    [{ url: 'data:text/html,hi' }, /data:/],
    [[], /must be an object/],
    ['title', /must be an object/]
  ])('refuses %j', (patch, message) => {
    expect(() => checkMetaPatch(patch)).toThrow(message)
  })
})

describe('expectId', () => {
  it('accepts ids and refuses anything else', () => {
    expect(expectId('7QX2K9PA')).toBe('7QX2K9PA')
    for (const bad of ['', 'a b', '../x', 'x'.repeat(65), 42, null]) {
      expect(() => expectId(bad)).toThrow(ArchiveError)
    }
  })
})
