// Word body text by streaming XML (htmlparser2): memory follows the text, not the XML, and reading stops at the text limit.

import type { ArchiveError } from '../../../shared/errors'
import { listNumber, type Numbering } from './docx-parts'
import type { TextBudget } from './limits'
import { attr, streamXml, type XmlHandlers } from './xml-stream'
import type { ZipArchive } from './zip'

/** What the body reader needs from the package's other parts. */
export interface BodyContext {
  numbering: Numbering
  /** Style ids of heading-1 paragraphs (Heading1, or a style named "heading 1" / "Heading"). */
  headingStyles: Set<string>
  /** Paragraphs of each footnote and endnote, by "footnote:ID" / "endnote:ID". */
  notes: Map<string, string[]>
  budget: TextBudget
}

/** Collapses spaces inside each line of a paragraph and drops empty lines, as HTML text does. */
function tidy(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}

/**
 * Reads paragraphs (`w:p`, text boxes included) from a part: runs' text, tabs as spaces, line
 * breaks, list markers ("• ", "3. "), note references as "[n]". Calls `paragraph` with each
 * non-empty paragraph and whether it is a level-1 heading.
 */
export function paragraphHandlers(
  context: BodyContext,
  paragraph: (text: string, heading: boolean) => void,
  noteRef: (key: string) => string = () => ''
): XmlHandlers {
  // Paragraphs nest (a text box inside a paragraph), so each open one has its own buffer.
  const open: { text: string; style: string; numId: string; level: number }[] = []
  let inText = 0
  // Tabs and breaks count only inside runs (w:tabs in paragraph properties are tab stops).
  let inRun = 0
  const add = (text: string): void => {
    const top = open[open.length - 1]
    if (!top) return
    context.budget.add(text.length)
    top.text += text
  }
  return {
    open(name, attrs) {
      const top = open[open.length - 1]
      switch (name) {
        case 'p':
          open.push({ text: '', style: '', numId: '', level: 0 })
          break
        case 'r':
          inRun++
          break
        case 't':
          inText++
          break
        case 'tab':
          if (inRun) add(' ')
          break
        case 'cr':
          if (inRun) add('\n')
          break
        case 'br': {
          const type = attr(attrs, 'type')
          if (inRun && (!type || type === 'textWrapping')) add('\n')
          break
        }
        case 'noBreakHyphen':
          if (inRun) add('-')
          break
        case 'pStyle':
          if (top) top.style = attr(attrs, 'val') ?? ''
          break
        case 'numId':
          if (top) top.numId = attr(attrs, 'val') ?? ''
          break
        case 'ilvl':
          if (top) top.level = Number(attr(attrs, 'val') ?? 0) || 0
          break
        case 'footnoteReference':
        case 'endnoteReference':
          add(noteRef(`${name.slice(0, -9)}:${attr(attrs, 'id') ?? ''}`))
          break
      }
    },
    close(name) {
      if (name === 't') inText--
      else if (name === 'r') inRun--
      else if (name === 'p') {
        const p = open.pop()!
        const text = tidy(p.text)
        if (!text) return
        const marker = p.numId ? listNumber(context.numbering, p.numId, p.level) : ''
        paragraph(marker + text, context.headingStyles.has(p.style))
      }
    },
    text(text) {
      if (inText) add(text)
    }
  }
}

/** Paragraphs of every footnote and endnote (separators excluded), keyed "footnote:ID"/"endnote:ID". */
export function readNotes(
  zip: ZipArchive,
  context: BodyContext,
  damaged: (why: string) => ArchiveError
): void {
  for (const kind of ['footnote', 'endnote']) {
    let key = ''
    let paragraphs: string[] = []
    const inner = paragraphHandlers(context, (text) => paragraphs.push(text))
    streamXml(
      zip,
      `word/${kind}s.xml`,
      {
        open(name, attrs) {
          if (name === kind) {
            const type = attr(attrs, 'type')
            key = !type || type === 'normal' ? `${kind}:${attr(attrs, 'id') ?? ''}` : ''
            paragraphs = []
          } else if (key) inner.open(name, attrs)
        },
        close(name) {
          if (name === kind) {
            if (key) context.notes.set(key, paragraphs)
            key = ''
          } else if (key) inner.close(name)
        },
        text(text) {
          if (key) inner.text(text)
        }
      },
      damaged
    )
  }
}

/**
 * The document body's paragraphs, then the notes it refers to ("1. …"), and the first level-1
 * heading; streamed from word/document.xml, refused as soon as the text passes the budget.
 */
export function readBody(
  zip: ZipArchive,
  context: BodyContext,
  damaged: (why: string) => ArchiveError
): { paragraphs: string[]; heading: string } {
  const paragraphs: string[] = []
  let heading = ''
  const referenced: string[] = []
  const noteRef = (key: string): string => {
    if (!context.notes.has(key)) return ''
    referenced.push(key)
    return `[${referenced.length}]`
  }
  const handlers = paragraphHandlers(
    context,
    (text, isHeading) => {
      context.budget.add(2)
      paragraphs.push(text)
      if (isHeading && !heading) heading = text
    },
    noteRef
  )
  if (!streamXml(zip, 'word/document.xml', handlers, damaged)) throw damaged('it has no body')
  referenced.forEach((key, i) => {
    const note = context.notes.get(key) ?? []
    note.forEach((text, k) => paragraphs.push(k === 0 ? `${i + 1}. ${text}` : text))
  })
  return { paragraphs, heading }
}
