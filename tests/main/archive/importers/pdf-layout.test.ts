// PDF layout rules on synthetic lines: running heads and feet, paragraph breaks, hyphenation, columns.

import { describe, expect, it } from 'vitest'
import {
  dropRunningHeads,
  linesToParagraphs,
  runsToLines,
  type Line
} from '../../../../src/main/archive/importers/pdf-layout'

/** Lines of a page at 12 pt, 14 pt apart, full width (72..540) unless given. */
function page(texts: (string | [string, Partial<Line>])[], top = 720): Line[] {
  return texts.map((t, i) => {
    const [text, extra] = typeof t === 'string' ? [t, {}] : t
    return { text, x: 72, xEnd: 540, y: top - i * 14, size: 12, ...extra }
  })
}

describe('runsToLines', () => {
  it('joins runs on one baseline, adding a space only at a visible gap, and splits at pdf.js line ends', () => {
    const lines = runsToLines([
      { str: 'Hel', x: 72, y: 700, width: 18, size: 12, eol: false },
      { str: 'lo', x: 90, y: 700, width: 12, size: 12, eol: false },
      { str: 'world', x: 108, y: 700.5, width: 30, size: 12, eol: true },
      { str: '', x: 0, y: 0, width: 0, size: 12, eol: true },
      { str: 'next', x: 72, y: 686, width: 24, size: 12, eol: false }
    ])
    expect(lines.map((l) => l.text)).toEqual(['Hello world', 'next'])
  })
})

describe('dropRunningHeads', () => {
  it('drops headers and numbered footers that recur on most pages, keeping one-off lines', () => {
    const words = ['', 'harbour', 'strike', 'wages', 'return']
    const pages = [1, 2, 3, 4].map((n) =>
      page([
        n === 1 ? 'Cover title' : 'Chronicle of the Strike',
        `The ${words[n]} was the subject of this page.`,
        `More about the ${words[n]} follows here.`,
        n % 2 ? `Page ${n}` : `Page ${['', 'i', 'ii', 'iii', 'iv'][n]}`
      ])
    )
    const kept = dropRunningHeads(pages).map((p) => p.map((l) => l.text))
    expect(kept[0]).toEqual([
      'Cover title',
      'The harbour was the subject of this page.',
      'More about the harbour follows here.'
    ])
    expect(kept[3]).toEqual([
      'The return was the subject of this page.',
      'More about the return follows here.'
    ])
  })

  it('leaves a single page alone', () => {
    const one = [page(['1', 'Only text', '2'])]
    expect(dropRunningHeads(one)).toEqual(one)
  })
})

describe('linesToParagraphs', () => {
  it('breaks at gaps, indents, font-size changes and short sentence-final lines', () => {
    const lines = [
      ...page([['Chapter One', { size: 18, xEnd: 200 }]], 740),
      ...page(
        [
          'It was a cold morning when the delegates',
          'arrived at the station and the crowd',
          ['was waiting.', { xEnd: 150 }],
          'The second paragraph has no indent and',
          'no gap but follows a short final line.',
          ['An indented paragraph starts here and', { x: 90 }],
          'goes on.'
        ],
        700
      ),
      ...page(['After a gap, a new paragraph.'], 580)
    ]
    expect(linesToParagraphs([lines])).toEqual([
      'Chapter One',
      'It was a cold morning when the delegates arrived at the station and the crowd was waiting.',
      'The second paragraph has no indent and no gap but follows a short final line.',
      'An indented paragraph starts here and goes on.',
      'After a gap, a new paragraph.'
    ])
  })

  it('undoes hyphenation only before a lower-case letter, and removes soft hyphens', () => {
    const lines = page([
      'The committee examined the exam-',
      'ple of the Franco-',
      'Prussian veterans and their self\u00ad',
      'less wives, all of them.'
    ])
    expect(linesToParagraphs([lines])).toEqual([
      'The committee examined the example of the Franco-Prussian veterans and their selfless wives, all of them.'
    ])
  })

  it('continues a paragraph across a page break unless the new page starts indented', () => {
    const p1 = page(['The paragraph runs to the end of', 'the page and then'])
    const p2 = page(['continues on the next one without', ['a break at all.', { xEnd: 160 }]])
    const p3 = page([['A new paragraph on a new page.', { x: 90 }]])
    expect(linesToParagraphs([p1, p2, p3])).toEqual([
      'The paragraph runs to the end of the page and then continues on the next one without a break at all.',
      'A new paragraph on a new page.'
    ])
  })

  it('starts a new paragraph when the text jumps up into a new column', () => {
    const left = page(['Left column text that', 'ends here'], 700).map((l) => ({ ...l, xEnd: 290 }))
    const right = page(['Right column text.'], 700).map((l) => ({ ...l, x: 310 }))
    expect(linesToParagraphs([[...left, ...right]])).toEqual([
      'Left column text that ends here',
      'Right column text.'
    ])
  })
})
