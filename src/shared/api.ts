// ArchiveApi: the one contract. Served over Electron IPC (preload), HTTP (serve mode) and wrapped by the CLI.

import type {
  ArchiveInfo,
  HistoryStep,
  ImportFile,
  ImportReport,
  SearchOptions,
  SearchResults,
  Source,
  SourceInput,
  SourceMetaPatch,
  SourceQuery,
  SourceSummary,
  Tag,
  VariantSet
} from './model'

/**
 * Everything the UI, scripts and the CLI can do with an archive. Every method is async and either
 * resolves with plain JSON-compatible data (plus Uint8Array for bytes) or rejects with an
 * ArchiveError whose message is meant for the user. Every write is one SQLite transaction.
 */
export interface ArchiveApi {
  /** Name, path, counts, and what undo/redo would do. */
  archiveInfo(): Promise<ArchiveInfo>

  /** Sources with metadata and counts, filtered and sorted. */
  listSources(query?: SourceQuery): Promise<SourceSummary[]>
  /** One source with its current text. Rejects NOT_FOUND. */
  getSource(id: string): Promise<Source>
  /** Adds a source from text and metadata (text is normalised to NFC with "\n" line ends). */
  createSource(input: SourceInput): Promise<Source>
  /** Changes metadata only; the text changes through editSourceText. */
  updateSource(id: string, patch: SourceMetaPatch): Promise<SourceSummary>
  /** Removes a source with its revisions and annotations (undoable in this session). */
  deleteSource(id: string): Promise<void>
  /**
   * Imports files (plain text, Markdown): each decoded, normalised and added as a source.
   * Files that fail or duplicate an existing text are reported, never half-written.
   */
  importFiles(files: ImportFile[]): Promise<ImportReport>

  /** Full-text search of every source, folded for case, diacritics, ı/ə, and variant spellings. */
  search(query: string, options?: SearchOptions): Promise<SearchResults>
  /** The archive's variant sets (spellings search treats as one word). */
  listVariantSets(): Promise<VariantSet[]>
  /** Creates (no id) or replaces (with id) a variant set; needs at least two distinct terms. */
  saveVariantSet(set: { id?: string; terms: string[] }): Promise<VariantSet>
  deleteVariantSet(id: string): Promise<void>

  /** The codebook, in order, with usage counts. */
  listTags(): Promise<Tag[]>

  /** Reverts the latest change made in this session. Rejects NOTHING_TO_UNDO. */
  undo(): Promise<HistoryStep>
  /** Re-applies the latest undone change. Rejects NOTHING_TO_UNDO. */
  redo(): Promise<HistoryStep>

  /** A per-archive preference (e.g. the reader layout), or null. */
  getSetting(key: string): Promise<unknown>
  setSetting(key: string, value: unknown): Promise<void>
}

export type ApiMethod = keyof ArchiveApi

/** The contract's method names, in one list: transports serve exactly these. */
export const API_METHODS = [
  'archiveInfo',
  'listSources',
  'getSource',
  'createSource',
  'updateSource',
  'deleteSource',
  'importFiles',
  'search',
  'listVariantSets',
  'saveVariantSet',
  'deleteVariantSet',
  'listTags',
  'undo',
  'redo',
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
