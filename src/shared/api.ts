// ArchiveApi: the one contract. Served over Electron IPC (preload), HTTP (serve mode) and wrapped by the CLI.

import type {
  Annotation,
  ArchiveChanges,
  AnnotationColumns,
  AnnotationExportFormat,
  AnnotationImportReport,
  AnnotationInput,
  AnnotationPatch,
  AnnotationQuery,
  AnnotationScope,
  ArchiveInfo,
  BackupInfo,
  BackupSchedule,
  BundleImportReport,
  CitationStyle,
  EditResult,
  HandoutDocx,
  HandoutPdf,
  HandoutSet,
  HandoutSetInput,
  HandoutSetPatch,
  HistoryStep,
  ImportFile,
  ImportOptions,
  ImportReport,
  Link,
  LinkInput,
  ReferenceFormat,
  ReferenceImportOptions,
  ReferenceImportReport,
  ReferenceScope,
  RestoreReport,
  SalvageReport,
  LinkPatch,
  Relation,
  Revision,
  RevisionInfo,
  SearchOptions,
  SearchResults,
  Source,
  SourceInput,
  SourceMetaPatch,
  SourcePage,
  SourcePageQuery,
  SourceQuery,
  SourceSummary,
  Tag,
  TagInput,
  TagPatch,
  TextPosition,
  VariantSet
} from './model'
import type { AgreementQuery, AgreementReport } from './agreement'
import type { Comparison, CompareQuery, SettleRequest, SettleResult } from './compare-coders'
import type { TeamConnection, TeamMember, TeamStatus } from './team'

/**
 * Everything the UI, scripts and the CLI can do with an archive. Every method is async and either
 * resolves with plain JSON-compatible data (plus Uint8Array for bytes) or rejects with an
 * ArchiveError whose message is meant for the user. Every write is one SQLite transaction.
 * The archive core implements CoreApi; the team sync (src/main/team) adds TeamApi.
 */
export type ArchiveApi = CoreApi & TeamApi & RecoveryApi

/** What an open session of an archive can do beyond the core: put a backup back in its place. */
export interface RecoveryApi {
  /**
   * Replaces the archive with its newest backup whose own check passes, and opens that. For a
   * damaged archive (a read-only file is refused); the replaced file is kept in the Backups folder.
   */
  restoreBackup(): Promise<RestoreReport>
}

/** Working together on a team archive (PostgreSQL); see TEAMS.md. */
export interface TeamApi {
  /** How this copy of a team archive stands; null for an archive that is not one. */
  teamStatus(): Promise<TeamStatus | null>
  /** Connects with these details and says which member they are, changing nothing. */
  testTeamConnection(connection: TeamConnection): Promise<TeamMember & { archiveName: string }>
  /**
   * Publishes this archive into an empty, prepared team database, as its owner; from then on this
   * archive is the owner's copy and syncs live. The password goes to the system keychain only.
   */
  shareToTeam(connection: TeamConnection): Promise<TeamStatus>
  /**
   * Makes a new local copy of a team archive for the member these details name, and opens it (the
   * desktop app; serve mode serves one archive and refuses).
   */
  joinTeam(connection: TeamConnection): Promise<TeamStatus>
  /** Syncs now (otherwise it happens by itself); resolves with how the copy stands after. */
  syncTeam(): Promise<TeamStatus>
  /** Gives up the changes the server refused: those records go back to how the server has them. */
  discardRefusedChanges(): Promise<TeamStatus>
  /**
   * Marks sources "code independently" (blind coding), or no longer (`on: false`): an owner only,
   * on the team server at once, before anyone annotates them. All or none.
   */
  setCodeIndependently(request: { sourceIds: string[]; on: boolean }): Promise<TeamStatus>
  /** Hands in this member's coding of a source coded independently: the comparison opens. */
  handInCoding(request: { sourceId: string }): Promise<TeamStatus>
}

export interface CoreApi {
  /** Name, path, counts, what undo/redo would do, and whether it is read-only or damaged. */
  archiveInfo(): Promise<ArchiveInfo>
  /**
   * Copies every row that can still be read (a damaged archive) into a new archive file beside
   * this one, skipping what fails; this archive is not changed. Says what was copied and where.
   */
  salvageArchive(): Promise<SalvageReport>
  /**
   * Waits for a change made outside the caller's own calls (another Parallax process writing the
   * same file, a team sync) after `version`, for at most `waitMs` (default 25 s, at most 60 s), and
   * says which sources it touched. A negative version answers at once with the current number.
   */
  watchChanges(version: number, waitMs?: number): Promise<ArchiveChanges>

