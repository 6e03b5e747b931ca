// The three layouts rendered from the real seed sources, checked with poppler and qpdf.

import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderHandoutToFile } from '../../../../src/main/export/pdf'
import type { HandoutInput, HandoutResult } from '../../../../src/main/export/pdf'
import { FONTS_DIR, seedHandout } from './fixtures'
import {
  inOrder,
  normalise,
  outlineTitles,
  pageTexts,
  pdffonts,
  pdfinfo,
  pdftotext,
  qpdfCheck,
  structText,
  tempDir
} from './tools'

const dir = tempDir()

interface Rendered {
  input: HandoutInput
  file: string
  result: HandoutResult
}

async function render(name: string, input: HandoutInput): Promise<Rendered> {
  const file = join(dir, `${name}.pdf`)
  const result = await renderHandoutToFile(input, file, { fontsDir: FONTS_DIR })
  return { input, file, result }
}

/** Passages of a source in text order, and note texts as printed (Markdown marks dropped). */
function passages(input: HandoutInput, sourceIndex: number): string[] {
  const s = input.sources[sourceIndex]
  return [...s.highlights]
    .sort((a, b) => a.start - b.start)
    .map((h) => s.text.slice(h.start, h.end))
}

function noteText(markdown: string): string {
  return normalise(markdown.replace(/\*\*?([^*]+)\*\*?/g, '$1'))
}

const layouts: Record<string, Rendered> = {}

beforeAll(async () => {
  layouts.full = await render('full', seedHandout('full'))
  layouts.excerpts = await render('excerpts', seedHandout('excerpts'))
  layouts.byTag = await render('excerpts-by-tag', seedHandout('excerpts', { groupBy: 'tag' }))
  layouts.parallel = await render('parallel', seedHandout('parallel'))
  layouts.endnotes = await render(
    'endnotes',
    seedHandout('full', { notes: 'endnotes', pageSize: 'Letter' })
  )
}, 60_000)

