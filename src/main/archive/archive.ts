// Archive: the ArchiveApi implemented over one SQLite file; every write is one transaction and one undo step.

import { basename } from 'node:path'
import type { ArchiveApi } from '../../shared/api'
import type {
  ArchiveInfo,
  HistoryStep,
  ImportFile,
  ImportReport,
  SearchOptions,
  SearchResults,
  Source,
  SourceInput,
  SourceMeta,
  SourceMetaPatch,
  SourceQuery,
  SourceSummary,
  Tag,
  VariantSet
} from '../../shared/model'
import { ArchiveError, invalid, toErrorPayload } from '../../shared/errors'
import { SCHEMA_VERSION, openDatabase, type Db, type OpenOptions } from './db'
import { History } from './history'
import { readDocument } from './importers'
import { installSample } from './sample'
import { SearchIndex } from './search'
import { getSetting, setSetting } from './settings'
import * as sources from './sources'
import { listTags } from './tags'
import { expectId, checkMetaPatch, isRecord } from './validate'
import * as variants from './variants'

/** Tables whose changes undo and redo cover (not settings or the search index). */
const UNDOABLE_TABLES = [
  'sources',
  'revisions',
  'tags',
  'annotations',
  'annotation_tags',
  'relations',
  'links',
  'variant_sets'
]

export interface ArchiveOpenOptions extends OpenOptions {
  path: string
  /** The app's resources folder (sample archive, fonts). */
  resourcesDir: string
  /** Install the sample archive if this archive is new and empty. */
  withSample?: boolean
}

/** Keeps only the metadata fields that pass validation; imports never fail on a bad guess. */
function lenientMeta(meta: Partial<SourceMeta>): SourceMetaPatch {
  const out: SourceMetaPatch = {}
  for (const [key, value] of Object.entries(meta)) {
    if (value === undefined || value === '') continue
    try {
      Object.assign(out, checkMetaPatch({ [key]: value }))
    } catch {
      // A guessed date or language that does not validate is left for the user to fill in.
    }
  }
  return out
}

export class Archive implements ArchiveApi {
  readonly path: string
  readonly resourcesDir: string
  private readonly db: Db
  private readonly history: History
  private readonly index: SearchIndex

  private constructor(path: string, resourcesDir: string, db: Db) {
    this.path = path
    this.resourcesDir = resourcesDir
    this.db = db
    this.history = new History(db, UNDOABLE_TABLES)
    this.index = new SearchIndex(db)
  }

  /** Opens or creates an archive file; installs the sample into a new, empty one when asked. */
  static open(options: ArchiveOpenOptions): Archive {
    const db = openDatabase(options.path, options)
    const archive = new Archive(options.path, options.resourcesDir, db)
    archive.history.untracked(() => archive.index.sync())
    if (options.withSample) archive.installSampleIfNew()
    return archive
  }

