// The archive's domain types: sources and their revisions, the codebook, annotations with W3C selectors, links, search results.

/** What kind of document a source is; drives citation style (CSL type) and library filters. */
export const SOURCE_KINDS = [
  'article',
  'encyclopedia',
  'letter',
  'report',
  'book',
  'other'
] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export const CREATOR_ROLES = ['author', 'editor', 'translator', 'contributor'] as const
export type CreatorRole = (typeof CREATOR_ROLES)[number]

/** A person or body responsible for a source; `name` is "Family, Given" for people, or a literal name. */
export interface Creator {
  name: string
  role: CreatorRole
}

/** Descriptive metadata, all editable. Dates are ISO 8601 or EDTF-style partial dates ("1918", "1918-09", "1918-09-15?"). */
export interface SourceMeta {
  title: string
  creators: Creator[]
  publisher: string
  /** Publication date (ISO 8601 / EDTF level 0-1), or "" when unknown. */
  date: string
  /** BCP 47 language tag of the text ("en", "fr", "az-Latn"), or "" when unknown. */
  language: string
  kind: SourceKind
  url: string
  license: string
  /** When the source was retrieved, as a date, or "". */
  accessed: string
  description: string
}

/** Where an imported source came from. */
export interface SourceOrigin {
  fileName: string
  /** The importer that read it: "text", "markdown", "html", "docx", "pdf", "epub", "sample". */
  format: string
  /** The character encoding the bytes were decoded from, when the format is text. */
  encoding?: string
}

/** A source as the library lists it: metadata and counts, without the text. */
export interface SourceSummary extends SourceMeta {
  id: string
  /** ISO timestamps. */
  created: string
  modified: string
  /** Number of the current revision; 1 for a source never edited. */
  revision: number
  /** Length of the current text in UTF-16 code units. */
  length: number
  /** Number of paragraphs (blocks separated by a blank line). */
  paragraphs: number
  annotationCount: number
  orphanCount: number
  /** SHA-256 of the current text, hex; used to skip duplicate imports. */
  contentHash: string
  origin: SourceOrigin | null
  /** Who made it and who changed it last (members' names). */
  createdBy: string
  modifiedBy: string
}

/** A source with its current text: NFC plain text, "\n" line ends, paragraphs separated by a blank line. */
export interface Source extends SourceSummary {
  text: string
}

/** What creating a source takes; omitted metadata is empty. */
export interface SourceInput extends Partial<SourceMeta> {
  title: string
  text: string
  origin?: SourceOrigin
}

export type SourceMetaPatch = Partial<SourceMeta>

export const SOURCE_SORT_KEYS = [
  'title',
  'creators',
  'date',
  'language',
  'kind',
  'annotations',
  'created',
  'modified'
] as const
export type SourceSortKey = (typeof SOURCE_SORT_KEYS)[number]

/** Library listing options. `filter` matches title, creators, publisher and description, folded like search. */
export interface SourceQuery {
  filter?: string
  language?: string
  kind?: SourceKind
  sort?: SourceSortKey
  descending?: boolean
}

/** One window of the library's listing (listSourcePage): a filter and sort, and which rows. */
export interface SourcePageQuery extends SourceQuery {
  /** Index of the first row wanted in the whole listing (default 0). */
  offset?: number
  /** How many rows (default 100, at most 1,000). */
  limit?: number
  /** A source to find in the listing: the answer says where it is and holds its summary. */
  find?: string
  /** Also count the archive's sources, all of them and per language, whatever the filter. */
  counts?: boolean
}

export interface SourcePage {
  /** How many sources match the query in all. */
  total: number
  offset: number
  /** The matching sources from `offset` on, in order, at most `limit` of them. */
  sources: SourceSummary[]
  /** Where `find` is in the listing (index and summary), or null if it does not match. */
  found?: { index: number; source: SourceSummary } | null
  /** With `counts`: sources in the archive, and per language ("" for unknown), most first. */
  counts?: { sources: number; languages: { language: string; count: number }[] }
}

