// readDocument: new formats by extension, by content when the extension says nothing, and one-line errors that name the file.

import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import {
  IMPORT_EXTENSIONS,
  readBatches,
  readDocument,
  readDocuments
} from '../../../../src/main/archive/importers/index'
import { sniffFormat } from '../../../../src/main/archive/importers/sniff'
import { makeDocx, makeEpub, makePdf, newsPage } from './fixtures'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const epub = (): Uint8Array =>
  makeEpub([{ file: 'c1.xhtml', title: 'One', paragraphs: ['A chapter.'] }])

describe('readDocument', () => {
  it('offers and imports html, htm, xhtml, docx, pdf and epub files', async () => {
    expect(IMPORT_EXTENSIONS).toEqual(
      expect.arrayContaining(['html', 'htm', 'xhtml', 'docx', 'pdf', 'epub', 'txt', 'md'])
    )
    const pdf = await makePdf({}, (d) => d.text('A PDF source.'))
    const formats = await Promise.all(
      [
        { name: 'a.html', data: utf8(newsPage()) },
        { name: 'b.HTM', data: utf8('<p>fragment</p>') },
        {
          name: 'c.xhtml',
          data: utf8(
            '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>x</p></body></html>'
          )
        },
        { name: 'd.docx', data: makeDocx() },
        { name: 'e.pdf', data: pdf },
        { name: 'f.epub', data: epub() }
      ].map(async (file) => (await readDocument(file)).origin.format)
    )
    expect(formats).toEqual(['html', 'html', 'html', 'docx', 'pdf', 'epub'])
  })

  it('sniffs files without a known extension: PDF, DOCX, EPUB, HTML, else text', async () => {
    const pdf = await makePdf({}, (d) => d.text('Sniffed PDF.'))
    expect(sniffFormat(pdf)).toBe('pdf')
    expect(sniffFormat(makeDocx())).toBe('docx')
    expect(sniffFormat(epub())).toBe('epub')
    expect(sniffFormat(utf8('\uFEFF<!-- saved --> <!DOCTYPE html><html><p>x'))).toBe('html')
    expect(sniffFormat(utf8('<?xml version="1.0"?>\n<html xmlns="x">'))).toBe('html')
    expect(sniffFormat(utf8('Notes about <html> tags in general.'))).toBe('text')
    expect(sniffFormat(zipSync({ 'a.txt': strToU8('x') }))).toBe('text')

    expect((await readDocument({ name: 'download', data: pdf })).text).toBe('Sniffed PDF.')
    expect((await readDocument({ name: 'letter.bin', data: makeDocx() })).origin.format).toBe(
      'docx'
    )
    expect((await readDocument({ name: 'book', data: epub() })).origin.format).toBe('epub')
    const page = await readDocument({ name: 'page.asp', data: utf8(newsPage()) })
    expect(page.origin.format).toBe('html')
    expect(page.text).not.toContain('SCRIPT-TEXT-LEAK')
  })

  it('gives every refusal one line that starts with the file name', async () => {
    const pdf = await makePdf({ userPassword: 'x' }, (d) => d.text('secret'))
    const docx = makeDocx()
    const cases: [string, Uint8Array][] = [
      ['locked.pdf', pdf],
      ['scan.pdf', await makePdf({}, (d) => d.rect(10, 10, 50, 50).fill())],
      ['half.docx', docx.subarray(0, docx.length >> 1)],
      ['empty.html', new Uint8Array(0)],
      ['deep.html', utf8('<div>'.repeat(20_000))],
      ['evil.epub', makeEpub([], { extra: { '../evil.txt': strToU8('x') } })],
      ['plain.zip', zipSync({ 'a.txt': strToU8('x') })],
      ['old.doc', utf8('x')]
    ]
    for (const [name, data] of cases) {
      const error = await readDocument({ name, data }).then(
        () => null,
        (e: unknown) => e
      )
      expect(error, name).toBeInstanceOf(ArchiveError)
      const message = (error as ArchiveError).message
      expect(message.startsWith(`${name}: `), message).toBe(true)
      expect(message, name).not.toContain('\n')
    }
  })
})

describe('readDocuments', () => {
  it('groups small files up to 32 or 1 MB to a worker call, each larger file alone, in order', () => {
    const KB = 1024
    expect(readBatches([])).toEqual([])
    expect(readBatches(Array(70).fill(4 * KB))).toEqual([
      [0, 32],
      [32, 64],
      [64, 70]
    ])
    // 300 kB files travel alone; the letters around them keep their own calls.
    expect(readBatches([4 * KB, 4 * KB, 300 * KB, 4 * KB, 300 * KB, 300 * KB])).toEqual([
      [0, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6]
    ])
    // Five files of 250 kB: four fit in 1 MB, the fifth starts the next call.
    expect(readBatches(Array(5).fill(250 * KB))).toEqual([
      [0, 4],
      [4, 5]
    ])
  })

  it('gives each file of a batch its own document or its own refusal', async () => {
    const enc = new TextEncoder()
    const read = await readDocuments([
      { name: 'first.txt', data: enc.encode('The first letter of the bundle, about the harbour.') },
      { name: 'broken.docx', data: enc.encode('not a zip at all') },
      { name: 'empty.txt', data: new Uint8Array(0) },
      { name: 'last.md', data: enc.encode('# The last letter\n\nWritten after the strike.') }
    ])
    expect(read.map((r) => r.doc?.meta.title ?? null)).toEqual([
      expect.any(String),
      null,
      null,
      'The last letter'
    ])
    expect(read[0].doc?.text).toBe('The first letter of the bundle, about the harbour.')
    const errors = read.map((r) => (r.doc ? null : (r.error as ArchiveError)))
    expect(errors[1]).toBeInstanceOf(ArchiveError)
    expect(errors[1]?.message).toMatch(/^broken\.docx: /)
    expect(errors[2]).toBeInstanceOf(ArchiveError)
    expect(errors[2]?.message).toMatch(/^empty\.txt: /)
  })
})