  /** Sources with metadata and counts, filtered and sorted. */
  listSources(query?: SourceQuery): Promise<SourceSummary[]>
  /**
   * A window of the same listing: how many sources match, the rows from `offset`, and optionally
   * where one source is and the archive's counts. Cheap at any size: the library asks only for
   * the rows in view.
   */
  listSourcePage(query?: SourcePageQuery): Promise<SourcePage>
  /** One source with its current text. Rejects NOT_FOUND. */
  getSource(id: string): Promise<Source>
  /** Adds a source from text and metadata (text is normalised to NFC with "\n" line ends). */
  createSource(input: SourceInput): Promise<Source>
  /** Changes metadata only; the text changes through editSourceText. */
  updateSource(id: string, patch: SourceMetaPatch): Promise<SourceSummary>
  /** Removes a source with its revisions and annotations (undoable in this session). */
  deleteSource(id: string): Promise<void>
  /**
   * Imports files (plain text, Markdown, HTML, DOCX, PDF, …): each decoded, normalised and added
   * as a source. Files that fail or duplicate an existing text are reported, never half-written.
   * The requests of one bulk import share `options.batch`: they undo and redo as one step.
   */
  importFiles(files: ImportFile[], options?: ImportOptions): Promise<ImportReport>

  /** Full-text search of every source, folded for case, diacritics, ı/ə, and variant spellings. */
  search(query: string, options?: SearchOptions): Promise<SearchResults>
  /** The archive's variant sets (spellings search treats as one word). */
  listVariantSets(): Promise<VariantSet[]>
  /** Creates (no id) or replaces (with id) a variant set; needs at least two distinct terms. */
  saveVariantSet(set: { id?: string; terms: string[] }): Promise<VariantSet>
  deleteVariantSet(id: string): Promise<void>

  /**
   * Replaces a source's text with a new revision and re-anchors its annotations: by position,
   * then exact quote, then fuzzy match; what cannot be placed becomes an orphan, never lost.
   */
  editSourceText(id: string, text: string, note?: string): Promise<EditResult>
  /** Every revision of a source, oldest first. */
  listRevisions(sourceId: string): Promise<RevisionInfo[]>
  getRevision(sourceId: string, n: number): Promise<Revision>
  /** Makes an old revision's text current again (as a new revision), re-anchoring as an edit does. */
  restoreRevision(sourceId: string, n: number): Promise<EditResult>

  /** The codebook, in order, with usage counts. */
  listTags(): Promise<Tag[]>
  /** Adds a tag; names are unique case-insensitively, keys 1-9 unique. */
  createTag(input: TagInput): Promise<Tag>
  /** Renames, recolours, re-describes or re-keys a tag (a key held by another tag moves here). */
  updateTag(id: string, patch: TagPatch): Promise<Tag>
  /** Sets the codebook order; lists every tag id once. */
  reorderTags(ids: string[]): Promise<Tag[]>
  /** Gives every annotation of `fromId` the tag `intoId`, then removes `fromId`. */
  mergeTags(fromId: string, intoId: string): Promise<Tag>
  /**
   * Removes a tag; annotations keep their other tags. If some would be left with no tag, no note
   * and no link, rejects CONFLICT (details.bare = how many) unless `bare` says what to do with them.
   */
  deleteTag(id: string, options?: { bare?: 'delete' | 'keep' }): Promise<void>

  /** Annotations by source, tag, text or status, in text order. */
  listAnnotations(query?: AnnotationQuery): Promise<Annotation[]>
  /**
   * One source's annotations (orphans included) in text order as parallel arrays, for the reader:
   * a fraction of listAnnotations' size for thousands of them. annotationsFromColumns() in
   * shared/annotation-columns.ts turns them, with the source's text, into compact Annotations.
   * With a range, only the anchored annotations overlapping it (the part of a text in view first).
   */
  listAnnotationColumns(sourceId: string, range?: TextPosition): Promise<AnnotationColumns>
  getAnnotation(id: string): Promise<Annotation>
  /** Marks a passage (by offsets or by quote) with tags and a note. Whitespace at the ends is trimmed. */
  createAnnotation(input: AnnotationInput): Promise<Annotation>
  /** Changes tags or note, or moves the annotation (re-attaching an orphan) to a new span. */
  updateAnnotation(id: string, patch: AnnotationPatch): Promise<Annotation>
  /** Removes an annotation and the links it is an end of. */
  deleteAnnotation(id: string): Promise<void>

