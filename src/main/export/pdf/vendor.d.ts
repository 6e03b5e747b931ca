// Minimal type declarations for the untyped packages the PDF renderer uses (only what it calls).

declare module 'linebreak' {
  /** A break opportunity before `position`; `required` for a hard break (e.g. after '\n'). */
  interface Break {
    position: number
    required: boolean
  }
  /** UAX #14 line breaker over one string. */
  class LineBreaker {
    constructor(text: string)
    nextBreak(): Break | null
  }
  export default LineBreaker
}

declare module 'fontkit' {
  /** A glyph; pdfkit reads its id, advance width and code points. */
  interface Glyph {
    id: number
    advanceWidth: number
    codePoints: number[]
  }
  /** Where a glyph of a shaped run goes, in font units. */
  interface GlyphPosition {
    xAdvance: number
    yAdvance: number
    xOffset: number
    yOffset: number
  }
  /** The result of shaping a string. */
  interface GlyphRun {
    glyphs: Glyph[]
    positions: GlyphPosition[]
    readonly advanceWidth: number
  }
  /** The subset of a fontkit font the renderer reads. */
  interface Font {
    unitsPerEm: number
    ascent: number
    descent: number
    postscriptName: string
    hasGlyphForCodePoint(codePoint: number): boolean
    layout(text: string, features?: string[] | Record<string, boolean>): GlyphRun
  }
  export function create(buffer: Buffer | Uint8Array): Font
}

declare module '@citation-js/core' {
  /** Options of Cite#format as used for CSL output. */
  interface FormatOptions {
    format?: 'text' | 'html'
    template?: string
    lang?: string
    entry?: string | { id: string; locator?: string; label?: string }[]
  }
  /** A set of CSL-JSON items. */
  class Cite {
    constructor(data: object[])
    format(kind: 'bibliography' | 'citation', options?: FormatOptions): string
  }
  export { Cite }
}

declare module '@citation-js/plugin-csl'