  /** Whether the sample was installed now: only into an archive that never had sources or tags. */
  installSampleIfNew(): boolean {
    const counts = this.db
      .prepare('SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM tags) AS n')
      .get() as { n: number }
    if (counts.n > 0 || getSetting(this.db, 'sample.installed') !== null) return false
    this.history.untracked(() => {
      const name = installSample(this.db, this.resourcesDir)
      setSetting(this.db, 'sample.installed', new Date().toISOString())
      setSetting(this.db, 'archive.name', name)
      this.index.sync()
    })
    return true
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  /** The raw database, for tests, backups and benchmarks in the main process. */
  get database(): Db {
    return this.db
  }

  private write<T>(label: string, sourceIds: string[], fn: () => T): T {
    return this.history.record(label, sourceIds, () => {
      const result = fn()
      this.index.sync()
      return result
    })
  }

  async archiveInfo(): Promise<ArchiveInfo> {
    const c = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM sources) AS sources,
          (SELECT count(*) FROM annotations WHERE status = 'anchored') AS annotations,
          (SELECT count(*) FROM annotations WHERE status = 'orphan') AS orphans,
          (SELECT count(*) FROM links) AS links, (SELECT count(*) FROM tags) AS tags`
      )
      .get() as Omit<ArchiveInfo, 'path' | 'name' | 'schemaVersion' | 'undo' | 'redo'>
    const name = getSetting(this.db, 'archive.name')
    return {
      path: this.path,
      name: typeof name === 'string' && name ? name : basename(this.path).replace(/\.[^.]+$/, ''),
      schemaVersion: SCHEMA_VERSION,
      ...c,
      undo: this.history.nextUndo,
      redo: this.history.nextRedo
    }
  }

  async listSources(query?: SourceQuery): Promise<SourceSummary[]> {
    return sources.listSources(this.db, query)
  }

  async getSource(id: string): Promise<Source> {
    return sources.getSource(this.db, expectId(id))
  }

  async createSource(input: SourceInput): Promise<Source> {
    const checked = sources.checkSourceInput(input)
    if (!checked.title) throw invalid('A source needs a title.')
    const id = this.write(`Add “${checked.title}”`, [], () =>
      sources.insertSource(this.db, checked)
    )
    return sources.getSource(this.db, id)
  }

  async updateSource(id: string, patch: SourceMetaPatch): Promise<SourceSummary> {
    expectId(id)
    const checked = checkMetaPatch(patch)
    this.write('Edit metadata', [id], () => sources.updateMeta(this.db, id, checked))
    return sources.getSummary(this.db, id)
  }

  async deleteSource(id: string): Promise<void> {
    expectId(id)
    const { title } = sources.getSummary(this.db, id)
    this.write(`Delete “${title}”`, [id], () => sources.deleteSource(this.db, id))
  }

  async importFiles(files: ImportFile[]): Promise<ImportReport> {
    if (!Array.isArray(files)) throw invalid('importFiles takes a list of { name, data } files.')
    const report: ImportReport = { imported: [], duplicates: [], failed: [] }
    const ready: { name: string; source: ReturnType<typeof sources.checkSourceInput> }[] = []
    const hashes = new Map<string, string>()
    for (const file of files) {
      const name = isRecord(file) && typeof file.name === 'string' ? file.name : '(unnamed file)'
      try {
        if (!isRecord(file) || !(file.data instanceof Uint8Array)) {
          throw invalid(`${name}: a file to import is { name, data } with the bytes in data.`)
        }
        const doc = await readDocument({ name, data: file.data })
        const source = sources.checkSourceInput({
          ...lenientMeta(doc.meta),
          text: doc.text,
          origin: doc.origin
        })
        if (!source.title) source.title = name
        const hash = sources.hashText(source.text)
        const existing = sources.findByHash(this.db, hash)
        if (existing) {
          report.duplicates.push({ name, sourceId: existing.id, title: existing.title })
          continue
        }
        const sameBatch = hashes.get(hash)
        if (sameBatch) {
          report.duplicates.push({ name, sourceId: '', title: sameBatch })
          continue
        }
        hashes.set(hash, source.title)
        ready.push({ name, source })
      } catch (error) {
        const payload = toErrorPayload(error)
        const message = payload.message.startsWith(`${name}:`)
          ? payload.message
          : `${name}: ${payload.message}`
        report.failed.push({ name, code: payload.code, message })
      }
    }
    if (ready.length > 0) {
      const label =
        ready.length === 1 ? `Import “${ready[0].source.title}”` : `Import ${ready.length} files`
      const ids = this.write(label, [], () =>
        ready.map((r) => sources.insertSource(this.db, r.source))
      )
      report.imported = ids.map((id) => sources.getSummary(this.db, id))
    }
    return report
  }

  async search(query: string, options?: SearchOptions): Promise<SearchResults> {
    return this.index.search(
      query,
      options,
      variants.variantLookup(variants.listVariantSets(this.db))
    )
  }

  async listVariantSets(): Promise<VariantSet[]> {
    return variants.listVariantSets(this.db)
  }

  async saveVariantSet(set: { id?: string; terms: string[] }): Promise<VariantSet> {
    const checked = variants.checkVariantSet(set)
    return this.write('Edit variant spellings', [], () => variants.saveVariantSet(this.db, checked))
  }

  async deleteVariantSet(id: string): Promise<void> {
    expectId(id)
    this.write('Delete variant spellings', [], () => variants.deleteVariantSet(this.db, id))
  }

  async listTags(): Promise<Tag[]> {
    return listTags(this.db)
  }

  async undo(): Promise<HistoryStep> {
    return this.db.transaction(() => {
      const step = this.history.undo()
      this.index.sync()
      return step
    })()
  }

  async redo(): Promise<HistoryStep> {
    return this.db.transaction(() => {
      const step = this.history.redo()
      this.index.sync()
      return step
    })()
  }

  async getSetting(key: string): Promise<unknown> {
    return getSetting(this.db, key)
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    setSetting(this.db, key, value)
  }
}

export { ArchiveError }
