// The Word handout against the PDF of the same handout: opened with mammoth, its words are the PDF's words.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { renderHandoutDocx } from '../../../src/main/export/docx'
import { renderHandout } from '../../../src/main/export/pdf'
import type { HandoutInput } from '../../../src/main/export/pdf'
import { FONTS_DIR, multiScriptHandout, seedHandout } from './pdf/fixtures'
import { pdftotext, tempDir } from './pdf/tools'

const dir = tempDir()

/** Page furniture the PDF repeats on every page (running head, footer legend, page numbers). */
function withoutFurniture(text: string, input: HandoutInput): string {
  const legend = input.tags.map((t) => `[${t.letter}] ${t.name}`).join(' ')
  return text
    .split('\n')
    .filter((line) => {
      const l = line.replace(/\s+/g, ' ').trim()
      return (
        !/Parallax handout · p\. \d+$/.test(l) &&
        !/page \d+ of \d+$/.test(l) &&
        l !== legend &&
        l !== input.title
      )
    })
    .join('\n')
}

/**
 * The words of a text, counted: letters only (note and page numbers are the PDF's own), hyphens
 * dropped (pdftotext joins a word hyphenated at a line end), the title left out (the PDF repeats
 * it in every running head).
 */
function words(text: string, title: string): Map<string, number> {
  const counts = new Map<string, number>()
  const body = text
    .normalize('NFC')
    .split('\n')
    .filter((l) => l.trim() !== title)
    .join('\n')
  for (const w of body.replace(/-/g, '').match(/\p{L}+/gu) ?? [])
    counts.set(w, (counts.get(w) ?? 0) + 1)
  return counts
}

function difference(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = []
  for (const [w, n] of a) if ((b.get(w) ?? 0) < n) out.push(`${w}×${n - (b.get(w) ?? 0)}`)
  return out
}

async function both(name: string, input: HandoutInput): Promise<{ pdf: string; docx: string }> {
  const pdfFile = join(dir, `${name}.pdf`)
  writeFileSync(pdfFile, (await renderHandout(input, { fontsDir: FONTS_DIR })).pdf)
  const { docx, warnings } = await renderHandoutDocx(input, { fontsDir: FONTS_DIR })
  expect(warnings).toEqual([])
  writeFileSync(join(dir, `${name}.docx`), docx)
  const html = (await mammoth.convertToHtml({ buffer: Buffer.from(docx) })).value
  // Footnotes come as a list with back links (↑); block ends become line ends.
  const docxText = html
    .replace(/<a href="#footnote-ref[^"]*">↑<\/a>/g, '')
    .replace(/<\/(p|li|h\d|td)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
  return { pdf: withoutFurniture(pdftotext(pdfFile), input), docx: docxText }
}

describe.each([
  ['full', 'chicago-notes-bibliography'],
  ['excerpts', 'apa'],
  ['parallel', 'modern-language-association']
] as const)('the %s layout in %s', (layout, style) => {
  it('has the same words in the DOCX as in the PDF', async () => {
    const input = { ...seedHandout(layout), style: { id: style } }
    const { pdf, docx } = await both(`${layout}-${style}`, input)
    const [p, d] = [words(pdf, input.title), words(docx, input.title)]
    expect(difference(d, p)).toEqual([])
    // The parallel PDF marks a link in each column where the columns are not level (“◆ same
    // event as B ¶2”); the Word table keeps every pair level under one head.
    const marks = layout === 'parallel' ? input.links.map((l) => l.relation).join(' ') + ' A B' : ''
    const extra = words(marks, '')
    expect(difference(p, d).filter((w) => !extra.has(w.replace(/×\d+$/, '')))).toEqual([])
    // Footnotes are real Word notes, with the note's text.
    expect(docx).toContain('Framing of the opponents: gangs, not armies.')
  }, 60_000)
})

/**
 * Letters counted one by one, marks stripped: pdftotext joins runs of different scripts into one
 * word and reads shaped Arabic back without its hamza (أ as ا).
 */
function letters(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  const plain = text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[أإآ]/g, 'ا')
  for (const c of plain.match(/\p{L}/gu) ?? []) counts.set(c, (counts.get(c) ?? 0) + 1)
  return counts
}

it('keeps every script the PDF prints, and marks right-to-left paragraphs', async () => {
  const input = multiScriptHandout()
  const { pdf, docx } = await both('scripts', input)
  expect(difference(letters(pdf), letters(docx))).toEqual([])
  const { docx: bytes } = await renderHandoutDocx(input, { fontsDir: FONTS_DIR })
  const { unzipSync, strFromU8 } = await import('fflate')
  const xml = strFromU8(unzipSync(bytes)['word/document.xml'])
  expect(xml).toMatch(/<w:bidi\/>/)
  expect(xml).toMatch(/<w:rtl\/>/)
})
