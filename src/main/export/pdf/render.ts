// Entry points: render a handout to PDF bytes, or to a file written atomically (temp file + rename).

import { randomBytes } from 'node:crypto'
import { access, constants, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import PDFDocument from 'pdfkit'
import { ArchiveError } from '../../../shared/errors'
import type { Ctx } from './blocks'
import { defaultCslDir } from '../citation-styles'
import { Citations, resolveStyle } from './citations'
import { Flow } from './flow'
import { FontBook, loadFonts } from './fonts'
import { Notes } from './footnotes'
import { placeBibliography } from './bibliography'
import { placeIntroduction, placeLegend, placeLinks, placeTitle } from './front'
import { furniture } from './furniture'
import { type Mark, resolveMarks } from './highlights'
import { renderExcerpts } from './layouts/excerpts'
import { renderFull } from './layouts/full'
import { renderParallel } from './layouts/parallel'
import { placeTables } from './tables'
import { Structure } from './structure'
import { PAGE_SIZES, frameFor } from './styles'
import type { HandoutInput, HandoutResult, RenderOptions } from './types'
import { validateInput } from './validate'

/** Renders a handout to PDF bytes. Throws ArchiveError INVALID_ARGUMENT, TOO_LARGE or IO. */
export async function renderHandout(
  input: HandoutInput,
  options: RenderOptions
): Promise<{ pdf: Uint8Array } & HandoutResult> {
  const maxPages = options.maxPages ?? 2000
  const warnings = validateInput(input, maxPages)
  const warn = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message)
  }
  const [fonts, citations] = await Promise.all([
    loadFonts(options.fontsDir),
    handoutCitations(input, options, warn)
  ])
  const [width, height] = PAGE_SIZES[input.pageSize]
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    autoFirstPage: false,
    tagged: true,
    displayTitle: true,
    lang: input.language || 'en',
    pdfVersion: '1.7',
    info: {
      Title: input.title,
      Author: input.author,
      Subject:
        input.subtitle || `Annotated handout: ${input.sources.map((s) => s.title).join('; ')}`,
      Keywords: input.keywords.join(', '),
      Creator: 'Parallax'
    }
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  const book = new FontBook(doc, fonts)
  const structure = new Structure(doc)
  // Pages are drawn once the flow knows how many there are (the footer prints "page N of M").
  const flow = new Flow(doc, book, structure, frameFor(input), maxPages, true)
  const sources = input.layout === 'parallel' ? input.sources.slice(0, 2) : input.sources
  citations.register(sources)
  const tags = new Map(input.tags.map((t) => [t.id, t]))
  const marks = new Map<string, Map<string, Mark>>()
  for (const s of sources) marks.set(s.id, resolveMarks(s, tags, warn))
  let questions = 0
  const ctx: Ctx = {
    doc,
    input,
    fonts: book,
    flow,
    structure,
    citations,
    notes: new Notes(() => ctx),
    tags,
    marks,
    linked: linkedIds(input, marks, warn),
    warn,
    question: () => ++questions
  }
  flow.start()
  placeTitle(ctx)
  placeIntroduction(ctx)
  placeLegend(ctx, sources)
  if (input.layout === 'full') renderFull(ctx)
  else if (input.layout === 'excerpts') renderExcerpts(ctx)
  else renderParallel(ctx)
  flow.noteParent = structure.root
  placeLinks(ctx, sources)
  placeTables(ctx)
  ctx.notes.placeEndnotes(ctx)
  placeBibliography(ctx, sources, input.layout === 'excerpts' && input.groupBy === 'tag')
  flow.finish()
  flow.play(furniture(ctx, height))
  doc.end()
  await ended
  const pdf = Buffer.concat(chunks)
  return {
    pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength),
    pages: flow.pages,
    bytes: pdf.byteLength,
    missingGlyphs: book.missingGlyphs(),
    warnings
  }
}

/** The citations of a handout in its style (the PDF and the DOCX share them). */
export async function handoutCitations(
  input: HandoutInput,
  options: Pick<RenderOptions, 'fontsDir' | 'cslDir'>,
  warn: (message: string) => void
): Promise<Citations> {
  const cslDir = options.cslDir ?? defaultCslDir(options.fontsDir)
  return Citations.create({
    style: resolveStyle(cslDir, input.style, warn),
    cslDir,
    language: input.language || 'en',
    warn
  })
}

/** Highlights that are ends of a printed link; links with an end not printed are reported and left out. */
export function linkedIds(
  input: HandoutInput,
  marks: Map<string, Map<string, Mark>>,
  warn: (message: string) => void
): Set<string> {
  const ids = new Set<string>()
  for (const link of input.links) {
    const a = marks.get(link.from.sourceId)?.has(link.from.highlightId)
    const b = marks.get(link.to.sourceId)?.has(link.to.highlightId)
    if (a && b) {
      ids.add(link.from.highlightId)
      ids.add(link.to.highlightId)
    } else {
      warn(`Link ${link.id} has an end that is not printed in this handout; it is left out.`)
    }
  }
  return ids
}

/**
 * Renders a handout into `outPath`: the PDF goes to a temporary file in the same folder that is
 * renamed into place, so a failed export never leaves a partial file behind.
 */
export async function renderHandoutToFile(
  input: HandoutInput,
  outPath: string,
  options: RenderOptions
): Promise<HandoutResult> {
  const dir = dirname(outPath)
  // Fail before rendering when the folder cannot take the file at all.
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' })
    await access(dir, constants.W_OK)
  } catch (error) {
    throw ioError(outPath, error)
  }
  const { pdf, ...result } = await renderHandout(input, options)
  const temp = join(dir, `.${basename(outPath)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temp, pdf, { flag: 'wx' })
    await rename(temp, outPath)
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw ioError(outPath, error)
  }
  return result
}

function ioError(path: string, error: unknown): ArchiveError {
  const code = (error as NodeJS.ErrnoException)?.code
  const reasons: Record<string, string> = {
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'the folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    EISDIR: 'a folder has that name'
  }
  const reason = (code && reasons[code]) || (error instanceof Error ? error.message : String(error))
  return new ArchiveError('IO', `Cannot write the PDF to ${path}: ${reason}.`, { path, code })
}