/** One version of a source's text. Revision 1 is the text as first imported. */
export interface RevisionInfo {
  sourceId: string
  n: number
  created: string
  /** Why the text changed ("Imported", "Removed the date glued to the first line", …). */
  note: string
  /** Who made it (a member's name). */
  createdBy: string
  length: number
  current: boolean
  /**
   * Made from the same revision as another one (two team members edited the same text at once)
   * and lost: not the current text, nor one it came from. Kept for an editor to review.
   */
  conflict: boolean
}

export interface Revision extends RevisionInfo {
  text: string
}

/** A codebook entry. */
export interface Tag {
  id: string
  /** Unique in the archive, compared case-insensitively. */
  name: string
  /** CSS hex colour, "#rrggbb". */
  color: string
  description: string
  /** Shortcut key 1-9 in the reader, or null. Unique among tags. */
  key: number | null
  /** Order in the codebook, 0-based. */
  position: number
  /** Optional group heading ("Actors", "Rhetoric"), or "". */
  group: string
  /** Number of anchored and orphaned annotations carrying this tag. */
  count: number
  /** Who made it and who changed it last (members' names). */
  createdBy: string
  modifiedBy: string
}

export interface TagInput {
  name: string
  color?: string
  description?: string
  key?: number | null
  group?: string
}

export type TagPatch = Partial<TagInput>

/** A span of a source's current text, in UTF-16 code units, end exclusive (W3C TextPositionSelector, but in code units). */
export interface TextPosition {
  start: number
  end: number
}

/** W3C TextQuoteSelector: the exact text with up to 32 characters of context on each side. */
export interface TextQuote {
  exact: string
  prefix: string
  suffix: string
}

/** Whether an annotation sits on its words in the current text, or could not be placed after an edit. */
export type AnchorStatus = 'anchored' | 'orphan'

/** A marked passage: tags and a Markdown note on a span of one source. */
export interface Annotation extends TextPosition, TextQuote {
  id: string
  sourceId: string
  status: AnchorStatus
  /** Tag ids in codebook order. */
  tagIds: string[]
  /** Markdown. */
  note: string
  /** 1-based paragraph number of the start, for locators ("¶4"). */
  paragraph: number
  created: string
  modified: string
  /** Who made it and who changed it last (members' names). */
  createdBy: string
  modifiedBy: string
}

/** Where to put a new annotation: a position, or a quote to look for (the `occurrence`-th match, 1-based). */
export type AnnotationTarget =
  | { start: number; end: number }
  | { quote: string; occurrence?: number; prefix?: string; suffix?: string }

export interface AnnotationInput {
  sourceId: string
  target: AnnotationTarget
  tagIds?: string[]
  note?: string
}

export interface AnnotationPatch {
  tagIds?: string[]
  note?: string
  /** Moves the annotation (or re-attaches an orphan) to a new span of the current text. */
  target?: { start: number; end: number }
}

export interface AnnotationQuery {
  sourceId?: string
  tagId?: string
  /** Matches the quote and the note, folded like search. */
  text?: string
  status?: AnchorStatus
  /**
   * Leave out what views listing thousands of annotations do not show: prefix, suffix, created
   * and modified come back empty.
   */
  compact?: boolean
}

/**
 * One source's annotations as the reader draws them, small on the wire: parallel arrays in text order
 * (index i of each array is the i-th annotation). Quotes travel only where they are not the text
 * between start and end (orphans); paragraph numbers follow from the text (see
 * shared/annotation-columns.ts); prefix, suffix and timestamps are left out, as in compact listings.
 */
export interface AnnotationColumns {
  sourceId: string
  /** The source's revision the offsets refer to. */
  revision: number
  id: string[]
  start: number[]
  end: number[]
  /** Indexes of orphaned annotations, ascending. */
  orphans: number[]
  /** The tag ids in use; each annotation's tags are indexes into this list, in codebook order. */
  tagIds: string[]
  tags: number[][]
  /** Markdown notes; '' for none. */
  note: string[]
  /** Quotes that differ from the text between start and end, by annotation index. */
  quotes: { index: number; exact: string }[]
  /** The members who made these annotations; each annotation's maker is an index into this list. */
  authors: string[]
  author: number[]
}

