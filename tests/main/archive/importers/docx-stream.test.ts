// DOCX body text read by streaming: lists, notes, tables, tracked changes, and the text limit enforced while reading.

import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { importDocx } from '../../../../src/main/archive/importers/docx'
import { makeDocx } from './fixtures'

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const p = (text: string, props = ''): string =>
  `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`
const item = (numId: number, level: number, text: string): string =>
  p(text, `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`)

/** makeDocx with extra parts added to the package. */
function withParts(body: string, parts: Record<string, string>): Uint8Array {
  const base = makeDocx({ body })
  const files = Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)]))
  return zipSync({ ...unzipSync(base), ...files })
}

const NUMBERING = `<?xml version="1.0"?><w:numbering ${W}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`

describe('importDocx (streamed body)', () => {
  it('keeps list markers with their items: numbers, letters for sublevels, bullets', async () => {
    const body =
      item(1, 0, 'First demand.') +
      item(1, 1, 'in the port') +
      item(1, 1, 'in the town') +
      item(1, 0, 'Second demand.') +
      item(2, 0, 'A point.')
    const doc = await importDocx(withParts(body, { 'word/numbering.xml': NUMBERING }), 'l.docx')
    expect(doc.text.split('\n\n')).toEqual([
      '1. First demand.',
      'a. in the port',
      'b. in the town',
      '2. Second demand.',
      '• A point.'
    ])
  })

  it('numbers note references in the text and appends the notes', async () => {
    const notes = `<?xml version="1.0"?><w:footnotes ${W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2">${p('Archive of the port, box 4.')}</w:footnote></w:footnotes>`
    const body = `<w:p><w:r><w:t>The strike began.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>`
    const doc = await importDocx(withParts(body, { 'word/footnotes.xml': notes }), 'n.docx')
    expect(doc.text).toBe('The strike began.[1]\n\n1. Archive of the port, box 4.')
  })

  it('reads table cells as paragraphs, ignores tab stops, deleted text and field codes', async () => {
    const body =
      `<w:tbl><w:tr><w:tc>${p('Name')}</w:tc><w:tc>${p('Date')}</w:tc></w:tr></w:tbl>` +
      `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>GONE</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:ins><w:r><w:t> and added</w:t></w:r></w:ins></w:p>`
    const doc = await importDocx(makeDocx({ body }), 't.docx')
    expect(doc.text).toBe('Name\n\nDate\n\nKept and added')
  })

  it('takes the title from a paragraph styled "heading 1" under another style id', async () => {
    const styles = `<?xml version="1.0"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/></w:style></w:styles>`
    const core = `<?xml version="1.0"?><cp:coreProperties xmlns:cp="x"></cp:coreProperties>`
    const base = withParts(p('Rapport du consul', '<w:pStyle w:val="Titre1"/>') + p('Texte.'), {
      'word/styles.xml': styles,
      'docProps/core.xml': core
    })
    expect((await importDocx(base, 'r.docx')).meta.title).toBe('Rapport du consul')
  })

  it('stops reading at the text limit instead of after the whole body', async () => {
    const para = p('x'.repeat(1000))
    // 21,000 paragraphs of 1,000 characters: past the 20 million character limit.
    const body = para.repeat(21_000)
    const error = await importDocx(makeDocx({ body }), 'long.docx').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ArchiveError)
    expect((error as ArchiveError).code).toBe('TOO_LARGE')
    expect((error as ArchiveError).message).toBe(
      'long.docx: its text is longer than 20,000,000 characters, the most one source holds; split it and import the parts.'
    )
  })
})
