// Paragraph spans and numbers of stored text, and the normalisation every stored text goes through.

import { describe, expect, it } from 'vitest'
import { normalizeText, paragraphNumber, paragraphSpans } from '../../../src/shared/text/paragraphs'

describe('paragraphSpans', () => {
  it.each([
    ['', []],
    ['one', [[0, 3]]],
    [' \t ', [[0, 3]]],
    ['one\ntwo', [[0, 7]]],
    [
      'one\n\ntwo',
      [
        [0, 3],
        [5, 8]
      ]
    ],
    [
      'one\n\n\n\ntwo\n\nthree',
      [
        [0, 3],
        [7, 10],
        [12, 17]
      ]
    ],
    [
      'one\n \t\ntwo',
      [
        [0, 3],
        [7, 10]
      ]
    ],
    ['\n\none\n\n', [[2, 5]]],
    ['one\n\n', [[0, 3]]]
  ] as [string, [number, number][]][])('splits %j', (text, spans) => {
    expect(paragraphSpans(text)).toEqual(spans.map(([start, end]) => ({ start, end })))
  })

  it('gives spans whose text has no blank line', () => {
    const text = 'A first.\n\nA second\nwith two lines.\n\n\nA third.'
    const parts = paragraphSpans(text).map((s) => text.slice(s.start, s.end))
    expect(parts).toEqual(['A first.', 'A second\nwith two lines.', 'A third.'])
  })
})

describe('paragraphNumber', () => {
  const text = 'one\n\ntwo\n\nthree'
  const spans = paragraphSpans(text)

  it.each([
    [0, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 2],
    [7, 2],
    [8, 3],
    [10, 3],
    [15, 3],
    [99, 3]
  ])('offset %i is in paragraph %i', (offset, n) => {
    expect(paragraphNumber(spans, offset)).toBe(n)
  })

  it('is 1 for a text without paragraphs', () => {
    expect(paragraphNumber([], 0)).toBe(1)
  })
})

describe('normalizeText', () => {
  it.each([
    ['drops a leading BOM', '\uFEFFtext', 'text'],
    ['keeps a BOM elsewhere (zero-width no-break space)', 'a\uFEFFb', 'a\uFEFFb'],
    ['turns CRLF into LF', 'a\r\nb\r\n', 'a\nb\n'],
    ['turns CR into LF', 'a\rb\r\rc', 'a\nb\n\nc'],
    [
      'removes C0 and C1 controls',
      'a\u0000b\u0001c\u0007d\u001be\u007ff\u0085g\u009fh',
      'abcdefgh'
    ],
    ['keeps tab and newline', 'a\tb\nc', 'a\tb\nc'],
    ['composes to NFC', 'Tu\u0308rkiye entre\u0301e', 'Türkiye entrée'],
    [
      'keeps ı, ə and other letters as they are',
      'Bakı Azərbaycan İstanbul',
      'Bakı Azərbaycan İstanbul'
    ],
    ['keeps characters outside the BMP', '𝔄 😀', '𝔄 😀'],
    ['keeps leading and trailing spaces', '  text  ', '  text  ']
  ])('%s', (_what, input, output) => {
    expect(normalizeText(input)).toBe(output)
  })

  it('is idempotent', () => {
    const text = '\uFEFFa\r\nb\u0001 Tu\u0308rkiye'
    expect(normalizeText(normalizeText(text))).toBe(normalizeText(text))
  })
})

describe('normalizeText keeps NFC however it gets there', () => {
  it('matches String.normalize on Latin, punctuation, decomposed letters and NFC singletons', () => {
    const samples = [
      'Plain English with “curly quotes” — and dashes…',
      'Türkiye, Azərbaycan, Bakı, İstanbul, şehir, ağaç',
      'déroulée written as de\u0301roule\u0301e',
      'Ångström with U+212B: \u212B and the Ohm sign \u2126',
      'En quad \u2000 and em quad \u2001',
      'Devanagari qa \u0958 and Hebrew \uFB1D',
      'Hangul jamo \u1100\u1161\u11A8',
      'Битва за Баку и Баку\u0301'
    ]
    for (const s of samples) expect(normalizeText(s)).toBe(s.normalize('NFC'))
  })
})
