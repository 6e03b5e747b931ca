// DOCX import: text and core properties from a generated Word file; truncated, corrupt, encrypted and hostile packages.

import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { importDocx } from '../../../../src/main/archive/importers/docx'
import { makeDocx } from './fixtures'

async function refusal(promise: Promise<unknown>, name: string): Promise<ArchiveError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArchiveError)
  const e = error as ArchiveError
  expect(e.message.startsWith(`${name}: `)).toBe(true)
  expect(e.message).not.toContain('\n')
  return e
}

describe('importDocx', () => {
  it('reads the heading and paragraphs as paragraphs, and the core properties as metadata', async () => {
    const doc = await importDocx(makeDocx(), 'letters.docx')
    expect(doc.text).toBe(
      [
        'Letter from the Front',
        'We arrived at the station on the ninth of September.',
        'The second paragraph mentions Bakı and İstanbul.'
      ].join('\n\n')
    )
    expect(doc.meta).toEqual({
      title: 'Letters from the Front, 1916',
      creators: [
        { name: 'Ayşe Yılmaz', role: 'author' },
        { name: 'Jean Dupont', role: 'author' }
      ],
      date: '2023-10-29',
      language: 'tr-TR',
      description: 'Two letters, transcribed.'
    })
    expect(doc.origin).toEqual({ fileName: 'letters.docx', format: 'docx' })
  })

  it('falls back to the first heading, then the file name, when core.xml has no useful title', async () => {
    const core = `<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:title>Microsoft Word - Document1</dc:title></cp:coreProperties>`
    expect((await importDocx(makeDocx({ core }), 'a.docx')).meta.title).toBe(
      'Letter from the Front'
    )
    const body = '<w:p><w:r><w:t>Only a paragraph.</w:t></w:r></w:p>'
    expect((await importDocx(makeDocx({ core, body }), 'diary_1917.docx')).meta.title).toBe(
      'diary 1917'
    )
  })

  it('keeps line breaks and tabs readable and drops empty paragraphs', async () => {
    const body =
      '<w:p><w:r><w:t>Dear Sir,</w:t><w:br/><w:t>I write</w:t><w:tab/><w:t>again.</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>Yours.</w:t></w:r></w:p>'
    const doc = await importDocx(makeDocx({ body }), 'letter.docx')
    expect(doc.text).toBe('Dear Sir,\nI write again.\n\nYours.')
  })

  it('refuses a truncated copy (the first half of the bytes) as damaged or incomplete', async () => {
    const bytes = makeDocx()
    const e = await refusal(
      importDocx(bytes.subarray(0, bytes.length >> 1), 'half.docx'),
      'half.docx'
    )
    expect(e.code).toBe('UNSUPPORTED_FILE')
    expect(e.message).toMatch(
      /^half\.docx: this Word file is damaged or incomplete \(.*\); open it in Word/
    )
  })

  it('refuses a package whose document XML is broken', async () => {
    const e = await refusal(
      importDocx(makeDocx({ body: '<w:p><w:r><w:t>unclosed' }), 'bad.docx'),
      'bad.docx'
    )
    expect(e.message).toMatch(/this Word file is damaged or incomplete/)
  })

  it('refuses bytes that are not a ZIP, a ZIP that is not Word, and an encrypted (OLE-wrapped) file', async () => {
    const text = new TextEncoder().encode('just some text pretending to be Word')
    expect((await refusal(importDocx(text, 'fake.docx'), 'fake.docx')).message).toMatch(
      /damaged or incomplete/
    )
    const zip = zipSync({ 'readme.txt': strToU8('hello') })
    expect((await refusal(importDocx(zip, 'other.docx'), 'other.docx')).message).toMatch(
      /not a Word document/
    )
    const ole = new Uint8Array(1024)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect((await refusal(importDocx(ole, 'secret.docx'), 'secret.docx')).message).toMatch(
      /password-protected/
    )
  })

  it('does not expand entity bombs ("billion laughs") in core.xml', async () => {
    const lol = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`
    ).join('')
    const core = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]><cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:title>&lol9;</dc:title></cp:coreProperties>`
    const started = Date.now()
    const doc = await importDocx(makeDocx({ core }), 'lol.docx')
    expect(Date.now() - started).toBeLessThan(2000)
    expect((doc.meta.title ?? '').length).toBeLessThan(100)
    expect(doc.text).toContain('We arrived at the station')
  })
})
