// The parallel layout on a generated pair of texts whose linked passages are far apart, in turn on each
// side: the shorter column flows on, so pages are about the longer text's, with little blank space.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { renderHandout } from '../../../../src/main/export/pdf'
import type { HandoutHighlight, HandoutInput, HandoutSource } from '../../../../src/main/export/pdf'
import { FONTS_DIR, TAGS } from './fixtures'
import { pdftotext, tempDir } from './tools'

const WORDS =
  'the army entered the city after two days of fighting while the fleet waited offshore and the council met'.split(
    ' '
  )

/** Paragraphs of `n` words each, "Passage k:" first, so each can be found again. */
function text(lengths: number[]): string {
  return lengths
    .map(
      (n, k) =>
        `Passage ${k + 1}: ` +
        Array.from({ length: n }, (_, i) => WORDS[(i * 7 + k) % WORDS.length]).join(' ') +
        '.'
    )
    .join('\n\n')
}

/** Eight links; before each, a long stretch in A and a short one in B, then the other way round. */
function pair(): HandoutInput {
  const a: number[] = []
  const b: number[] = []
  for (let k = 0; k < 8; k++) {
    if (k % 2) {
      a.push(500, 20, 20)
      b.push(30)
    } else {
      a.push(30, 20, 20)
      b.push(500)
    }
  }
  const A = text(a)
  const B = text(b)
  const hl = (t: string, p: number, id: string): HandoutHighlight => {
    const start = t.indexOf(`Passage ${p}:`)
    return { id, start, end: start + 9, tagIds: ['claim'], note: '', question: '', paragraph: p }
  }
  const source = (id: string, t: string, h: HandoutHighlight[]): HandoutSource => ({
    id,
    label: id,
    title: `Source ${id}`,
    creators: [],
    publisher: '',
    date: '',
    language: 'en',
    kind: 'other',
    url: '',
    accessed: '',
    license: '',
    text: t,
    highlights: h
  })
  const links = Array.from({ length: 8 }, (_, k) => ({
    id: `l${k}`,
    from: { sourceId: 'A', highlightId: `a${k}` },
    to: { sourceId: 'B', highlightId: `b${k}` },
    relation: 'same event as',
    note: ''
  }))
  return {
    title: 'A generated pair',
    subtitle: '',
    author: '',
    introduction: '',
    layout: 'parallel',
    pageSize: 'A4',
    notes: 'footnotes',
    groupBy: 'source',
    contextWords: 8,
    language: 'en',
    keywords: [],
    tags: TAGS.filter((t) => t.id === 'claim'),
    sources: [
      source(
        'A',
        A,
        Array.from({ length: 8 }, (_, k) => hl(A, k * 3 + 1, `a${k}`))
      ),
      source(
        'B',
        B,
        Array.from({ length: 8 }, (_, k) => hl(B, k + 1, `b${k}`))
      )
    ],
    links
  }
}

/** Text lines of one column of one page (the body frame, without running head and footer). */
function columnLines(file: string, page: number, side: 0 | 1): number {
  const crop = [
    '-f',
    `${page}`,
    '-l',
    `${page}`,
    '-x',
    side ? '298' : '0',
    '-y',
    '60',
    '-W',
    '297',
    '-H',
    '720'
  ]
  return pdftotext(file, crop)
    .split('\n')
    .filter((l) => l.trim()).length
}

it('fills both columns: pages follow the longer text, and blank column space stays small', async () => {
  const file = join(tempDir(), 'pair.pdf')
  const result = await renderHandout(pair(), { fontsDir: FONTS_DIR })
  writeFileSync(file, result.pdf)
  const pages = Array.from({ length: result.pages }, (_, i) => [
    columnLines(file, i + 1, 0),
    columnLines(file, i + 1, 1)
  ])
  const full = pages.slice(1, -1)
  const perPage = Math.max(...full.flat())
  const longer = Math.max(...[0, 1].map((side) => pages.reduce((n, p) => n + p[side], 0)))
  // Blank lines in one column beside text in the other, on the pages between the first and last.
  const blank = full.reduce((n, [l, r]) => n + Math.abs(l - r), 0)
  const set = full.reduce((n, [l, r]) => n + Math.max(l, r), 0)
  console.log(
    `parallel pair: ${result.pages} pages, ${perPage} lines a column, longer column ${longer} lines, blank ${((100 * blank) / set).toFixed(1)}%`
  )
  expect(blank / set).toBeLessThan(0.1)
  expect(result.pages).toBeLessThanOrEqual(Math.ceil(longer / perPage) + 1)
  // Each link is marked in both columns where the columns were not level.
  const all = pdftotext(file)
  expect(all.match(/same event as B ¶\d+/g)?.length).toBeGreaterThanOrEqual(6)
  expect(all.match(/same event as A ¶\d+/g)?.length).toBeGreaterThanOrEqual(6)
}, 60_000)
