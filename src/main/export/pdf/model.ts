// Internal model of the renderer: styled spans in, laid-out lines and placeable rows out.

/** The font roles a style may ask for; fonts.ts maps each to a fallback chain of files. */
export type FontRole = 'serif' | 'serifItalic' | 'serifBold' | 'sans' | 'sansBold'

/** How a run of text looks. */
export interface TextStyle {
  role: FontRole
  size: number
  /** `#rrggbb` */
  color: string
  /** Baseline shift upwards in points (superscript note numbers). */
  rise?: number
}

/** A highlight's paint on a span: the tint band it occupies among overlapping highlights. */
export interface Paint {
  /** Light tint behind the text. */
  tint: string
  /** Darker tag colour for the underline cue (reads as grey in greyscale). */
  ink: string
  /** Stronger tint behind the tag letters (a mid grey in greyscale). */
  chip: string
  /** Band index among the overlapping highlights of its cluster, from the top. */
  slot: number
  /** How many bands its cluster has. */
  slots: number
}

/** A piece of paragraph text with one style and the highlights active on it. */
export interface Span {
  text: string
  style: TextStyle
  paints?: Paint[]
  /** Footnotes whose marker is in this span: they must land on the page of its line. */
  notes?: Footnote[]
  /** No line break right after this span (a tag letter stays with its passage). */
  glue?: boolean
  /** This span is the tag letters of a highlight: drawn on a stronger tint. */
  chip?: Paint
}

/** A paragraph to lay out: spans plus direction and alignment. */
export interface Paragraph {
  spans: Span[]
  /** Base direction; 'auto' picks it from the first strong character. */
  direction?: 'ltr' | 'rtl' | 'auto'
  align?: 'left' | 'right' | 'center'
  /** Line height as a multiple of the largest span size (default 1.38). */
  leading?: number
  /** First-line indent in points (negative for hanging labels is not supported). */
  indent?: number
}

/** One run of a laid-out line, in visual order, ready to draw with one `doc.text` call. */
export interface LineRun {
  text: string
  font: string
  style: TextStyle
  /** Offset from the line's left edge. */
  x: number
  width: number
  paints?: Paint[]
  chip?: Paint
}

/** One laid-out line. */
export interface Line {
  runs: LineRun[]
  width: number
  height: number
  /** Distance from the line's top to its baseline. */
  ascent: number
  /** Offset of the line inside its measure (alignment). */
  shift: number
  notes: Footnote[]
}

/** A footnote (or endnote): number, marker and its laid-out text. */
export interface Footnote {
  number: number
  /** The note body as a paragraph (number, tags, note text). */
  paragraph: Paragraph
  /** Lines at the footnote measure, filled in by the flow when first needed. */
  lines?: Line[]
  height?: number
}

/** Where a row's text goes in the structure tree (a P, H2, Note … element), or null for artifacts. */
export interface StructSink {
  element: PDFKit.PDFStructureElement
  tag: string
}

/** One drawable part of a row: a line at an x position, or a decoration. */
export interface RowPart {
  sink: StructSink | null
  /** A laid-out line with its left edge at `x` and its top on the row's: the flow paints its
   *  highlights (when `painted`) as an artifact and draws its text, with no closures per line. */
  line?: Line
  x?: number
  painted?: boolean
  /** Paints drawn as an artifact before the text (tints, rules, swatches). */
  decorate?: (y: number) => void
  /** Draws the text; runs inside the sink's marked content. */
  draw?: (y: number) => void
}

/** A horizontal slice of the page that moves as a unit: one line, or a line of each column. */
export interface Row {
  height: number
  parts: RowPart[]
  notes: Footnote[]
}

/** Rows placed together with widow/orphan control. */
export interface Block {
  rows: Row[]
  spaceBefore?: number
  /** Keep on the page of the next block's first lines (headings). */
  keepWithNext?: boolean
  /** Minimum lines at the foot and head of a page when the block is split (default 2). */
  orphans?: number
  widows?: number
  /** Never split (small tables, legend entries). */
  keepTogether?: boolean
  /** Called when the first row lands on its page (bookmarks point there). */
  onPlace?: () => void
}