/** A kind of relation between two passages. Built-in ones cannot be deleted. */
export interface Relation {
  id: string
  label: string
  builtin: boolean
}

export const BUILTIN_RELATIONS: readonly Relation[] = [
  { id: 'agrees', label: 'agrees with', builtin: true },
  { id: 'contradicts', label: 'contradicts', builtin: true },
  { id: 'adds-detail', label: 'adds detail to', builtin: true },
  { id: 'same-event', label: 'same event as', builtin: true },
  { id: 'translation-of', label: 'translation of', builtin: true }
]

/** A typed connection between two annotations (its ends), in the same or different sources. */
export interface Link {
  id: string
  /** Annotation ids of the two ends. */
  from: string
  to: string
  relation: string
  note: string
  created: string
  modified: string
  /** Who made it and who changed it last (members' names). */
  createdBy: string
  modifiedBy: string
}

export interface LinkInput {
  from: string
  to: string
  relation: string
  note?: string
}

export interface LinkPatch {
  relation?: string
  note?: string
}

/** Spellings a search treats as one word, e.g. Baku = Bakı = Bakou = Bakü = Баку. */
export interface VariantSet {
  id: string
  terms: string[]
}

export interface SearchOptions {
  /** At most this many hits (default 50, at most 500). */
  limit?: number
  /** Only in these sources. */
  sourceIds?: string[]
}

/** A passage that matches a search: where it is and a snippet with the matches marked. */
export interface SearchHit {
  sourceId: string
  sourceTitle: string
  language: string
  /** Whether the match is in the source's title or its text. */
  field: 'title' | 'text'
  /** 1-based paragraph number of the passage (0 for a title match). */
  paragraph: number
  /** The matches in the source text (UTF-16 offsets into the current text). */
  matches: TextPosition[]
  /** A window of the original text around the first match. */
  snippet: string
  /** The matches within `snippet`, as offsets into it. */
  marks: TextPosition[]
  /** Whether the snippet starts or ends inside the passage (show an ellipsis). */
  clippedStart: boolean
  clippedEnd: boolean
}

export interface SearchResults {
  query: string
  hits: SearchHit[]
  /** Terms as searched, after folding and variant expansion, one list per query term. */
  terms: string[][]
  /** More hits exist beyond the limit. */
  truncated: boolean
  /**
   * Set when more passages matched than one search ranks: the hits are the best of the first
   * `scanned` matching passages (in the order they were indexed), not of every match.
   */
  scanned?: number
}

/** A file handed to the importer: its name (for format and title guesses) and its bytes. */
export interface ImportFile {
  name: string
  data: Uint8Array
}

export interface ImportOptions {
  /**
   * Names one bulk import sent in several requests (any string, e.g. a random id): consecutive
   * requests with the same batch make a single undo step, "Import 45 files".
   */
  batch?: string
}

export interface ImportFailure {
  name: string
  code: string
  message: string
}

export interface ImportReport {
  imported: SourceSummary[]
  /**
   * Files whose text is already in the archive (same content hash), or came earlier in the same
   * request: sourceId names the source that holds it.
   */
  duplicates: { name: string; sourceId: string; title: string }[]
  failed: ImportFailure[]
}

/**
 * Whether an archive opened normally. A read-only one (a read-only file or folder, or opened so)
 * shows everything and changes nothing; a damaged one (SQLite's quick_check found broken pages) is
 * opened read-only too, and offers restoring the newest good backup or salvaging what can be read.
 */
export interface ArchiveHealth {
  state: 'ok' | 'read-only' | 'damaged'
  /** Why, in a few words ("the file is read-only", what the check found); null when ok. */
  reason: string | null
}

/** What salvaging a damaged archive copied into a new archive file. */
export interface SalvageReport {
  /** The new archive file. */
  path: string
  /** Per table: rows copied, and rows that could not be read (or referred to a lost record). */
  tables: { name: string; copied: number; skipped: number }[]
  copied: number
  skipped: number
}