  /**
   * Agreement between the members who annotated a source: per tag and over all tags, with the
   * source's paragraphs as units and "the tag is there" as the value; percent agreement, Cohen's
   * kappa (two coders), Krippendorff's alpha (nominal; a member who did not code the source is
   * missing) and the characters both marked. Where a figure cannot be given, a reason instead.
   */
  agreement(query: AgreementQuery): Promise<AgreementReport>
  /**
   * Two coders (or two sets of members) on one source: each side's marks and the differences
   * (marked by one side only, same passage with other tags, overlapping with other extents).
   */
  compareCoders(query: CompareQuery): Promise<Comparison>
  /**
   * Settles one difference in one undoable step: adopt a side (the other's mark is removed), keep
   * both, or merge into one agreed annotation recording both coders; what stands gets the tag
   * "Agreed". Rejects CONFLICT, changing nothing, if a mark changed since it was seen.
   */
  settleDifference(request: SettleRequest): Promise<SettleResult>

  /** Relation types for links: built-in (agrees, contradicts, adds detail, same event, translation of) and user-defined. */
  listRelations(): Promise<Relation[]>
  createRelation(label: string): Promise<Relation>
  /** Removes a user-defined relation that no link uses. */
  deleteRelation(id: string): Promise<void>
  /** Links touching an annotation, or any annotation of a source, or all. */
  listLinks(query?: { annotationId?: string; sourceId?: string }): Promise<Link[]>
  /** Links two different annotations (same or different sources) with a relation id or label. */
  createLink(input: LinkInput): Promise<Link>
  updateLink(id: string, patch: LinkPatch): Promise<Link>
  deleteLink(id: string): Promise<void>

  /**
   * Annotations of one source, one tag or the whole archive as W3C Web Annotation JSON-LD (an
   * AnnotationCollection; positions in code points), CSV or Markdown.
   */
  exportAnnotations(format: AnnotationExportFormat, scope?: AnnotationScope): Promise<string>
  /**
   * Imports W3C Web Annotations (one, a list, a page or a collection) targeting sources of this
   * archive. Items that cannot be placed are reported with a reason; the rest are imported in one
   * transaction.
   */
  importAnnotations(document: unknown): Promise<AnnotationImportReport>

  /** Reverts the latest change made in this session. Rejects NOTHING_TO_UNDO. */
  undo(): Promise<HistoryStep>
  /** Re-applies the latest undone change. Rejects NOTHING_TO_UNDO. */
  redo(): Promise<HistoryStep>

  /** Handout sets, most recently changed first. */
  listHandoutSets(): Promise<HandoutSet[]>
  getHandoutSet(id: string): Promise<HandoutSet>
  /** Saves a new handout set; sources default to none, the selection to all their annotations. */
  createHandoutSet(input: HandoutSetInput): Promise<HandoutSet>
  updateHandoutSet(id: string, patch: HandoutSetPatch): Promise<HandoutSet>
  deleteHandoutSet(id: string): Promise<void>
  /**
   * Renders a handout as PDF: a saved set, or a set described on the spot (not saved). Rejects
   * with a clear message for an empty set, sources deleted since, or too many pages.
   */
  renderHandout(
    target: { setId: string } | { set: HandoutSetInput },
    options?: { maxPages?: number; style?: string }
  ): Promise<HandoutPdf>
  /**
   * The same handout as an editable Word document: title block, introduction, tag legend, the
   * texts with highlights as shading and the tag's letter, notes as Word footnotes, questions with
   * room to answer, the parallel layout as a two-column table, citations in the set's style
   * (or `options.style`).
   */
  renderHandoutDocx(
    target: { setId: string } | { set: HandoutSetInput },
    options?: { style?: string }
  ): Promise<HandoutDocx>
  /** Citation styles handouts can use: the built-in ones (Chicago, MLA, APA, Harvard), then added ones. */
  listCitationStyles(): Promise<CitationStyle[]>
  /**
   * Adds a style from a .csl file's text (checked against the CSL schema; refused with one line
   * naming the file and the fault). A style with the same title is replaced.
   */
  addCitationStyle(xml: string, fileName?: string): Promise<CitationStyle>

