// EPUB import: chapters in spine order, OPF metadata; path traversal, ZIP bombs, DRM and broken books refused.

import { strToU8, zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { importEpub, resolveBookPath } from '../../../../src/main/archive/importers/epub'
import { deflatedZeros, makeEpub, rawZip, type EpubChapter } from './fixtures'

const chapters: EpubChapter[] = [
  {
    file: 'z-first.xhtml',
    title: 'I. Le village',
    paragraphs: ['Le village comptait trois cents âmes.', 'L’école était&#160;neuve &amp; froide.']
  },
  {
    file: 'a second.xhtml',
    title: 'II. La classe',
    paragraphs: ['Les élèves arrivaient à huit heures.']
  }
]

function refusal(fn: () => unknown, name: string): ArchiveError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError)
    const e = error as ArchiveError
    expect(e.message.startsWith(`${name}: `)).toBe(true)
    expect(e.message).not.toContain('\n')
    return e
  }
  throw new Error('expected a refusal')
}

describe('importEpub', () => {
  it('reads the chapters in spine order (not archive or name order), skipping the nav', () => {
    const doc = importEpub(makeEpub(chapters), 'memoires.epub')
    expect(doc.text).toBe(
      [
        'I. Le village',
        'Le village comptait trois cents âmes.',
        'L’école était\u00a0neuve & froide.',
        'II. La classe',
        'Les élèves arrivaient à huit heures.'
      ].join('\n\n')
    )
    expect(doc.origin).toEqual({ fileName: 'memoires.epub', format: 'epub' })
  })

  it('reads the OPF metadata: creators with roles, date, language, URL identifier, rights, description', () => {
    const { meta } = importEpub(makeEpub(chapters), 'memoires.epub')
    expect(meta).toEqual({
      title: 'Mémoires d’un instituteur',
      creators: [
        { name: 'Émile Durand', role: 'author' },
        { name: 'Anna Smith', role: 'translator' }
      ],
      publisher: 'Éditions du Port',
      date: '1911-04',
      language: 'fr',
      url: 'https://books.example/memoires',
      license: 'Public domain',
      description: 'A teacher remembers the village school.',
      kind: 'book'
    })
  })

  it('reads EPUB 2 roles and publication dates, and titles an untitled book after its file', () => {
    const opfMetadata = `<dc:creator opf:role="edt" xmlns:opf="http://www.idpf.org/2007/opf">Marie Curie</dc:creator>
      <dc:date opf:event="modification">2020-01-01</dc:date><dc:date opf:event="publication">1898-07-18</dc:date>`
    const { meta } = importEpub(makeEpub(chapters, { opfMetadata }), 'the_book.epub')
    expect(meta.creators).toEqual([{ name: 'Marie Curie', role: 'editor' }])
    expect(meta.date).toBe('1898-07-18')
    expect(meta.title).toBe('the book')
  })

  it('resolves hrefs inside the book and never outside it', () => {
    expect(resolveBookPath('OEBPS/content.opf', 'text/ch%201.xhtml#p3')).toBe(
      'OEBPS/text/ch 1.xhtml'
    )
    expect(resolveBookPath('OEBPS/sub/content.opf', '../ch.xhtml')).toBe('OEBPS/ch.xhtml')
    expect(resolveBookPath('OEBPS/content.opf', '../../etc/passwd')).toBeNull()
    expect(resolveBookPath('OEBPS/content.opf', 'https://evil.example/x.xhtml')).toBeNull()
  })
})

describe('importEpub on hostile or broken books', () => {
  let bomb: { data: Uint8Array; crc: number }
  beforeAll(async () => {
    bomb = await deflatedZeros(300)
  })

  it('refuses an EPUB with a ../evil.txt entry before reading anything', () => {
    const bytes = makeEpub(chapters, { extra: { '../evil.txt': strToU8('escape') } })
    const e = refusal(() => importEpub(bytes, 'evil.epub'), 'evil.epub')
    expect(e.code).toBe('UNSUPPORTED_FILE')
    expect(e.message).toMatch(/unsafe file name \("\.\.\/evil\.txt"\)/)
  })

  it('refuses a ZIP bomb (300 MB of zeros in 0.3 MB) from its declared size, without inflating it', () => {
    const bytes = rawZip([
      { name: 'mimetype', data: strToU8('application/epub+zip'), size: 20, method: 0 },
      { name: 'OEBPS/zeros.xhtml', data: bomb.data, size: 300 * 1024 * 1024, crc: bomb.crc }
    ])
    const started = Date.now()
    const e = refusal(() => importEpub(bytes, 'bomb.epub'), 'bomb.epub')
    expect(Date.now() - started).toBeLessThan(500)
    expect(e.code).toBe('TOO_LARGE')
    expect(e.message).toMatch(/more than 200 MB \(a ZIP bomb\?\)/)
  })

  it('stops inflating a bomb whose declared size is forged small, as soon as it passes that size', () => {
    const container = `<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>`
    const opf = `<package xmlns="http://www.idpf.org/2007/opf"><metadata/><manifest><item id="z" href="zeros.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="z"/></spine></package>`
    const bytes = rawZip([
      {
        name: 'META-INF/container.xml',
        data: strToU8(container),
        size: container.length,
        method: 0
      },
      { name: 'content.opf', data: strToU8(opf), size: opf.length, method: 0 },
      { name: 'zeros.xhtml', data: bomb.data, size: 4096 }
    ])
    const started = Date.now()
    const e = refusal(() => importEpub(bytes, 'forged.epub'), 'forged.epub')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(e.message).toMatch(/unpacks to more than the archive declares/)
  })

  it('refuses a book without container.xml, a DRM-protected book and a book with no text', () => {
    const noContainer = zipSync({
      mimetype: strToU8('application/epub+zip'),
      'a.xhtml': strToU8('<p>x</p>')
    })
    expect(refusal(() => importEpub(noContainer, 'a.epub'), 'a.epub').message).toMatch(
      /package file/
    )
    const drm = makeEpub(chapters, {
      extra: {
        'META-INF/encryption.xml': strToU8(
          `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData><enc:CipherReference URI="OEBPS/z-first.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`
        )
      }
    })
    expect(refusal(() => importEpub(drm, 'drm.epub'), 'drm.epub').message).toMatch(/DRM/)
    const empty = makeEpub([{ file: 'c.xhtml', title: '', paragraphs: [] }])
    expect(refusal(() => importEpub(empty, 'empty.epub'), 'empty.epub').message).toMatch(
      /no readable text/
    )
    const text = new TextEncoder().encode('not a zip')
    expect(refusal(() => importEpub(text, 'x.epub'), 'x.epub').message).toMatch(
      /damaged or incomplete/
    )
  })
})
