// Unit tests of the pieces under the layouts: line breaking, bidi order, paragraphs, context, CSL mapping.

import PDFDocument from 'pdfkit'
import { beforeAll, describe, expect, it } from 'vitest'
import { rtlRunText, visualOrder } from '../../../../src/main/export/pdf/bidi'
import { toCslItem } from '../../../../src/main/export/references/csl-item'
import { FontBook, loadFonts } from '../../../../src/main/export/pdf/fonts'
import { paragraphRanges, resolveMarks } from '../../../../src/main/export/pdf/highlights'
import { contextRange } from '../../../../src/main/export/pdf/layouts/excerpts'
import { markdownBlocks, markdownInline } from '../../../../src/main/export/pdf/markdown'
import type { TextStyle } from '../../../../src/main/export/pdf/model'
import { layoutParagraph } from '../../../../src/main/export/pdf/text-layout'
import { FONTS_DIR, TAGS, mark, seedSource } from './fixtures'

const body: TextStyle = { role: 'serif', size: 10, color: '#000000' }
let fonts: FontBook

beforeAll(async () => {
  const doc = new PDFDocument({ autoFirstPage: false })
  fonts = new FontBook(doc, await loadFonts(FONTS_DIR))
})

const lineText = (line: { runs: { text: string }[] }): string =>
  line.runs.map((r) => r.text).join('')

describe('line layout', () => {
  it('fills lines up to the measure at UAX #14 break opportunities, ragged right', () => {
    const text = seedSource(0, 'A').text.split('\n\n')[8]
    const lines = layoutParagraph(fonts, { spans: [{ text, style: body }] }, 300)
    expect(lines.length).toBeGreaterThan(3)
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(300.01)
    // Nothing is lost or duplicated: the lines put back together give the paragraph.
    expect(lines.map(lineText).join('').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' '))
    // Greedy: the next line's first word would not have fitted.
    for (let i = 0; i < lines.length - 1; i++) {
      const next = lineText(lines[i + 1]).split(' ')[0]
      expect(lines[i].width + fonts.width('serif', 10, ' ' + next)).toBeGreaterThan(300)
    }
  })

  it('breaks after a hyphen and a slash, and cuts a word longer than the measure', () => {
    const lines = layoutParagraph(
      fonts,
      {
        spans: [
          {
            text: 'Türkiye-Azerbaijan relations https://fr.wikipedia.org/wiki/Bataille_de_Bakou',
            style: body
          }
        ]
      },
      90
    )
    expect(lines.map(lineText)[0]).toBe('Türkiye-')
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(90.01)
  })

  it('keeps a glued tag letter with the passage after it', () => {
    const spans = [
      { text: 'aaaa bbbb cccc dddd eeee ', style: body },
      { text: '[C] ', style: body, glue: true },
      { text: 'passage', style: body }
    ]
    const width = fonts.width('serif', 10, 'aaaa bbbb cccc dddd eeee [C]') + 2
    const lines = layoutParagraph(fonts, { spans }, width)
    expect(lineText(lines[1]).startsWith('[C] passage')).toBe(true)
  })

  it('honours a line break inside a paragraph', () => {
    const lines = layoutParagraph(
      fonts,
      { spans: [{ text: 'Dear Sir,\nyours', style: body }] },
      400
    )
    expect(lines.map(lineText)).toEqual(['Dear Sir,', 'yours'])
  })

  it('falls back per character: Armenian and Hebrew to DejaVu, Arabic to Naskh', () => {
    const [line] = layoutParagraph(
      fonts,
      { spans: [{ text: 'Baku Բաքու באקו باكو', style: body }] },
      400
    )
    const fontOf = (needle: string): string | undefined =>
      line.runs.find(
        (r) => r.text.includes(needle) || r.text.includes([...needle].reverse().join(''))
      )?.font
    expect(fontOf('Baku')).toBe('serif')
    expect(fontOf('Բաքու')).toBe('dejavu')
    expect(fontOf('באקו')).toBe('dejavu')
    expect(fontOf('باكو')).toBe('naskh')
  })

  it('orders a right-to-left paragraph visually and aligns it right', () => {
    const [line] = layoutParagraph(
      fonts,
      { spans: [{ text: 'באקו היא 1918', style: body }], direction: 'rtl' },
      400
    )
    // Visual order, left to right: the number, then the second word, then the first.
    const texts = line.runs.map((r) => r.text.trim()).filter(Boolean)
    expect(texts[0]).toBe('1918')
    expect(texts[texts.length - 1]).toBe('באקו')
    expect(line.shift).toBeCloseTo(400 - line.width, 5)
  })
})

