// Picks the importer for a file by its extension (or its bytes) and reads it in this thread (the import worker's side).

import { ArchiveError } from '../../../shared/errors'
import type { ImportFile } from '../../../shared/model'
import { checkImportSize } from './formats'
import { detectLanguage } from './language'
import { sniffFormat } from './sniff'
import type { ImportedDocument } from './types'

type Importer = (bytes: Uint8Array, name: string) => ImportedDocument | Promise<ImportedDocument>

/**
 * Each format's importer, loaded on first use: a worker that reads text files never loads the
 * HTML, Word or PDF libraries, which keeps starting a worker cheap (a CLI run starts one).
 */
const LOADERS = {
  text: () => import('./text').then((m) => m.importText),
  markdown: () => import('./markdown').then((m) => m.importMarkdown),
  html: () => import('./html').then((m) => m.importHtml),
  docx: () => import('./docx').then((m) => m.importDocx),
  pdf: () => import('./pdf').then((m) => m.importPdf),
  epub: () => import('./epub').then((m) => m.importEpub)
} satisfies Record<string, () => Promise<Importer>>

const BY_EXTENSION: Record<string, keyof typeof LOADERS> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  docx: 'docx',
  pdf: 'pdf',
  epub: 'epub'
}

/** Loads the importers most files need (text, Markdown, HTML, language guesses) ahead of the first file. */
export async function preloadImporters(): Promise<void> {
  await Promise.all([LOADERS.text(), LOADERS.markdown(), LOADERS.html(), detectLanguage('')])
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
  const format = BY_EXTENSION[ext]
  if (format) return (await LOADERS[format]())(data, name)
  if (['rtf', 'odt', 'doc'].includes(ext)) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${name}: .${ext} files cannot be imported yet; save it as .docx, .pdf or .txt and import that.`
    )
  }
  // Unknown or missing extension: go by the bytes (text importers refuse binaries themselves).
  return (await LOADERS[sniffFormat(data)]())(data, name)
}
