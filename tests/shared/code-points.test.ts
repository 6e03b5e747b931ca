// UTF-16 ⇄ code point offset conversion: surrogate pairs, both ends of the text, out-of-range offsets.

import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../src/shared/errors'
import {
  CodePointOffsets,
  codePointLength,
  codePointToUtf16,
  utf16ToCodePoint
} from '../../src/shared/text/code-points'

// "a" (1 unit), "𐎠" U+103A0 (2 units), "b", "😀" U+1F600 (2 units), "c": 7 units, 5 code points.
const TEXT = 'a𐎠b😀c'

function expectInvalid(fn: () => unknown): void {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(ArchiveError)
    expect((e as ArchiveError).code).toBe('INVALID_ARGUMENT')
    expect((e as ArchiveError).message).toMatch(/outside the text/)
    return
  }
  throw new Error('expected an INVALID_ARGUMENT error')
}

describe('code point offsets', () => {
  it('counts a character outside the BMP as one code point and two UTF-16 units', () => {
    expect(TEXT.length).toBe(7)
    expect(codePointLength(TEXT)).toBe(5)
    expect(codePointLength('')).toBe(0)
    expect(codePointLength('Bakı')).toBe(4)
  })

  it('converts every boundary both ways, including both ends', () => {
    const utf16 = [0, 1, 3, 4, 6, 7]
    utf16.forEach((u, cp) => {
      expect(utf16ToCodePoint(TEXT, u)).toBe(cp)
      expect(codePointToUtf16(TEXT, cp)).toBe(u)
    })
    expect(utf16ToCodePoint('', 0)).toBe(0)
    expect(codePointToUtf16('', 0)).toBe(0)
  })

  it('agrees with the string iterator on a longer mixed text', () => {
    const text = '🇦🇿 Bakı — Баку 𐎠𐎡 — the 107th anniversary 😀!'
    for (let u = 0; u <= text.length; u++) {
      const code = text.charCodeAt(u - 1)
      if (code >= 0xd800 && code <= 0xdbff) continue // inside a pair: covered below
      const cp = Array.from(text.slice(0, u)).length
      expect(utf16ToCodePoint(text, u)).toBe(cp)
      expect(codePointToUtf16(text, cp)).toBe(u)
    }
  })

  it('rounds an offset inside a surrogate pair down to the start of the pair', () => {
    expect(utf16ToCodePoint(TEXT, 2)).toBe(1) // between the halves of 𐎠
    expect(utf16ToCodePoint(TEXT, 5)).toBe(3) // between the halves of 😀
  })

  it('counts a lone surrogate as one code point, as the string iterator does', () => {
    const text = 'a\uD800b\uDC00c'
    expect(codePointLength(text)).toBe(5)
    expect(utf16ToCodePoint(text, 3)).toBe(3)
    expect(codePointToUtf16(text, 5)).toBe(5)
  })

  it('throws INVALID_ARGUMENT for offsets outside the text, never clamps', () => {
    expectInvalid(() => utf16ToCodePoint(TEXT, -1))
    expectInvalid(() => utf16ToCodePoint(TEXT, 8))
    expectInvalid(() => utf16ToCodePoint(TEXT, 1.5))
    expectInvalid(() => codePointToUtf16(TEXT, 6)) // 5 code points: 6 is past the end
    expectInvalid(() => codePointToUtf16(TEXT, -1))
    expectInvalid(() => codePointToUtf16(TEXT, Number.NaN))
    expectInvalid(() => codePointToUtf16('', 1))
  })

  it('converts many offsets of a large text with CodePointOffsets, both ways', () => {
    const unit = 'Baku 1918 😀 Bakı döyüşü. '
    const text = unit.repeat(40_000) // ~1 MB of UTF-16
    const offsets = new CodePointOffsets(text)
    for (let i = 0; i < 40_000; i++) {
      const u = i * unit.length + 12 // just after the emoji of repetition i
      expect(offsets.toCodePoint(u)).toBe(i * (unit.length - 1) + 11)
      expect(offsets.toUtf16(offsets.toCodePoint(u))).toBe(u)
    }
    expect(offsets.length).toBe(codePointLength(text))
  })
})
