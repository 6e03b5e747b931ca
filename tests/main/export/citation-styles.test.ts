// Each built-in citation style on the sample sources: the handout's notes, excerpt headers and bibliography
// against what the CSL processor (citeproc-js) itself produces for the same items.

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import CSL from 'citeproc'
import { describe, expect, it } from 'vitest'
import { checkStyle } from '../../../src/main/export/citation-styles'
import { renderHandout } from '../../../src/main/export/pdf'
import type { HandoutSource } from '../../../src/main/export/pdf'
import { paragraphAt, sourceParagraphs } from '../../../src/main/export/pdf/highlights'
import { toCslItem } from '../../../src/main/export/references/csl-item'
import { BUILTIN_CITATION_STYLES } from '../../../src/shared/model'
import { FONTS_DIR, ROOT, seedHandout } from './pdf/fixtures'
import { normalise, pdftotext, tempDir } from './pdf/tools'

const CSL_DIR = join(ROOT, 'resources/csl')
const dir = tempDir()

/** A citeproc engine of its own for a style, fed the same CSL items the handout cites. */
function engine(style: string, sources: HandoutSource[]): InstanceType<typeof CSL.Engine> {
  const items = new Map(sources.map((s) => [s.id, toCslItem({ ...s, description: '' }, true)]))
  const sys = {
    retrieveLocale: (lang: string) =>
      readFileSync(join(CSL_DIR, 'locales', `locales-${lang}.xml`), 'utf8'),
    retrieveItem: (id: string) => items.get(id) as object
  }
  const e = new CSL.Engine(sys, readFileSync(join(CSL_DIR, `${style}.csl`), 'utf8'), 'en-US')
  e.setOutputFormat('text')
  return e
}

const text = (s: string): string => normalise(s.replace(/<[^>]+>/g, ''))
/** Without any whitespace: pdftotext breaks long URLs across lines. */
const squash = (s: string): string => s.replace(/\s+/g, '')

/** A cite as citeproc gives it: the first of the item, or a later one (noteIndex far from the first). */
function cite(
  e: InstanceType<typeof CSL.Engine>,
  id: string,
  locator: number | null,
  later: boolean
): string {
  e.restoreProcessorState([])
  const before: [string, number][] = []
  if (later) {
    const [, out] = e.processCitationCluster(
      { citationItems: [{ id }], properties: { noteIndex: 1 } },
      [],
      []
    )
    before.push([out[0][2], 1])
  }
  const item = locator === null ? { id } : { id, locator: String(locator), label: 'paragraph' }
  const [, out] = e.processCitationCluster(
    { citationItems: [item], properties: { noteIndex: later ? 20 : 1 } },
    before,
    []
  )
  return text(out[out.length - 1][1])
}

function bibliography(e: InstanceType<typeof CSL.Engine>, ids: string[]): string[] {
  e.updateItems(ids)
  const bib = e.makeBibliography()
  return bib ? bib[1].map(text) : []
}

describe.each(BUILTIN_CITATION_STYLES)('%s on the sample sources', (style) => {
  it('prints the notes or cites, and the bibliography, as citeproc makes them', async () => {
    const input = { ...seedHandout('excerpts'), style: { id: style } }
    const result = await renderHandout(input, { fontsDir: FONTS_DIR })
    const file = join(dir, `${style}.pdf`)
    writeFileSync(file, result.pdf)
    const printed = squash(normalise(pdftotext(file)))
    expect(result.warnings).toEqual([])
    const e = engine(style, input.sources)
    const note = style === 'chicago-notes-bibliography'
    for (const source of input.sources) {
      const paras = [
        ...new Set(
          source.highlights.map((h) => paragraphAt(sourceParagraphs(source), h.start).number)
        )
      ]
      if (note) {
        // Chicago notes: the full note on the source's heading, short notes on its excerpts.
        expect(printed).toContain(squash(cite(e, source.id, null, false)))
        for (const p of paras) expect(printed).toContain(squash(cite(e, source.id, p, true)))
      } else {
        for (const p of paras) expect(printed).toContain(squash(cite(e, source.id, p, false)))
      }
    }
    const entries = bibliography(
      e,
      input.sources.map((s) => s.id)
    )
    expect(entries.length).toBe(input.sources.length)
    // In the style's order at the end (in-text styles also print an entry under each heading).
    const at = entries.map((entry) => printed.lastIndexOf(squash(entry)))
    expect(at).not.toContain(-1)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  }, 60_000)
})

describe('a .csl file', () => {
  it('that is a valid style is accepted with its title and class', async () => {
    const xml = readFileSync(join(CSL_DIR, 'apa.csl'), 'utf8')
    await expect(checkStyle(xml, 'apa.csl')).resolves.toEqual({
      title: 'APA Style 7th edition',
      class: 'in-text'
    })
  })

  it.each([
    ['empty.csl', '', /^empty\.csl is not a valid CSL style: the file is empty\.$/],
    [
      'page.csl',
      '<html><body>Not a style</body></html>',
      /no <style> element in the CSL namespace/
    ],
    [
      'bogus.csl',
      '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text"><info><title>x</title><id>x</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><bogus/></layout></citation></style>',
      /^bogus\.csl is not a valid CSL style: line 1, column \d+: element bogus not allowed/
    ]
  ])('%s is refused with one line naming the file and the fault', async (name, xml, message) => {
    const error = await checkStyle(xml, name).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })
})

it('lists in the bibliography a source the handout prints without citing it', async () => {
  const input = seedHandout('excerpts')
  input.sources[1].highlights = []
  input.links = []
  const result = await renderHandout(
    { ...input, style: { id: 'modern-language-association' } },
    { fontsDir: FONTS_DIR }
  )
  const file = join(dir, 'uncited.pdf')
  writeFileSync(file, result.pdf)
  const printed = normalise(pdftotext(file))
  const cited = printed.slice(printed.lastIndexOf('Works Cited'))
  expect(cited).toContain('Contributeurs de Wikipédia. “Bataille de Bakou.”')
  expect(cited).toContain('Commemoration of the 107th Anniversary')
})