/** What restoring a backup did. */
export interface RestoreReport {
  /** The backup now in use. */
  restored: BackupInfo
  /** Where the file it replaced was kept (nothing is deleted). */
  replacedCopy: string
}

/** Summary of an archive for the window title and status bar. */
export interface ArchiveInfo {
  path: string
  name: string
  schemaVersion: number
  /** The name this session signs its changes with (Preferences, or the CLI's --as). */
  author: string
  sources: number
  annotations: number
  orphans: number
  links: number
  tags: number
  /** Label of the change that undo would revert, or null. */
  undo: string | null
  redo: string | null
  /** Read-only or damaged archives say so here (title, status bar, a notice). */
  health: ArchiveHealth
}

/** What changed in the archive outside the caller's own calls (another process, a team sync). */
export interface ArchiveChanges {
  /** Pass this back to wait for the next change. */
  version: number
  /** Sources whose text, metadata or annotations changed; null when anything may have changed. */
  sourceIds: string[] | null
}

/** What an undo or redo did. */
export interface HistoryStep {
  label: string
  /** Sources whose text or annotations the step touched, so views can refresh. */
  sourceIds: string[]
}

/** What editing a source's text did to its annotations (and link ends). */
export interface EditResult {
  sourceId: string
  /** The new revision number (unchanged when the text was identical). */
  revision: number
  changed: boolean
  /** Untouched passages, at the place the edit shifted them to. */
  kept: number
  /** Passages found again by their quote, exactly or nearly. */
  moved: number
  /** Passages that could not be placed; kept with quote and note for review. */
  orphaned: number
  /** Orphans from earlier edits that found their place again. */
  reattached: number
  movedIds: string[]
  orphanIds: string[]
}

/** Which annotations an export covers. */
export interface AnnotationScope {
  sourceId?: string
  tagId?: string
}

export type AnnotationExportFormat = 'w3c' | 'csv' | 'md'

export interface AnnotationImportReport {
  imported: number
  links: number
  /** Items already in the archive (same id), left as they are. */
  duplicates: number
  /** Items that could not be imported, with the reason. */
  rejected: { index: number; id?: string; reason: string }[]
}

export const HANDOUT_LAYOUTS = ['full', 'excerpts', 'parallel'] as const
/** full: each source in full; excerpts: the annotated passages with a little context; parallel: two sources in columns. */
export type HandoutLayout = (typeof HANDOUT_LAYOUTS)[number]

/** Which annotations of the set's sources a handout prints. */
export interface HandoutSelection {
  /** all; those with one of `tagIds`; those that are link ends; the hand-picked `annotationIds`. */
  mode: 'all' | 'tags' | 'links' | 'picked'
  tagIds: string[]
  annotationIds: string[]
  /** Only annotations made by these members (absent or empty: everyone's). */
  authors?: string[]
  /** Only the agreed annotations (those that settling a comparison marked "Agreed"). */
  agreedOnly?: boolean
  /** Print each note's author after it. */
  printAuthors?: boolean
  /** Print a table of the agreement between the members who annotated each source. */
  agreementTable?: boolean
}

/** A handout as composed in the app and stored in the archive. */
export interface HandoutSet {
  id: string
  title: string
  subtitle: string
  author: string
  /** Markdown. */
  introduction: string
  layout: HandoutLayout
  pageSize: 'A4' | 'Letter'
  notes: 'footnotes' | 'endnotes'
  /** How the excerpts layout groups passages. */
  groupBy: 'source' | 'tag'
  /** The sources, in print order (the parallel layout uses the first two). */
  sourceIds: string[]
  selection: HandoutSelection
  /** A question or comment for students, per annotation id. */
  questions: Record<string, string>
  /**
   * The citation style its footnotes, excerpt headers and bibliography follow: a built-in style id
   * (see BUILTIN_CITATION_STYLES) or the id of a style added from a .csl file.
   */
  style: string
  created: string
  modified: string
  /** Who made it and who changed it last (members' names). */
  createdBy: string
  modifiedBy: string
}