  /**
   * The metadata of sources as BibTeX (BibLaTeX syntax), RIS or CSL-JSON: all sources, a handout
   * set's, or the ones listed. Parallax reads its own exports back without loss.
   */
  exportReferences(format: ReferenceFormat, scope?: ReferenceScope): Promise<string>
  /**
   * Imports reference files: BibTeX/BibLaTeX, RIS, CSL-JSON, or a Zotero RDF export with its
   * files (names as relative paths, e.g. "files/12/report.pdf"). Each item becomes a source with
   * its metadata and, where an attachment came along, its text; an item matching a source already
   * here (DOI, URL, or title and date) fills in that source's metadata instead. Bad entries are
   * listed one line each; the good ones are imported (or none, with `strict`), in one transaction.
   */
  importReferences(
    files: ImportFile[],
    options?: ReferenceImportOptions
  ): Promise<ReferenceImportReport>

  /** The whole archive (sources, revisions, codebook, annotations, links, sets) as one portable file. */
  exportBundle(): Promise<Uint8Array>
  /**
   * Merges a bundle into this archive without duplicating: records already here (same id, or a
   * source with the same text) are kept once. Refuses damaged bundles and ones from a newer version.
   */
  importBundle(data: Uint8Array): Promise<BundleImportReport>
  /** Copies the archive file now into its Backups folder (keeping the newest copies). */
  backupNow(): Promise<BackupInfo>
  listBackups(): Promise<BackupInfo[]>
  getBackupSchedule(): Promise<BackupSchedule>
  setBackupSchedule(schedule: BackupSchedule): Promise<BackupSchedule>

  /** A per-archive preference (e.g. the reader layout), or null. */
  getSetting(key: string): Promise<unknown>
  setSetting(key: string, value: unknown): Promise<void>
}

export type ApiMethod = keyof ArchiveApi

/** GET paths of serve mode's downloads, under /api/export/: the page fetches them, the server answers. */
export const DOWNLOAD_PATHS = {
  w3c: '/api/export/annotations.jsonld',
  bundle: '/api/export/archive.parallax-bundle'
} as const

/** The contract's method names, in one list: transports serve exactly these. */
export const API_METHODS = [
  'teamStatus',
  'testTeamConnection',
  'shareToTeam',
  'joinTeam',
  'syncTeam',
  'discardRefusedChanges',
  'setCodeIndependently',
  'handInCoding',
  'archiveInfo',
  'salvageArchive',
  'restoreBackup',
  'watchChanges',
  'listSources',
  'listSourcePage',
  'getSource',
  'createSource',
  'updateSource',
  'deleteSource',
  'importFiles',
  'search',
  'listVariantSets',
  'saveVariantSet',
  'deleteVariantSet',
  'editSourceText',
  'listRevisions',
  'getRevision',
  'restoreRevision',
  'listTags',
  'createTag',
  'updateTag',
  'reorderTags',
  'mergeTags',
  'deleteTag',
  'listAnnotations',
  'listAnnotationColumns',
  'getAnnotation',
  'createAnnotation',
  'updateAnnotation',
  'deleteAnnotation',
  'agreement',
  'compareCoders',
  'settleDifference',
  'listRelations',
  'createRelation',
  'deleteRelation',
  'listLinks',
  'createLink',
  'updateLink',
  'deleteLink',
  'exportAnnotations',
  'importAnnotations',
  'undo',
  'redo',
  'listHandoutSets',
  'getHandoutSet',
  'createHandoutSet',
  'updateHandoutSet',
  'deleteHandoutSet',
  'renderHandout',
  'renderHandoutDocx',
  'listCitationStyles',
  'addCitationStyle',
  'exportReferences',
  'importReferences',
  'exportBundle',
  'importBundle',
  'backupNow',
  'listBackups',
  'getBackupSchedule',
  'setBackupSchedule',
  'getSetting',
  'setSetting'
] as const satisfies readonly ApiMethod[]

// Compile-time check that the list names every method of the interface.
type Unlisted = Exclude<ApiMethod, (typeof API_METHODS)[number]>
const everyMethodListed: Unlisted extends never ? true : Unlisted = true
void everyMethodListed

const METHOD_SET: ReadonlySet<string> = new Set(API_METHODS)

export function isApiMethod(name: string): name is ApiMethod {
  return METHOD_SET.has(name)
}

/** The envelope every transport answers with. */
export type ApiResponse<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; details?: unknown } }
