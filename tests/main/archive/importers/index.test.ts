// readDocument: new formats by extension, by content when the extension says nothing, and one-line errors that name the file.

import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { IMPORT_EXTENSIONS, readDocument } from '../../../../src/main/archive/importers/index'
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