describe.each(['full', 'excerpts', 'byTag', 'parallel', 'endnotes'])('%s layout', (name) => {
  it('is a clean PDF: qpdf --check passes, no temporary file is left', () => {
    const { file } = layouts[name]
    const check = qpdfCheck(file)
    expect(check.status, check.output).toBe(0)
    expect(check.output).toContain('No syntax or stream encoding errors')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('embeds every font as a subset', () => {
    const fonts = pdffonts(layouts[name].file)
    expect(fonts.length).toBeGreaterThan(1)
    for (const f of fonts) {
      expect(f, f.name).toMatchObject({ emb: 'yes', sub: 'yes' })
      expect(f.name).toMatch(/^[A-Z]{6}\+/)
    }
  })

  it('carries the metadata, page size and tagging', () => {
    const { file, input, result } = layouts[name]
    const info = pdfinfo(file)
    expect(info.Title).toBe(input.title)
    expect(info.Author).toBe(input.author)
    expect(info.Subject).toBe(input.subtitle)
    expect(info.Keywords).toBe(input.keywords.join(', '))
    expect(info.Tagged).toBe('yes')
    expect(Number(info.Pages)).toBe(result.pages)
    expect(info['Page size']).toMatch(
      input.pageSize === 'A4' ? /^595\.2\d* x 841\.8\d* pts \(A4\)/ : /^612 x 792 pts \(letter\)/
    )
    expect(result.missingGlyphs).toEqual([])
    expect(result.warnings).toEqual([])
    expect(result.bytes).toBeGreaterThan(10_000)
  })

  it('has a structure tree with headings, paragraphs and notes', () => {
    const tree = structText(layouts[name].file)
    for (const tag of ['Document', 'H1', 'H2', 'P', 'Note', 'L', 'LI']) {
      expect(tree).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'))
    }
    expect(tree).toContain('Baku, September 1918: two accounts')
  })

  it('numbers every page in the header and the footer', () => {
    const { file, result } = layouts[name]
    pageTexts(file, result.pages).forEach((text, i) => {
      expect(text).toContain(`Parallax handout · p. ${i + 1}`)
      expect(text).toContain(`page ${i + 1} of ${result.pages}`)
    })
  })

  it('bookmarks each source', () => {
    const { file, input } = layouts[name]
    const titles = outlineTitles(file)
    for (const s of input.sources) expect(titles).toContain(`${s.label}. ${s.title}`)
  })
})

describe.each(['full', 'excerpts', 'byTag', 'endnotes'])('%s: reading order', (name) => {
  it('prints every passage and every note, in order', () => {
    const { file, input } = layouts[name]
    const text = normalise(pdftotext(file))
    for (const source of [0, 1]) {
      const wanted = passages(input, source).map(normalise)
      // Grouped by tag, a passage comes once per tag: the order holds within a group only.
      if (name === 'byTag') for (const p of wanted) expect(text).toContain(p)
      else expect(inOrder(text, wanted), wanted.join(' | ')).not.toContain(-1)
    }
    const notes = input.sources.flatMap((s) => s.highlights.filter((h) => h.note))
    for (const h of notes) expect(text).toContain(noteText(h.note))
  })
})

describe('full layout', () => {
  it('prints both texts in full with their paragraph numbers', () => {
    const { file, input } = layouts.full
    const text = normalise(pdftotext(file))
    for (const s of input.sources) {
      const words = normalise(s.text).split(' ')
      // Every tenth word of the source, in order (markers and note numbers sit between words).
      const sample = words.filter((_, i) => i % 10 === 0)
      expect(inOrder(text, sample)).not.toContain(-1)
    }
    expect(text).toMatch(/¶14 Nuri Pasha/)
  })

  it('puts each footnote on the page of its marker', () => {
    const { file, result, input } = layouts.full
    const pages = pageTexts(file, result.pages).map(normalise)
    const sources = input.sources
    for (const s of sources) {
      for (const h of s.highlights.filter((x) => x.note)) {
        const passage = normalise(s.text.slice(h.start, Math.min(h.end, h.start + 25)))
        const page = pages.findIndex((p) => p.includes(passage))
        expect(page, passage).toBeGreaterThanOrEqual(0)
        expect(pages[page], h.note).toContain(noteText(h.note))
      }
    }
  })

  it('shows the legend with counts and the citations', () => {
    const text = normalise(pdftotext(layouts.full.file))
    expect(text).toContain('Claim (2)')
    expect(text).toContain('Loaded language (2)')
    expect(text).toContain('Person (2)')
    expect(text).toContain('Contributeurs de Wikipédia. (n.d.). Bataille de Bakou.')
    expect(text).toContain('https://fr.wikipedia.org/wiki/Bataille_de_Bakou')
    expect(text).toContain('Licence: CC BY-SA 4.0')
    expect(text).toContain('Q1 Whose words are these?')
    expect(text).toContain('same event as')
  })
})

describe('endnotes', () => {
  it('collects the notes after the texts, with locators', () => {
    const { file } = layouts.endnotes
    const text = normalise(pdftotext(file))
    const notesAt = text.lastIndexOf('Notes')
    expect(notesAt).toBeGreaterThan(text.indexOf('Nuri Pasha, who took the last name'))
    expect(text.slice(notesAt)).toContain('A ¶1 “Bolshevik and Armenian gangs”')
    expect(text.slice(notesAt)).toContain(
      noteText('Framing of the opponents: *gangs*, not armies.')
    )
  })
})

describe('excerpts layout', () => {
  it('quotes each passage with context, ellipses, locator and question', () => {
    const text = normalise(pdftotext(layouts.excerpts.file))
    expect(text).toContain(
      'Monday was the 107th anniversary of the Caucasus Islamic Army taking back Baku from Bolshevik and Armenian gangs.'
    )
    expect(text).toContain(
      '… the Caucasus Islamic Army taking back Baku from Bolshevik and Armenian gangs'
    )
    expect(text).toContain('A ¶11')
    expect(text).toContain('B ¶2')
    expect(text).toContain('(Contributeurs de Wikipédia, n.d., para. 2)')
    expect(text).toContain('Q2 What does each account say happened?')
    // Text far from any passage is left out.
    expect(text).not.toContain('Enver Pasha, an adherent of pan-Turkic ideals')
  })

  it('groups by tag when asked, and lists the sources at the end', () => {
    const text = normalise(pdftotext(layouts.byTag.file))
    const order = inOrder(text, [
      'Person',
      'Date',
      'Claim',
      'Number',
      'Loaded language',
      'References'
    ])
    expect(order).not.toContain(-1)
    expect(outlineTitles(layouts.byTag.file)).toEqual(
      expect.arrayContaining(['Person', 'Claim', 'References'])
    )
  })
})

describe('parallel layout', () => {
  // Column crops (in points at 72 dpi): the left and the right half of the page.
  const column = (file: string, pages: number, side: 0 | 1): string =>
    normalise(
      Array.from({ length: pages }, (_, i) =>
        pdftotext(file, [
          '-f',
          `${i + 1}`,
          '-l',
          `${i + 1}`,
          '-x',
          side ? '298' : '0',
          '-y',
          '60',
          '-W',
          '297',
          '-H',
          '720'
        ])
      ).join('\n')
    )

  it('sets source A in the left column and B in the right, each in order', () => {
    const { file, input, result } = layouts.parallel
    const left = column(file, result.pages, 0)
    const right = column(file, result.pages, 1)
    expect(inOrder(left, passages(input, 0).map(normalise))).not.toContain(-1)
    expect(inOrder(right, passages(input, 1).map(normalise))).not.toContain(-1)
    expect(left).not.toContain('Bataille de Bakou')
    expect(right).toContain('Bataille de Bakou')
  })

  it('starts a linked pair level under its relation where the columns are nearly level', () => {
    const { file } = layouts.parallel
    const layout = pdftotext(file, ['-layout'])
    const lines = layout.split('\n')
    const at = lines.findIndex((l) => /^\s*◆ names the same opponents as\s*$/.test(l))
    expect(at).toBeGreaterThan(0)
    // The next text line holds both linked paragraphs' first words, side by side.
    const band = lines.slice(at + 1).find((l) => l.trim())!
    expect(band).toMatch(/¶1 Monday was the 107th/)
    expect(band).toMatch(/¶2 … Elle a opposé/)
  })

  it('lets a column flow on where its linked passage is far below, and marks the link in both', () => {
    const { file, result } = layouts.parallel
    const left = column(file, result.pages, 0)
    const right = column(file, result.pages, 1)
    // B's passage comes long before A's: B does not wait for A in blank space.
    expect(left).toMatch(/same event as B ¶2 — Liberation or conquest\? ¶11 On Sept\. 15, 1918/)
    expect(right).toMatch(/same event as A ¶11 ¶2 … Celles-ci ont été vaincues/)
    const b = pageTexts(file, result.pages).findIndex((t) => /same event as A ¶11/.test(t))
    const a = pageTexts(file, result.pages).findIndex((t) => /same event as B ¶2/.test(t))
    expect(b).toBeLessThan(a)
  })

  it('prints the notes of both columns', () => {
    const text = normalise(pdftotext(layouts.parallel.file))
    for (const s of layouts.parallel.input.sources) {
      for (const h of s.highlights.filter((x) => x.note)) expect(text).toContain(noteText(h.note))
    }
  })
})

it('leaves nothing but the PDFs in the output folder', () => {
  expect(readdirSync(dir).sort()).toEqual(
    ['endnotes.pdf', 'excerpts-by-tag.pdf', 'excerpts.pdf', 'full.pdf', 'parallel.pdf'].sort()
  )
  expect(existsSync(join(dir, 'full.pdf'))).toBe(true)
})
