// Page flow: widows and orphans, headings kept with text, footnote space reserved on the marker's page.

import PDFDocument from 'pdfkit'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderHandout } from '../../../../src/main/export/pdf'
import { Flow } from '../../../../src/main/export/pdf/flow'
import { FontBook, loadFonts } from '../../../../src/main/export/pdf/fonts'
import type { Block, Footnote, Row } from '../../../../src/main/export/pdf/model'
import { Structure } from '../../../../src/main/export/pdf/structure'
import { FONTS_DIR, mark, seedHandout } from './fixtures'
import { normalise, pageTexts, tempDir } from './tools'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

let loaded: Awaited<ReturnType<typeof loadFonts>>
beforeAll(async () => {
  loaded = await loadFonts(FONTS_DIR)
})

/** A flow on a 100-point-high body frame that records where each labelled row lands. */
function setup(): {
  flow: Flow
  placed: Map<string, { page: number; y: number }>
  rows: (label: string, n: number, notes?: Footnote[]) => Row[]
} {
  const doc = new PDFDocument({ autoFirstPage: false, bufferPages: true, tagged: true })
  const fonts = new FontBook(doc, loaded)
  const structure = new Structure(doc)
  const flow = new Flow(doc, fonts, structure, { left: 50, width: 300, top: 0, bottom: 100 }, 50)
  const placed = new Map<string, { page: number; y: number }>()
  const sink = structure.sink('P')
  const rows = (label: string, n: number, notes: Footnote[] = []): Row[] =>
    Array.from({ length: n }, (_, i) => ({
      height: 10,
      notes: i === 0 ? notes : [],
      parts: [
        { sink, draw: (y: number) => void placed.set(`${label}${i + 1}`, { page: flow.pages, y }) }
      ]
    }))
  flow.start()
  return { flow, placed, rows }
}

describe('widows and orphans', () => {
  it('splits a paragraph where at least two lines stay on each page', () => {
    const { flow, placed, rows } = setup()
    flow.place({ rows: rows('a', 8) })
    flow.place({ rows: rows('b', 5) })
    expect(placed.get('b2')).toEqual({ page: 1, y: 90 })
    expect(placed.get('b3')).toEqual({ page: 2, y: 0 })
  })

  it('moves a paragraph whose first line alone would end the page (orphan)', () => {
    const { flow, placed, rows } = setup()
    flow.place({ rows: rows('a', 9) })
    flow.place({ rows: rows('b', 4) })
    expect(placed.get('b1')).toEqual({ page: 2, y: 0 })
  })

  it('takes a line over so that the last line does not start a page alone (widow)', () => {
    const { flow, placed, rows } = setup()
    flow.place({ rows: rows('a', 7) })
    flow.place({ rows: rows('b', 4) })
    // Three lines would fit; the fourth would be a widow: two and two.
    expect(placed.get('b2')!.page).toBe(1)
    expect(placed.get('b3')).toEqual({ page: 2, y: 0 })
  })

  it('keeps a heading with the first lines of what follows', () => {
    const { flow, placed, rows } = setup()
    flow.place({ rows: rows('a', 8) })
    flow.place({ rows: rows('h', 1), keepWithNext: true } as Block)
    flow.place({ rows: rows('b', 4) })
    expect(placed.get('h1')).toEqual({ page: 2, y: 0 })
    expect(placed.get('b1')).toEqual({ page: 2, y: 10 })
  })
})

describe('footnote space', () => {
  it('moves a line to the next page when its note would not fit under it', () => {
    const { flow, placed, rows } = setup()
    const note: Footnote = {
      number: 1,
      paragraph: {
        spans: [
          { text: 'A note of one line.', style: { role: 'serif', size: 8, color: '#000000' } }
        ]
      }
    }
    flow.place({ rows: rows('a', 7) })
    // The note needs the rule space (14) + one line (~11): 70 + 10 + 25 > 100.
    flow.place({ rows: rows('b', 2, [note]) })
    expect(placed.get('b1')).toEqual({ page: 2, y: 0 })
  })
})

describe('footnotes in a long handout', () => {
  it('never separates a note from the page of its marker', async () => {
    // The seed text many times over with a long note on every third passage.
    const input = seedHandout('full')
    const source = input.sources[0]
    const base = source.text
    const copies = Array.from({ length: 6 }, () => base.split('\n\n')).flat()
    // Each paragraph starts with its own number, so that every passage is unique.
    source.text = copies.map((p, i) => `P${i} ${p}`).join('\n\n')
    source.highlights = []
    input.links = []
    source.text.split('\n\n').forEach((p, i) => {
      const phrase = p.split(' ').slice(0, 5).join(' ')
      const long =
        i % 3 === 0
          ? ' It goes on for several lines, so that the space it needs at the foot of the page matters when the page is nearly full. '.repeat(
              2
            )
          : ''
      mark(source, `n${i}`, phrase, ['claim'], `NOTE${i}. ${long}END${i}`)
    })
    const { pdf, pages } = await renderHandout(input, { fontsDir: FONTS_DIR })
    const file = join(tempDir(), 'notes.pdf')
    writeFileSync(file, pdf)
    const texts = pageTexts(file, pages).map(normalise)
    for (const h of source.highlights) {
      const passage = normalise(source.text.slice(h.start, h.end))
      const page = texts.findIndex((t) => t.includes(passage))
      const noteId = h.note.split('.')[0]
      expect(page, passage).toBeGreaterThanOrEqual(0)
      expect(texts[page], `${noteId} with "${passage}"`).toMatch(new RegExp(`\\b${noteId}\\b`))
      // The whole note: its last word too (a note cut in two would end overleaf).
      expect(texts[page]).toMatch(new RegExp(`\\bEND${noteId.slice(4)}\\b`))
    }
  }, 30_000)
})
