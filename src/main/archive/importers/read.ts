// Picks the importer for a file by its extension (or its bytes) and reads it in this thread (the import worker's side).

import { ArchiveError } from '../../../shared/errors'
import type { ImportFile } from '../../../shared/model'
import { importDocx } from './docx'
import { importEpub } from './epub'
import { importHtml } from './html'
import { detectLanguage } from './language'
import { importMarkdown } from './markdown'
import { importPdf } from './pdf'
import { sniffFormat } from './sniff'
import { importText } from './text'
import { MAX_IMPORT_BYTES, type ImportedDocument } from './types'

type Importer = (bytes: Uint8Array, name: string) => ImportedDocument | Promise<ImportedDocument>

const BY_EXTENSION: Record<string, Importer> = {
  txt: importText,
  text: importText,
  md: importMarkdown,
  markdown: importMarkdown,
  html: importHtml,
  htm: importHtml,
  xhtml: importHtml,
  docx: importDocx,
  pdf: importPdf,
  epub: importEpub
}

/** Importers for formats recognised by content when the extension says nothing. */
const BY_CONTENT: Record<ReturnType<typeof sniffFormat>, Importer> = {
  pdf: importPdf,
  docx: importDocx,
  epub: importEpub,
  html: importHtml,
  text: importText
}

/** Extensions the import dialog offers. */
export const IMPORT_EXTENSIONS = Object.keys(BY_EXTENSION)

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

/** Refuses a file over the import size limit, before any work (or copy to a worker) is done. */
export function checkImportSize(name: string, data: Uint8Array): void {
  if (data.byteLength > MAX_IMPORT_BYTES) {
    throw new ArchiveError(
      'TOO_LARGE',
      `${name}: the file is ${formatMb(data.byteLength)}; Parallax imports files up to ${formatMb(MAX_IMPORT_BYTES)}.`
    )
  }
}

/**
 * Reads one file into a document in the calling thread, or throws an ArchiveError saying why it
 * cannot be imported. The app calls `readDocument` (index.ts), which runs this in a worker.
 */
export async function readDocumentHere(file: ImportFile): Promise<ImportedDocument> {
  const doc = await readByFormat(file)
  // A file that states no language (plain text, most PDFs) gets a guess, or stays unknown.
  if (!doc.meta.language) {
    const language = await detectLanguage(doc.text)
    if (language) doc.meta = { ...doc.meta, language }
  }
  return doc
}

async function readByFormat(file: ImportFile): Promise<ImportedDocument> {
  const { name, data } = file
  checkImportSize(name, data)
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''
  const importer = BY_EXTENSION[ext]
  if (importer) return importer(data, name)
  if (['rtf', 'odt', 'doc'].includes(ext)) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${name}: .${ext} files cannot be imported yet; save it as .docx, .pdf or .txt and import that.`
    )
  }
  // Unknown or missing extension: go by the bytes (text importers refuse binaries themselves).
  return BY_CONTENT[sniffFormat(data)](data, name)
}
