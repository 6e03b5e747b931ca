// DOCX import: text through mammoth (headings, paragraphs, lists, footnotes), metadata from docProps/core.xml.

import { zipSync, type Zippable } from 'fflate'
import mammoth from 'mammoth'
import { ArchiveError } from '../../../shared/errors'
import type { SourceMeta } from '../../../shared/model'
import { parseHtml } from './html-parse'
import { htmlToText } from './html-text'
import { creators, isoDate, languageTag, pruneMeta, usefulTitle } from './meta-fields'
import { titleFromFileName, type ImportedDocument } from './types'
import { parseXml, xmlText } from './xml'
import { readZip, type ZipArchive } from './zip'

const LABEL = 'this Word file'
const HINT = 'open it in Word and save it again'

function damaged(name: string, why: string, details?: unknown): ArchiveError {
  return new ArchiveError(
    'UNSUPPORTED_FILE',
    `${name}: ${LABEL} is damaged or incomplete (${why}); ${HINT}.`,
    details
  )
}

/** Metadata from the package's core properties (Dublin Core), if present and parseable. */
export function docxCoreMeta(zip: ZipArchive): Partial<SourceMeta> {
  const xml = zip.text('docProps/core.xml')
  if (!xml) return {}
  const core = parseXml(xml)
  return pruneMeta({
    title: usefulTitle(xmlText(core, 'title')),
    // Word joins several authors with semicolons.
    creators: creators(xmlText(core, 'creator').split(';')),
    date: isoDate(xmlText(core, 'created')) || isoDate(xmlText(core, 'modified')),
    language: languageTag(xmlText(core, 'language')),
    description: xmlText(core, 'description') || xmlText(core, 'subject')
  })
}

/**
 * A copy of the package that mammoth (through JSZip) can open without any risk: only the XML
 * parts, already inflated under readZip's limits, stored uncompressed; media become empty files
 * because the text never needs them.
 */
function sanitizedPackage(zip: ZipArchive): Uint8Array {
  const files: Zippable = {}
  for (const entry of zip.entries) {
    const isXml = /\.(xml|rels)$/i.test(entry.name)
    files[entry.name] = isXml ? zip.read(entry.name)! : new Uint8Array(0)
  }
  return zipSync(files, { level: 0 })
}

/**
 * Imports a Word (.docx) document: headings, paragraphs, list items, table cells and footnotes
 * become paragraphs. A file that is not a complete ZIP package, or whose XML is broken, is refused
 * as damaged; an encrypted (password) document is recognised by its OLE wrapper and refused as such.
 */
export async function importDocx(bytes: Uint8Array, name: string): Promise<ImportedDocument> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    // Word wraps encrypted .docx files in an OLE container, the same format as old .doc files.
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${name}: ${LABEL} is password-protected or in the old .doc format; remove the password or save it as .docx in Word, then import it again.`
    )
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw damaged(name, 'it is not a ZIP package as .docx files are')
  }
  const zip = readZip(bytes, name, { label: LABEL, hint: HINT })
  if (!zip.has('word/document.xml')) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${name}: this ZIP file is not a Word document (it has no word/document.xml).`
    )
  }
  const meta = docxCoreMeta(zip)
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(sanitizedPackage(zip)) },
      {
        externalFileAccess: false,
        // Images are not text; an empty src avoids reading and base64-encoding each one.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' }))
      }
    )
    html = result.value
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    const detail = error instanceof Error ? error.message : String(error)
    throw damaged(name, 'its text cannot be read', { detail })
  }
  const { document, body } = parseHtml(html, name)
  // mammoth links each footnote back to its reference with an arrow; the arrow is not text.
  for (const a of Array.from(
    document.querySelectorAll('a[href^="#footnote-ref-"],a[href^="#endnote-ref-"]')
  )) {
    a.remove()
  }
  const heading = document.querySelectorAll('h1')[0]?.textContent?.trim()
  return {
    text: htmlToText(body),
    meta: { ...meta, title: meta.title || heading || titleFromFileName(name) },
    origin: { fileName: name, format: 'docx' }
  }
}