type HandoutSetStamps = 'id' | 'created' | 'modified' | 'createdBy' | 'modifiedBy'
export type HandoutSetInput = Partial<Omit<HandoutSet, HandoutSetStamps>> & {
  title: string
}
export type HandoutSetPatch = Partial<Omit<HandoutSet, HandoutSetStamps>>

/** A rendered handout: the PDF and what the renderer has to say about it. */
export interface HandoutPdf {
  pdf: Uint8Array
  /** A file name made from the title ("Baku, September 1918.pdf"). */
  fileName: string
  pages: number
  bytes: number
  /** Characters no shipped font could draw (printed as a replacement mark). */
  missingGlyphs: { char: string; codePoint: string; count: number }[]
  warnings: string[]
}

/** A copy of the archive file made for safety. */
export interface BackupInfo {
  path: string
  created: string
  bytes: number
  reason: 'manual' | 'scheduled' | 'migration'
}

/** How often the archive backs itself up, and how many copies it keeps. */
export interface BackupSchedule {
  /** 0 turns scheduled backups off. */
  everyHours: number
  keep: number
}

/** What importing an archive bundle did. */
export interface BundleImportReport {
  /** Per kind of record: added, already there (same id or same text), and merged (same text, other id). */
  sources: { added: number; existing: number }
  revisions: { added: number; existing: number }
  tags: { added: number; existing: number }
  annotations: { added: number; existing: number }
  links: { added: number; existing: number }
  relations: { added: number; existing: number }
  variantSets: { added: number; existing: number }
  handoutSets: { added: number; existing: number }
}

/** Whether a style cites in footnotes (Chicago notes and bibliography) or in the text (author-date, MLA). */
export type CitationClass = 'note' | 'in-text'

/** A CSL citation style handouts can use. */
export interface CitationStyle {
  /** A built-in id ("chicago-notes-bibliography") or the id given to a style added from a file. */
  id: string
  /** The style's own title, e.g. "Chicago Manual of Style 18th edition (notes and bibliography)". */
  title: string
  /** A short name for menus ("Chicago, notes and bibliography"). */
  label: string
  class: CitationClass
  builtin: boolean
}

/** The styles that ship with Parallax (official CSL files, in resources/csl), in menu order. */
export const BUILTIN_CITATION_STYLES = [
  'chicago-notes-bibliography',
  'chicago-author-date',
  'modern-language-association',
  'apa',
  'harvard-cite-them-right'
] as const

/** The style of a new handout: historians cite in Chicago notes and bibliography. */
export const DEFAULT_CITATION_STYLE = 'chicago-notes-bibliography'

/** A rendered handout as an editable Word document. */
export interface HandoutDocx {
  docx: Uint8Array
  /** A file name made from the title ("Baku, September 1918.docx"). */
  fileName: string
  bytes: number
  warnings: string[]
}

/** Reference formats Parallax reads and writes. bibtex is BibLaTeX syntax; csl-json is CSL-JSON. */
export const REFERENCE_FORMATS = ['bibtex', 'ris', 'csl-json'] as const
export type ReferenceFormat = (typeof REFERENCE_FORMATS)[number]

/** Which sources a reference export covers: all of them, a handout set's, or the ones listed. */
export interface ReferenceScope {
  setId?: string
  sourceIds?: string[]
}

export interface ReferenceImportOptions {
  /** All or nothing: when any entry fails, import none (default false: import the good ones). */
  strict?: boolean
}

/** What importing reference files (BibTeX, RIS, CSL-JSON, Zotero RDF with its files) did. */
export interface ReferenceImportReport {
  /** New sources, one per item. */
  imported: SourceSummary[]
  /** Sources already here (same DOI, URL, or title and date) whose metadata the item filled in. */
  updated: { entry: string; sourceId: string; title: string; fields: string[] }[]
  /** Entries that could not be imported, each with one line naming it and saying why. */
  failed: ImportFailure[]
  /** Entries imported with something left out (a missing attachment, an unknown language). */
  warnings: string[]
  /** False when `strict` stopped the import because an entry failed: nothing was written. */
  written: boolean
}
