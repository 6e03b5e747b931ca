// The input and result of the PDF handout renderer: a self-contained description of one handout.

/** A codebook entry as shown in the handout's legend. */
export interface HandoutTag {
  id: string
  name: string
  /** `#rrggbb` */
  color: string
  /** Short non-colour cue printed before each passage, e.g. 'C' or 'L'; unique. */
  letter: string
  description: string
}

/** One highlighted passage of a source. */
export interface HandoutHighlight {
  id: string
  /** UTF-16 offsets into the source text, end exclusive. */
  start: number
  end: number
  /** May be empty (a plain highlight). */
  tagIds: string[]
  /** Markdown, may be '' (then no footnote number). */
  note: string
  /** Per-excerpt question or comment for students, may be ''. */
  question: string
  /** 1-based paragraph number (paragraphs = blocks separated by a blank line), for locators "¶4". */
  paragraph: number
}

/** One source with its text and the highlights to print. */
export interface HandoutSource {
  id: string
  /** 'A', 'B', … */
  label: string
  title: string
  /** name is "Family, Given" or a literal name. */
  creators: { name: string; role: 'author' | 'editor' | 'translator' | 'contributor' }[]
  publisher: string
  /** ISO/EDTF partial, e.g. '2025-09-15', '1918' or ''. */
  date: string
  /** BCP 47 or ''. */
  language: string
  kind: 'article' | 'encyclopedia' | 'letter' | 'report' | 'book' | 'other'
  url: string
  accessed: string
  license: string
  /** NFC plain text, '\n' line ends, paragraphs separated by a blank line. */
  text: string
  /** May overlap or nest. */
  highlights: HandoutHighlight[]
  /** CSL-JSON fields beyond these (DOI, container title, volume, pages …) for its citations. */
  reference?: Record<string, unknown>
}

/** A link between two highlighted passages. */
export interface HandoutLink {
  id: string
  from: { sourceId: string; highlightId: string }
  to: { sourceId: string; highlightId: string }
  /** A label, e.g. 'same event as'. */
  relation: string
  note: string
}

/** A small table printed after the texts (e.g. the agreement between coders). */
export interface HandoutTable {
  title: string
  /** A line under the title (who, what the units are). */
  caption: string
  header: string[]
  /** Cells as text; the first column is the row's label. */
  rows: string[][]
  /** Lines under the table (what the figures mean, why one is missing). */
  notes: string[]
}

/** Everything the renderer needs for one handout; it reads nothing else. */
export interface HandoutInput {
  title: string
  subtitle: string
  author: string
  /** Markdown (paragraphs, *emphasis*, **strong**, lists). */
  introduction: string
  layout: 'full' | 'excerpts' | 'parallel'
  pageSize: 'A4' | 'Letter'
  notes: 'footnotes' | 'endnotes'
  /** Excerpts layout only. */
  groupBy: 'source' | 'tag'
  /** Excerpts: words of context around each passage, e.g. 8. */
  contextWords: number
  /** Document language for PDF metadata, e.g. 'en'. */
  language: string
  keywords: string[]
  /** Codebook entries to show in the legend (those used). */
  tags: HandoutTag[]
  /** 1..n; the parallel layout uses the first two. */
  sources: HandoutSource[]
  links: HandoutLink[]
  /** Optional date line of the title block, e.g. '22 November 2026'; omitted when absent. */
  printedOn?: string
  /**
   * The CSL style of footnotes, excerpt headers and bibliography: a built-in id (read from the
   * options' cslDir), or a style added from a file with its XML. Absent: APA.
   */
  style?: { id: string; title?: string; xml?: string }
  /** Tables printed after the texts and links, before the bibliography. */
  tables?: HandoutTable[]
}

/** What an export reports besides the bytes. */
export interface HandoutResult {
  pages: number
  bytes: number
  /** Characters no shipped font could draw: reported, never drawn as empty boxes silently. */
  missingGlyphs: { char: string; codePoint: string /* 'U+0531' */; count: number }[]
  warnings: string[]
}

/** Where the fonts are and how large a handout may grow. */
export interface RenderOptions {
  /** The folder with the shipped TTF files (resources/fonts). */
  fontsDir: string
  /** Default 2000; rendering stops with TOO_LARGE as soon as a page past it would start. */
  maxPages?: number
  /** The folder with the shipped CSL styles and locales (default: resources/csl beside fontsDir). */
  cslDir?: string
}
