// DOCX import: body text streamed from the XML (headings, paragraphs, lists, footnotes), metadata from docProps/core.xml.

import { ArchiveError } from '../../../shared/errors'
import type { SourceMeta } from '../../../shared/model'
import { readHeadingStyles, readNumbering } from './docx-parts'
import { readBody, readNotes, type BodyContext } from './docx-text'
import { MAX_DOM_BYTES, TextBudget } from './limits'
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
  // Metadata is a few hundred bytes; an outsized core.xml is not worth a DOM, and is skipped.
  const size = zip.entries.find((e) => e.name === 'docProps/core.xml')?.size ?? 0
  if (size > MAX_DOM_BYTES / 8) return {}
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
 * Imports a Word (.docx) document: headings, paragraphs, list items, table cells and footnotes
 * become paragraphs. The XML is streamed, never held whole or built into a tree, so memory follows
 * the text; a text over the source limit is refused as soon as it passes it. A file that is not a complete ZIP package, or whose XML is broken, is refused
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
  const fail = (why: string): ArchiveError => damaged(name, why)
  const context: BodyContext = {
    numbering: readNumbering(zip, fail),
    headingStyles: readHeadingStyles(zip, fail),
    notes: new Map(),
    budget: new TextBudget(name)
  }
  readNotes(zip, context, fail)
  const { paragraphs, heading } = readBody(zip, context, fail)
  return {
    text: paragraphs.join('\n\n'),
    meta: { ...meta, title: meta.title || heading || titleFromFileName(name) },
    origin: { fileName: name, format: 'docx' }
  }
}
