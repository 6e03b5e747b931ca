// PDF import: text items from pdf.js (legacy build, no worker thread, no eval), rebuilt into paragraphs, plus info/XMP metadata.

import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { ArchiveError } from '../../../shared/errors'
import type { SourceMeta } from '../../../shared/model'
import { TextBudget } from './limits'
import { creators, isoDate, languageTag, oneLine, pruneMeta, usefulTitle } from './meta-fields'
import {
  dropRunningHeads,
  linesToParagraphs,
  runsToLines,
  type Line,
  type TextRun
} from './pdf-layout'
import { titleFromFileName, type ImportedDocument } from './types'

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>

let loading: Promise<PdfJs> | null = null

/** Loads pdf.js once, with its "worker" running in this thread (no worker file is looked up at run time). */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs')
    ;(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker
    return pdfjs
  })()
  return loading
}

/** Folder of pdf.js's character maps, which CJK PDFs with predefined encodings need. */
function cMapFolder(): string | undefined {
  try {
    // import.meta.url in ES modules (tests, bundles); __filename when run as CommonJS (tsx scripts).
    const pkg = createRequire(import.meta.url ?? __filename).resolve('pdfjs-dist/package.json')
    return join(dirname(pkg), 'cmaps') + sep
  } catch {
    return undefined
  }
}

function refuse(name: string, reason: string, details?: unknown): ArchiveError {
  return new ArchiveError('UNSUPPORTED_FILE', `${name}: ${reason}`, details)
}

async function openPdf(pdfjs: PdfJs, bytes: Uint8Array, name: string): Promise<PdfDocument> {
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    cMapUrl: cMapFolder(),
    cMapPacked: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS
  })
  try {
    return await task.promise
  } catch (error) {
    await task.destroy().catch(() => undefined)
    const kind = (error as { name?: string } | null)?.name
    const detail = error instanceof Error ? error.message : String(error)
    if (kind === 'PasswordException') {
      throw refuse(
        name,
        'this PDF is password-protected; open it with its password and save or print an unprotected copy, then import that.'
      )
    }
    throw refuse(name, 'this PDF is damaged or is not a PDF file, and cannot be read.', { detail })
  }
}

/** Metadata from the document information dictionary, completed from XMP where that has more. */
async function pdfMeta(doc: PdfDocument): Promise<Partial<SourceMeta>> {
  const { info, metadata } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }))
  const dict = (info ?? {}) as Record<string, unknown>
  const str = (v: unknown): string => (typeof v === 'string' ? oneLine(v) : '')
  const xmp = (key: string): unknown => metadata?.get(key) ?? null
  const xmpList = (key: string): string[] => {
    const v = xmp(key)
    return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []
  }
  const authors = str(dict.Author) ? str(dict.Author).split(';') : xmpList('dc:creator')
  return pruneMeta({
    title: usefulTitle(str(dict.Title)) || usefulTitle(str(xmp('dc:title'))),
    creators: creators(authors),
    date: isoDate(str(dict.CreationDate)) || isoDate(str(xmp('xmp:createdate'))),
    language: languageTag(str(dict.Language)) || languageTag(str(xmp('dc:language'))),
    description: str(dict.Subject) || str(xmp('dc:description')),
    license: str(xmp('xmprights:webstatement')) || str(xmp('dc:rights'))
  })
}

/** A text item of pdf.js's text content (marked-content items have no `str`). */
interface PdfTextItem {
  str?: string
  transform?: number[]
  width?: number
  hasEOL?: boolean
}

/**
 * The lines of every page, read one page at a time and each page as a stream of text chunks, so
 * that a text over the limit is refused while reading, not after every page is held in memory.
 */
async function pageLines(doc: PdfDocument, budget: TextBudget): Promise<Line[][]> {
  const pages: Line[][] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const runs: TextRun[] = []
    // On a refusal the reader is left as it is: cancelling it makes pdf.js throw asynchronously
    // ("Controller is already closed"); the document's destroy() ends the reading.
    const reader = page.streamTextContent().getReader()
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      for (const item of (chunk.value as { items: PdfTextItem[] }).items) {
        if (typeof item.str !== 'string') continue
        budget.add(item.str.length)
        const [, , c, d, x, y] = item.transform ?? [0, 0, 0, 0, 0, 0]
        runs.push({
          str: item.str,
          x,
          y,
          width: item.width ?? 0,
          size: Math.hypot(c, d),
          eol: item.hasEOL ?? false
        })
      }
    }
    pages.push(runsToLines(runs))
    page.cleanup()
  }
  return pages
}

/**
 * Imports a PDF's text layer: lines rebuilt from positioned text, running headers and footers
 * (repeating at the page edges, page numbers generalised) dropped, paragraphs rebuilt from line
 * gaps, indents and short sentence-final lines, and end-of-line hyphenation undone. Refuses
 * password-protected, damaged, and image-only (scanned) PDFs with a message saying which.
 */
export async function importPdf(bytes: Uint8Array, name: string): Promise<ImportedDocument> {
  const pdfjs = await loadPdfJs()
  const doc = await openPdf(pdfjs, bytes, name)
  try {
    const pages = await pageLines(doc, new TextBudget(name))
    const text = linesToParagraphs(dropRunningHeads(pages)).join('\n\n')
    if (!/\p{L}/u.test(text)) {
      throw refuse(
        name,
        `this PDF has no text layer (scanned pages?): its ${doc.numPages} page${doc.numPages === 1 ? '' : 's'} hold only images. Run OCR on it first (e.g. ocrmypdf), then import the result.`
      )
    }
    const meta = await pdfMeta(doc)
    return {
      text,
      meta: { ...meta, title: meta.title || titleFromFileName(name) },
      origin: { fileName: name, format: 'pdf' }
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    const detail = error instanceof Error ? error.message : String(error)
    throw refuse(name, 'this PDF is damaged and its text cannot be read.', { detail })
  } finally {
    await doc.destroy()
  }
}
