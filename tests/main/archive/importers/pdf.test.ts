// PDF import on real pdfkit files: paragraphs rebuilt, running heads dropped, metadata; image-only, encrypted and damaged files.

import { afterEach, describe, expect, it, vi } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { importPdf } from '../../../../src/main/archive/importers/pdf'
import { articleParagraphs, makePdf } from './fixtures'

const HEADER = 'The Harbour Gazette — Annual Report'
/** Page count of the last report generated. */
let reportPages = 0

/** Paragraphs with wrapped lines over three pages, one of them hyphenated by hand, a header and a "Page n of 3" footer. */
async function reportPdf(paragraphs: string[]): Promise<Uint8Array> {
  return makePdf(
    {
      bufferPages: true,
      lang: 'en-GB',
      info: {
        Title: 'Harbour Strike Report',
        Author: 'Jane Doe; Richard Roe',
        Subject: 'What the strike committee found',
        CreationDate: new Date('1999-05-04T12:00:00Z')
      }
    },
    (doc) => {
      doc.fontSize(12)
      paragraphs.forEach((p, i) => {
        doc.text(p, { indent: 18, paragraphGap: 6, align: 'justify' })
        if (i === 1) {
          // A hyphenated line end before a lower-case letter, then a compound split at its hyphen.
          doc.text('The committee examined the exam-', { indent: 18 })
          doc.text('ple of the dockers, veterans of the Franco-')
          doc.text('Prussian war among them.', { paragraphGap: 6 })
        }
      })
      const pages = doc.bufferedPageRange().count
      reportPages = pages
      for (let i = 0; i < pages; i++) {
        doc.switchToPage(i)
        const bottom = doc.page.margins.bottom
        doc.page.margins.bottom = 0
        doc.fontSize(9).text(HEADER, 72, 36, { lineBreak: false })
        doc.text(`Page ${i + 1} of ${pages}`, 72, doc.page.height - 48, { lineBreak: false })
        doc.page.margins.bottom = bottom
      }
    }
  )
}

async function refusal(promise: Promise<unknown>, name: string): Promise<ArchiveError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArchiveError)
  const e = error as ArchiveError
  expect(e.code).toBe('UNSUPPORTED_FILE')
  expect(e.message.startsWith(`${name}: `)).toBe(true)
  expect(e.message).not.toContain('\n')
  return e
}

describe('importPdf on a three-page report', () => {
  const paragraphs = articleParagraphs(27).map((p, i) => (i % 4 === 0 ? `${p} ${p}` : p))

  it('rebuilds every paragraph (across page breaks too), undoes hyphenation, drops header and footer', async () => {
    const bytes = await reportPdf(paragraphs)
    // Three pages, and both page breaks fall inside a paragraph.
    expect(reportPages).toBe(3)
    const doc = await importPdf(bytes, 'report.pdf')
    const parts = doc.text.split('\n\n')
    expect(parts.length).toBe(paragraphs.length + 1)
    for (const p of paragraphs) expect(parts).toContain(p)
    expect(parts).toContain(
      'The committee examined the example of the dockers, veterans of the Franco-Prussian war among them.'
    )
    expect(doc.text).not.toContain('Annual Report')
    expect(doc.text).not.toMatch(/Page \d/)
    expect(doc.text).toBe(doc.text.trim())
    expect(doc.text).not.toMatch(/ {2}|\n{3}/)
  })

  it('reads Title, Author, CreationDate, Subject and the language from the PDF', async () => {
    const doc = await importPdf(await reportPdf(paragraphs.slice(0, 3)), 'report.pdf')
    expect(doc.meta).toEqual({
      title: 'Harbour Strike Report',
      creators: [
        { name: 'Jane Doe', role: 'author' },
        { name: 'Richard Roe', role: 'author' }
      ],
      date: '1999-05-04',
      language: 'en-GB',
      description: 'What the strike committee found'
    })
    expect(doc.origin).toEqual({ fileName: 'report.pdf', format: 'pdf' })
  })

  it('keeps the first and last lines of a one-page document and deliberate line breaks', async () => {
    const bytes = await makePdf({}, (doc) => {
      doc.text('1')
      doc.text('To the Mayor of Odessa,')
      doc.text('Town Hall, Primorsky Boulevard')
      doc.moveDown()
      doc.text('A one-page note with its page number at the top.')
    })
    const doc = await importPdf(bytes, 'note_1920.pdf')
    expect(doc.text).toBe(
      '1\nTo the Mayor of Odessa,\nTown Hall, Primorsky Boulevard\n\nA one-page note with its page number at the top.'
    )
    expect(doc.meta.title).toBe('note 1920')
  })
})

describe('importPdf on files it must refuse', () => {
  afterEach(() => vi.restoreAllMocks())

  it('reports an image-only PDF as having no text layer', async () => {
    const bytes = await makePdf({}, (doc) => {
      doc.rect(72, 72, 300, 400).fill('#888888')
      doc.addPage()
      doc.circle(200, 200, 80).stroke()
    })
    const e = await refusal(importPdf(bytes, 'scan.pdf'), 'scan.pdf')
    expect(e.message).toMatch(
      /^scan\.pdf: this PDF has no text layer \(scanned pages\?\).*2 pages.*OCR/
    )
  })

  it('reports a password-protected PDF as such', async () => {
    const bytes = await makePdf({ userPassword: 'secret', ownerPassword: 'owner' }, (doc) => {
      doc.text('Confidential minutes of the strike committee.')
    })
    const e = await refusal(importPdf(bytes, 'minutes.pdf'), 'minutes.pdf')
    expect(e.message).toMatch(/^minutes\.pdf: this PDF is password-protected/)
  })

  it('reads a PDF restricted only by an owner password (no password needed to open it)', async () => {
    const bytes = await makePdf(
      { ownerPassword: 'owner', permissions: { printing: 'lowResolution' } },
      (doc) => {
        doc.text('Printable but not editable.')
      }
    )
    expect((await importPdf(bytes, 'restricted.pdf')).text).toBe('Printable but not editable.')
  })

  it('refuses bytes that are not a PDF, or a PDF cut in half, as damaged', async () => {
    const junk = new TextEncoder().encode('%PDF-1.7\nthis is not really a PDF at all')
    expect((await refusal(importPdf(junk, 'junk.pdf'), 'junk.pdf')).message).toMatch(/damaged/)
    const full = await reportPdf(articleParagraphs(3))
    const half = full.subarray(0, full.length >> 1)
    expect((await refusal(importPdf(half, 'half.pdf'), 'half.pdf')).message).toMatch(
      /damaged|no text layer/
    )
  })

  it('prints nothing to the console or stderr while reading, even for broken files', async () => {
    const spies = [
      vi.spyOn(console, 'log'),
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'error'),
      vi.spyOn(console, 'info'),
      vi.spyOn(process.stderr, 'write')
    ]
    await importPdf(await reportPdf(articleParagraphs(2)), 'quiet.pdf')
    await importPdf(
      new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>'),
      'b.pdf'
    ).catch(() => null)
    for (const spy of spies) expect(spy).not.toHaveBeenCalled()
  })
})
