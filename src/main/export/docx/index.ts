// The handout as an editable Word document, built from the same handout input, highlights, notes and citations as the PDF.

import { Document, Packer, Paragraph, type Table } from 'docx'
import { tables } from './tables'
import { Notes } from '../pdf/footnotes'
import { type Mark, resolveMarks } from '../pdf/highlights'
import { handoutCitations, linkedIds } from '../pdf/render'
import type { HandoutInput, RenderOptions } from '../pdf/types'
import { validateInput } from '../pdf/validate'
import type { DocxCtx } from './context'
import { bibliography, introduction, legend, linksList, titleBlock } from './front'
import { excerptsLayout, fullLayout, parallelLayout } from './layouts'

/** The fonts the document asks for: the ones the PDF embeds (Word substitutes where absent). */
const FONTS = {
  ascii: 'Noto Serif',
  hAnsi: 'Noto Serif',
  cs: 'Noto Naskh Arabic',
  eastAsia: 'Noto Serif'
}

/** Renders a handout as DOCX bytes. Throws ArchiveError INVALID_ARGUMENT for a bad input. */
export async function renderHandoutDocx(
  input: HandoutInput,
  options: Pick<RenderOptions, 'fontsDir' | 'cslDir'>
): Promise<{ docx: Uint8Array; warnings: string[] }> {
  const warnings = validateInput(input, 2000)
  const warn = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message)
  }
  const citations = await handoutCitations(input, options, warn)
  const sources = input.layout === 'parallel' ? input.sources.slice(0, 2) : input.sources
  citations.register(sources)
  const tags = new Map(input.tags.map((t) => [t.id, t]))
  const marks = new Map<string, Map<string, Mark>>()
  for (const s of sources) marks.set(s.id, resolveMarks(s, tags, warn))
  let questions = 0
  const ctx: DocxCtx = {
    input: { ...input, sources },
    fonts: { clean: (t) => t },
    citations,
    notes: new Notes(() => ctx),
    tags,
    marks,
    linked: linkedIds(input, marks, warn),
    warn,
    question: () => ++questions
  }
  const body: (Paragraph | Table)[] = [
    ...titleBlock(ctx),
    ...introduction(ctx),
    ...legend(ctx, sources)
  ]
  if (input.layout === 'full') body.push(...fullLayout(ctx))
  else if (input.layout === 'excerpts') body.push(...excerptsLayout(ctx))
  else body.push(...parallelLayout(ctx))
  body.push(...linksList(ctx, sources), ...tables(ctx), ...bibliography(ctx, sources))
  const size =
    input.pageSize === 'Letter' ? { width: 12240, height: 15840 } : { width: 11906, height: 16838 }
  const doc = new Document({
    creator: 'Parallax',
    title: input.title,
    subject: input.subtitle,
    keywords: input.keywords.join(', '),
    description: `Annotated handout: ${sources.map((s) => s.title).join('; ')}`,
    styles: { default: { document: { run: { font: FONTS, size: 21 } } } },
    sections: [{ properties: { page: { size } }, children: body }]
  })
  const buffer = await Packer.toBuffer(doc)
  return { docx: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), warnings }
}