describe('bidi helpers', () => {
  it('reverses runs level by level (UAX #9 L2)', () => {
    expect(visualOrder([0, 1, 1, 0])).toEqual([0, 2, 1, 3])
    expect(visualOrder([1, 2, 2, 1])).toEqual([3, 1, 2, 0])
    expect(visualOrder([0, 0])).toEqual([0, 1])
  })

  it('hands letters to the shaper in logical order and reverses neutrals, mirroring brackets', () => {
    expect(rtlRunText('باكو')).toBe('باكو')
    expect(rtlRunText(' (')).toBe(') ')
  })
})

describe('source helpers', () => {
  it('numbers paragraphs separated by blank lines', () => {
    const paras = paragraphRanges('One.\n\nTwo\nstill two.\n \n\nThree.')
    expect(paras.map((p) => p.number)).toEqual([1, 2, 3])
    expect(paras[1]).toMatchObject({ start: 6 })
  })

  it('gives overlapping highlights their own bands', () => {
    const s = seedSource(0, 'A')
    mark(s, 'outer', 'On Sept. 15, 1918, after 30 hours of intense clashes, Baku was liberated', [
      'date'
    ])
    mark(s, 'inner', 'Baku was liberated', ['claim'])
    mark(s, 'alone', '1,130 martyrs', ['number'])
    const marks = resolveMarks(s, new Map(TAGS.map((t) => [t.id, t])), () => undefined)
    expect(marks.get('outer')!.paint).toMatchObject({ slot: 0, slots: 2 })
    expect(marks.get('inner')!.paint).toMatchObject({ slot: 1, slots: 2 })
    expect(marks.get('alone')!.paint).toMatchObject({ slot: 0, slots: 1 })
  })

  it('takes context words around a passage within its paragraph', () => {
    const s = seedSource(0, 'A')
    const h = mark(s, 'h', 'Baku was liberated', ['claim'])
    const [from, to] = contextRange(s, h.start, h.end, 3)
    expect(s.text.slice(from, to)).toBe(
      'of intense clashes, Baku was liberated. Ottoman troops received'
    )
    const [start] = contextRange(s, 0, 6, 8)
    expect(start).toBe(0)
  })

  it('maps a source to CSL-JSON (type, names, dates)', () => {
    const s = seedSource(1, 'B')
    s.creators = [
      { name: 'Dunsterville, Lionel', role: 'author' },
      { name: 'Contributeurs de Wikipédia', role: 'editor' }
    ]
    expect(toCslItem(s, true)).toMatchObject({
      type: 'entry-encyclopedia',
      author: [{ family: 'Dunsterville', given: 'Lionel' }],
      editor: [{ literal: 'Contributeurs de Wikipédia' }],
      'container-title': 'Wikipédia (fr)',
      URL: 'https://fr.wikipedia.org/wiki/Bataille_de_Bakou',
      accessed: { 'date-parts': [[2026, 11, 1]] }
    })
    expect(toCslItem({ ...s, kind: 'letter', date: '1918' }, true)).toMatchObject({
      type: 'personal_communication',
      issued: { 'date-parts': [[1918]] }
    })
  })

  it('reads Markdown without interpreting HTML', () => {
    expect(markdownInline('A *b* **c** <b>d</b>')).toEqual([
      { text: 'A ', em: false, strong: false },
      { text: 'b', em: true, strong: false },
      { text: ' ', em: false, strong: false },
      { text: 'c', em: false, strong: true },
      { text: ' ', em: false, strong: false },
      { text: '<b>', em: false, strong: false },
      { text: 'd', em: false, strong: false },
      { text: '</b>', em: false, strong: false }
    ])
    expect(markdownBlocks('- one\n- two').map((b) => [b.kind, b.marker])).toEqual([
      ['li', '•'],
      ['li', '•']
    ])
  })
})
