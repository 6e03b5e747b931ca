// Tagged-PDF structure: a Document tree of Sect, H1/H2, P, L/LI, Note; content marked per page; artifacts.

import type { StructSink } from './model'

/** Options pdfkit accepts for a structure element (its typings lag behind: cast where used). */
export interface ElementOptions {
  lang?: string
  title?: string
  alt?: string
  actual?: string
}

/** Builds the structure tree while the pages are drawn. */
export class Structure {
  readonly root: PDFKit.PDFStructureElement

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document')
    doc.addStructure(this.root)
  }

  /** A new element of type `tag` appended to `parent` (the document when omitted). */
  element(
    tag: string,
    parent: PDFKit.PDFStructureElement = this.root,
    options: ElementOptions = {}
  ): PDFKit.PDFStructureElement {
    const element = this.doc.struct(tag, options)
    parent.add(element)
    return element
  }

  /** A sink for text: a new element of type `tag` under `parent`, marked as content is drawn. */
  sink(
    tag: string,
    parent: PDFKit.PDFStructureElement = this.root,
    options: ElementOptions = {}
  ): StructSink {
    return { element: this.element(tag, parent, options), tag }
  }

  /** Runs `draw` inside marked content that belongs to `sink` (one sequence per call and page). */
  mark(sink: StructSink, draw: () => void): void {
    const content = this.doc.markStructureContent(sink.tag)
    draw()
    this.doc.endMarkedContent()
    sink.element.add(content)
  }

  /** Runs `draw` as an artifact: decoration a screen reader skips (tints, rules, page furniture). */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type })
    draw()
    this.doc.endMarkedContent()
  }
}
