// fold(): search folding that keeps every offset — case, diacritics and letters such as ı, İ, ə mapped one UTF-16 unit to one.

import { describe, expect, it } from 'vitest'
import { fold, foldUnit } from '../../../src/shared/text/fold'

describe('fold', () => {
  it.each([
    ['ı', 'i'],
    ['İ', 'i'],
    ['I', 'i'],
    ['ə', 'e'],
    ['Ə', 'e'],
    ['ü', 'u'],
    ['Ü', 'u'],
    ['ï', 'i'],
    ['é', 'e'],
    ['È', 'e'],
    ['ç', 'c'],
    ['Ş', 's'],
    ['ğ', 'g'],
    ['ö', 'o'],
    ['œ', 'œ'],
    ['ß', 'ß'],
    ['ø', 'o'],
    ['Ł', 'l'],
    ['đ', 'd'],
    ['ħ', 'h'],
    ['ё', 'е'],
    ['Ё', 'е'],
    ['Б', 'б'],
    ['Ά', 'α'],
    ['Ω', 'ω'],
    ['’', "'"],
    ['‘', "'"],
    ['ʼ', "'"],
    ['Å', 'a'],
    ['ñ', 'n'],
    ['ž', 'z'],
    ['a', 'a'],
    ['7', '7'],
    [' ', ' '],
    ['\n', '\n']
  ])('folds %s to %s', (from, to) => {
    expect(fold(from)).toBe(to)
  })

  it.each([
    ['Bakı', 'baki'],
    ['BAKÜ', 'baku'],
    ['Türkiye', 'turkiye'],
    ['Azerbaïdjan', 'azerbaidjan'],
    ['Azərbaycan', 'azerbaycan'],
    ['İSTANBUL', 'istanbul'],
    ['Битва за Баку', 'битва за баку'],
    ['Ελληνικά', 'ελληνικα'],
    ['L’armée ottomane', "l'armee ottomane"],
    ['Selçuk Bayraktaroğlu', 'selcuk bayraktaroglu']
  ])('folds the word %s to %s', (from, to) => {
    expect(fold(from)).toBe(to)
  })

  it('keeps the length of any text, so offsets carry over', () => {
    const samples = [
      'İı Əə Üü Ïï Éé ß Ёё ﬁ ŉ ǰ ΐ',
      '𝔄𝔯𝔪𝔶 😀 🇦🇿 𓀀',
      'Tu\u0308rkiye (NFD)',
      Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join('')
    ]
    for (const text of samples) expect(fold(text).length).toBe(text.length)
  })

  it('maps every BMP code unit to exactly one unit', () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const folded = foldUnit(unit)
      expect(Number.isInteger(folded) && folded >= 0 && folded <= 0xffff).toBe(true)
    }
  })

  it('is idempotent', () => {
    const text = 'İstanbul, Bakı, Azərbaycan, Ærø, Łódź, Ёлка, Ὀδυσσεύς, ǅemal'
    expect(fold(fold(text))).toBe(fold(text))
  })

  it('leaves surrogate pairs alone', () => {
    const text = 'a𝔄b😀c'
    expect(fold(text)).toBe('a𝔄b😀c')
    expect(foldUnit(0xd835)).toBe(0xd835)
    expect(foldUnit(0xdd04)).toBe(0xdd04)
  })

  it('returns plain lower-case ASCII unchanged', () => {
    const text = 'plain ascii text 123'
    expect(fold(text)).toBe(text)
  })

  it('folds any mix of ASCII and other scripts exactly as unit by unit', () => {
    // Pieces that start and end texts, touch each other, and hold every kind of unit.
    const pieces = [
      'Baku ',
      'BAKI',
      'ı',
      'İ',
      'ə',
      'é',
      'Ü',
      'ß',
      'Ё',
      'Ω',
      '’',
      '𝔄',
      '😀',
      '\n',
      '7',
      'ǅ',
      '\u0301',
      'x'
    ]
    let seed = 7
    const next = (): number => (seed = (seed * 48271) % 0x7fffffff)
    for (let round = 0; round < 2000; round++) {
      let text = ''
      for (let k = next() % 12; k > 0; k--) text += pieces[next() % pieces.length]
      const byUnit = Array.from({ length: text.length }, (_, i) =>
        String.fromCharCode(foldUnit(text.charCodeAt(i)))
      ).join('')
      expect(fold(text), JSON.stringify(text)).toBe(byUnit)
    }
  })
})
