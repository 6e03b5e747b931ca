// Archive: the ArchiveApi over one SQLite file; every write is one transaction and one undo step.

import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { CoreApi } from '../../shared/api'
import { ArchiveError, invalid } from '../../shared/errors'
import type * as M from '../../shared/model'
import { toCsv } from '../export/csv'
import { exportCollection } from '../export/w3c'
import { toMarkdown } from '../export/markdown'
import type { AgreementQuery, AgreementReport } from '../../shared/agreement'
import type {
  CompareQuery,
  Comparison,
  SettleRequest,
  SettleResult
} from '../../shared/compare-coders'
import * as agreementCore from './agreement'
import { listAnnotationColumns } from './annotation-columns'
import { writeW3CStream, type Write } from './annotation-stream'
import * as annotations from './annotations'
import { AUTHOR_SETTING, attributeToOwner, checkAuthorName, ownerName, signWrites } from './authors'
import * as backup from './backup'
import * as bundle from './bundle'
import { ChangeWatcher, DEFAULT_WAIT_MS, MAX_WAIT_MS } from './changes'
import {
  SCHEMA_VERSION,
  closeDatabase,
  checkedOnOpen,
  healthOf,
  markDamaged,
  quickCheck,
  damageReason,
  immediate,
  openDatabase,
  openReader,
  type Db,
  type OpenOptions
} from './db'
import { salvageInto, salvagePath } from './recovery'
import { exportSource } from './annotation-stream'
import { gatherRows } from './export-data'
import { History, type Group } from './history'
import { admitImport, readImport, type ReadFile } from './import-files'
import * as links from './links'
import { HybridClock, captureChanges, isTeamCopy, lastClock, syncState } from './outbox'
import { buildHandoutInput, pdfFileName } from './handout-input'
import * as revisions from './revisions'
import * as sets from './sets'
import { installSample } from './sample'
import { PassageSearch, SearchIndex } from './search'
import { getSetting, setSetting } from './settings'
import * as sources from './sources'
import * as tags from './tags'
import * as references from './references'
import * as styles from './styles'
import {
  checkMetaPatch,
  expectId,
  expectInteger,
  expectString,
  optionalRecord,
  optionalString
} from './validate'
import { applyW3C } from './w3c-apply'
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
  'variant_sets',
  'handout_sets',
  'citation_styles'
]

/** The part of archiveInfo that belongs to the writing connection rather than to the file. */
export type SessionState = Pick<M.ArchiveInfo, 'author' | 'undo' | 'redo' | 'health'>

export interface ArchiveOpenOptions extends OpenOptions {
  path: string
  /** The app's resources folder (sample archive, fonts). */
  resourcesDir: string
  /** Install the sample archive if this archive is new and empty. */
  withSample?: boolean
  /** Sign this session's changes with this name (the CLI's --as); else the archive owner's name. */
  author?: string
  /**
   * A file left unchecked on open (quickCheckUpTo) gets its quick check before the first change
   * instead, and turns read-only if it is damaged: the CLI, whose reads need not wait for it.
   */
  checkBeforeWrite?: boolean
}

/** The schema version from which records say who made them (migration 003). */
const AUTHORS_SCHEMA = 3

/** The most pages one handout may have; a longer one is refused before it is written. */
export const MAX_HANDOUT_PAGES = 1000

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat
}

export class Archive implements CoreApi {
  readonly path: string
  readonly resourcesDir: string
  private readonly db: Db
  /** What only a connection that writes has: undo, index upkeep, change watching (null: a reader). */
  private readonly parts: {
    history: History
    index: SearchIndex
    changes: ChangeWatcher
  } | null
  private readonly searcher: PassageSearch
  /** The name this session signs its changes with; null while writing others' records (sync). */
  private author: string
  private readonly chosenAuthor: string | undefined
  private signing = true
  /** Whether changes enter the outbox (a team copy); off while a pull writes the server's. */
  private capturing = true
  private clock: HybridClock | null = null

  private constructor(
    path: string,
    resourcesDir: string,
    db: Db,
    author: string | undefined,
    readOnly = false
  ) {
    this.path = path
    this.resourcesDir = resourcesDir
    this.db = db
    this.chosenAuthor = author === undefined ? undefined : checkAuthorName(author)
    this.author = this.chosenAuthor ?? ownerName(db)
    this.searcher = new PassageSearch(db)
    // A reader installs no temporary triggers: it writes nothing, so it has nothing to track.
    this.parts = readOnly
      ? null
      : {
          history: new History(db, UNDOABLE_TABLES),
          index: new SearchIndex(db),
          changes: new ChangeWatcher(db)
        }
    if (readOnly) return
    signWrites(db, () => (this.signing ? this.author : null))
    if (isTeamCopy(db)) this.joinedTeam()
  }

  private writer(): NonNullable<Archive['parts']> {
    if (!this.parts) {
      throw new ArchiveError('INTERNAL', 'This connection to the archive only reads.')
    }
    return this.parts
  }

  private get history(): History {
    return this.writer().history
  }

  private get index(): SearchIndex {
    return this.writer().index
  }

  private get changes(): ChangeWatcher {
    return this.writer().changes
  }

  /**
   * Makes this session a team member's: changes are signed with the member's name and captured
   * into the outbox. Called on open for a team copy, and by the team sync when it joins or shares.
   */
  joinedTeam(): void {
    const member = syncState(this.db, 'team.member') as string
    if (this.chosenAuthor !== undefined && this.chosenAuthor !== member) {
      throw new ArchiveError(
        'CONFLICT',
        `This archive is ${member}'s copy of a team archive: its changes cannot be signed as ${this.chosenAuthor}.`
      )
    }
    this.author = member
    if (this.clock) return
    this.clock = new HybridClock(() => this.author)
    this.clock.observe(lastClock(this.db))
    captureChanges(this.db, this.clock, () => this.capturing)
  }

  /** The clock of this team copy (null for a personal archive). */
  get teamClock(): HybridClock | null {
    return this.clock
  }

  /**
   * Runs `fn` writing changes that come from the team server: not signed (they carry their
   * members' names), not captured (the server has them already), not undoable.
   */
  fromServer<T>(fn: () => T): T {
    this.assertWritable()
    const [signing, capturing] = [this.signing, this.capturing]
    this.signing = false
    this.capturing = false
    try {
      return this.history.untracked(() => {
        const result = fn()
        this.index.sync()
        return result
      })
    } finally {
      this.signing = signing
      this.capturing = capturing
    }
  }

  /** Runs `fn` with capture as `on` says, inside a pull (re-anchoring this member may send). */
  capture<T>(on: boolean, fn: () => T): T {
    const before = this.capturing
    this.capturing = on
    try {
      return fn()
    } finally {
      this.capturing = before
    }
  }

  /** Opens or creates an archive file; installs the sample into a new, empty one when asked. */
  static open(options: ArchiveOpenOptions): Archive {
    let migratedFrom = 0
    const db = openDatabase(options.path, {
      ...options,
      beforeMigrate: (old, from, to) => {
        migratedFrom = from
        backup.backupBeforeMigration(old, options.path, from, to)
      }
    })
    // Records made before authors were kept belong to the archive's owner.
    if (migratedFrom > 0 && migratedFrom < AUTHORS_SCHEMA) {
      immediate(db, () => attributeToOwner(db, ownerName(db)))
    }
    const archive = new Archive(options.path, options.resourcesDir, db, options.author)
    // A read-only archive is shown as it is: its index is brought up to date by the next writer.
    if (archive.health.state !== 'ok') return archive
    archive.checkPending = options.checkBeforeWrite === true && !checkedOnOpen(db)
    // A file whose check waits for its first change is not written before it: its search index
    // catches up then (it is behind only where an older version wrote the archive).
    if (!archive.checkPending) archive.history.untracked(() => archive.index.syncAll())
    if (options.withSample) archive.installSampleIfNew()
    return archive
  }

  /**
   * A second, read-only connection to an archive that an Archive.open elsewhere (another thread)
   * has opened and migrated: it answers the contract's reads with the same code, never writes,
   * and needs no migrations, sample or triggers. A read pool's worker opens one.
   */
  static openReader(options: { path: string; resourcesDir: string }): Archive {
    return new Archive(
      options.path,
      options.resourcesDir,
      openReader(options.path),
      undefined,
      true
    )
  }

  /** Whether this connection only reads (a read pool's worker). */
  get readOnly(): boolean {
    return this.parts === null
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
    this.parts?.changes.close()
    closeDatabase(this.db)
  }

  /** Whether the archive opened normally, read-only, or damaged (then read-only too). */
  get health(): M.ArchiveHealth {
    return healthOf(this.db)
  }

  /** Whether the file was checked when it opened (a large one may be left to the full check). */
  get checkedOnOpen(): boolean {
    return checkedOnOpen(this.db)
  }

  /**
   * Records damage a full integrity check found after opening: the archive turns read-only as a
   * damaged one opens, and every open view is told to refresh (where the state is shown).
   */
  noteDamage(reason: string): void {
    markDamaged(this.db, reason)
    this.parts?.changes.note(null)
  }

  /** Whether the quick check the file skipped on open is still to run before a change. */
  private checkPending = false

  /**
   * Refuses a change to a read-only or damaged archive with one line saying why; first runs the
   * quick check a large file skipped on open, if it is pending (checkBeforeWrite).
   */
  assertWritable(): void {
    if (this.checkPending) {
      this.checkPending = false
      const problems = quickCheck(this.db)
      if (problems.length > 0) this.noteDamage(damageReason(problems))
      else this.history.untracked(() => this.index.syncAll())
    }
    const { state, reason } = this.health
    if (state === 'ok') return
    throw new ArchiveError(
      'READ_ONLY',
      state === 'damaged'
        ? `The archive is damaged (${reason}), so it is open read-only: restore a backup or salvage what can be read.`
        : `The archive is open read-only (${reason}): the change was not saved.`
    )
  }

  /** The raw database, for tests, backups and benchmarks in the main process. */
  get database(): Db {
    return this.db
  }

  private write<T>(label: string, sourceIds: string[], fn: () => T, group?: Group): T {
    this.assertWritable()
    const result = this.history.record(
      label,
      sourceIds,
      () => {
        const result = fn()
        this.index.sync()
        return result
      },
      group
    )
    this.wrote()
    return result
  }

  private readonly writeListeners = new Set<() => void>()

  /** Calls `listener` after every change this session commits (a team sync sends it soon after). */
  onWrite(listener: () => void): () => void {
    this.writeListeners.add(listener)
    return () => this.writeListeners.delete(listener)
  }

  private wrote(): void {
    for (const listener of this.writeListeners) listener()
  }

  // Archive

  async archiveInfo(): Promise<M.ArchiveInfo> {
    return { ...this.fileInfo(), ...this.sessionState() }
  }

  /** What archiveInfo says that the file holds (a read worker answers it: see CHEAP_READS). */
  fileInfo(): Omit<M.ArchiveInfo, keyof SessionState> {
    const count = (sql: string): number => {
      try {
        return this.db.prepare(sql).pluck().get() as number
      } catch (error) {
        // A damaged archive still says what it is and that it is damaged; its counts may not read.
        if (this.health.state === 'damaged') return 0
        throw error
      }
    }
    const c = {
      sources: count('SELECT count(*) FROM sources'),
      annotations: count("SELECT count(*) FROM annotations WHERE status = 'anchored'"),
      orphans: count("SELECT count(*) FROM annotations WHERE status = 'orphan'"),
      links: count('SELECT count(*) FROM links'),
      tags: count('SELECT count(*) FROM tags')
    }
    let name: unknown = null
    try {
      name = getSetting(this.db, 'archive.name')
    } catch (error) {
      if (this.health.state !== 'damaged') throw error
    }
    return {
      path: this.path,
      name: typeof name === 'string' && name ? name : basename(this.path).replace(/\.[^.]+$/, ''),
      schemaVersion: SCHEMA_VERSION,
      ...c
    }
  }

  /** What archiveInfo says that only this connection knows: its author, undo and redo, health. */
  sessionState(): SessionState {
    return {
      author: this.author,
      undo: this.history.nextUndo,
      redo: this.history.nextRedo,
      health: this.health
    }
  }

  /** Copies what can still be read into a new archive beside this one ("NAME salvaged DATE"). */
  async salvageArchive(): Promise<M.SalvageReport> {
    return salvageInto(this.db, salvagePath(this.path))
  }

  /** The same into a new archive file at `target` (the CLI's salvage --to). */
  salvageTo(target: string): M.SalvageReport {
    return salvageInto(this.db, target)
  }

  async watchChanges(version: number, waitMs?: number): Promise<M.ArchiveChanges> {
    const since = expectInteger(version, 'version', -1, Number.MAX_SAFE_INTEGER)
    const wait =
      waitMs === undefined || waitMs === null
        ? DEFAULT_WAIT_MS
        : expectInteger(waitMs, 'waitMs', 0, MAX_WAIT_MS)
    return this.changes.wait(since, wait)
  }

  /** Tells views waiting in watchChanges that a change came in through this connection (a sync pull). */
  noteChanges(sourceIds: string[] | null): void {
    this.changes.note(sourceIds)
  }

  // Undo and redo put records back exactly as they were, names included: nothing is signed.
  async undo(): Promise<M.HistoryStep> {
    this.assertWritable()
    const step = this.unsigned(() => this.history.undo(() => this.index.sync()))
    this.wrote()
    return step
  }

  async redo(): Promise<M.HistoryStep> {
    this.assertWritable()
    const step = this.unsigned(() => this.history.redo(() => this.index.sync()))
    this.wrote()
    return step
  }

  async getSetting(key: string): Promise<unknown> {
    return getSetting(this.db, key)
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    this.assertWritable()
    if (key === AUTHOR_SETTING) {
      const name = checkAuthorName(value)
      setSetting(this.db, key, name)
      if (this.chosenAuthor === undefined && !this.clock) this.author = name
      return
    }
    setSetting(this.db, key, value)
  }

  /**
   * Runs `fn` with signing off: the records it writes keep the names they came with (a team
   * sync writing other members' changes).
   */
  unsigned<T>(fn: () => T): T {
    this.signing = false
    try {
      return fn()
    } finally {
      this.signing = true
    }
  }

  // Sources

  async listSources(query?: M.SourceQuery): Promise<M.SourceSummary[]> {
    return sources.listSources(this.db, query)
  }

  async listSourcePage(query?: M.SourcePageQuery): Promise<M.SourcePage> {
    return sources.listSourcePage(this.db, query)
  }

  async getSource(id: string): Promise<M.Source> {
    return sources.getSource(this.db, expectId(id))
  }

  async createSource(input: M.SourceInput): Promise<M.Source> {
    const checked = sources.checkSourceInput(input)
    if (!checked.title) throw invalid('A source needs a title.')
    const id = this.write(`Add “${short(checked.title)}”`, [], () =>
      sources.insertSource(this.db, checked)
    )
    return sources.getSource(this.db, id)
  }

  async updateSource(id: string, patch: M.SourceMetaPatch): Promise<M.SourceSummary> {
    expectId(id)
    const checked = checkMetaPatch(patch)
    this.write('Edit metadata', [id], () => sources.updateMeta(this.db, id, checked))
    return sources.getSummary(this.db, id)
  }

  async deleteSource(id: string): Promise<void> {
    const { title } = sources.getSummary(this.db, expectId(id))
    this.write(`Delete “${short(title)}”`, [id], () => sources.deleteSource(this.db, id))
  }

  async importFiles(files: M.ImportFile[], options?: M.ImportOptions): Promise<M.ImportReport> {
    const opts = optionalRecord(options, 'options') as M.ImportOptions
    const batch = optionalString(opts.batch, 'options.batch', '', { max: 200 })
    return this.importRead(await readImport(files), batch)
  }

  /**
   * The write of importFiles, for files already read and checked (bench/import-small.bench.ts
   * times it alone). From the duplicate check to the insert nothing awaits: another import running
   * meanwhile cannot slip the same text in between.
   */
  importRead(read: ReadFile[], batch = ''): M.ImportReport {
    const { ready, report, named } = admitImport(this.db, read)
    if (ready.length > 0) {
      const label = (count: number): string =>
        count === 1 ? `Import “${short(ready[0].source.title)}”` : `Import ${count} files`
      // The requests of one bulk import undo as one step ("Import 45 files").
      const group = batch ? { id: batch, count: ready.length, label } : undefined
      const checked = ready.map((r) => r.source)
      const ids = this.write(
        label(ready.length),
        [],
        () => sources.insertSources(this.db, checked),
        group
      )
      named(ids)
      report.imported = sources.getSummaries(this.db, ids)
    }
    return report
  }

  async editSourceText(id: string, text: string, note?: string): Promise<M.EditResult> {
    expectId(id)
    return this.write('Edit text', [id], () => revisions.editText(this.db, id, text, note))
  }

  async listRevisions(sourceId: string): Promise<M.RevisionInfo[]> {
    return revisions.listRevisions(this.db, expectId(sourceId, 'sourceId'))
  }

  async getRevision(sourceId: string, n: number): Promise<M.Revision> {
    return revisions.getRevision(this.db, expectId(sourceId, 'sourceId'), n)
  }

  async restoreRevision(sourceId: string, n: number): Promise<M.EditResult> {
    const old = revisions.getRevision(this.db, expectId(sourceId, 'sourceId'), n)
    return this.write(`Restore revision ${old.n}`, [sourceId], () =>
      revisions.editText(this.db, sourceId, old.text, `Restored revision ${old.n}`)
    )
  }

  // Search

  async search(query: string, options?: M.SearchOptions): Promise<M.SearchResults> {
    return this.searcher.search(query, options, variants.currentVariantLookup(this.db))
  }

  async listVariantSets(): Promise<M.VariantSet[]> {
    return variants.listVariantSets(this.db)
  }

  async saveVariantSet(set: { id?: string; terms: string[] }): Promise<M.VariantSet> {
    const checked = variants.checkVariantSet(set)
    return this.write('Edit variant spellings', [], () => variants.saveVariantSet(this.db, checked))
  }

  async deleteVariantSet(id: string): Promise<void> {
    expectId(id)
    this.write('Delete variant spellings', [], () => variants.deleteVariantSet(this.db, id))
  }

  // Codebook

  async listTags(): Promise<M.Tag[]> {
    return tags.listTags(this.db)
  }

  async createTag(input: M.TagInput): Promise<M.Tag> {
    const checked = tags.checkTagInput(input, false) as M.TagInput
    const id = this.write(`New tag “${short(checked.name)}”`, [], () =>
      tags.createTag(this.db, checked)
    )
    return tags.getTag(this.db, id)
  }

  async updateTag(id: string, patch: M.TagPatch): Promise<M.Tag> {
    expectId(id)
    const checked = tags.checkTagInput(patch, true)
    this.write(`Edit tag “${short(tags.getTag(this.db, id).name)}”`, [], () =>
      tags.updateTag(this.db, id, checked)
    )
    return tags.getTag(this.db, id)
  }

  async reorderTags(ids: string[]): Promise<M.Tag[]> {
    this.write('Reorder the codebook', [], () => tags.reorderTags(this.db, ids))
    return tags.listTags(this.db)
  }

  async mergeTags(fromId: string, intoId: string): Promise<M.Tag> {
    expectId(fromId, 'fromId')
    expectId(intoId, 'intoId')
    const from = tags.getTag(this.db, fromId)
    const into = tags.getTag(this.db, intoId)
    this.write(`Merge “${short(from.name)}” into “${short(into.name)}”`, [], () =>
      tags.mergeTags(this.db, fromId, intoId)
    )
    return tags.getTag(this.db, intoId)
  }

  async deleteTag(id: string, options?: { bare?: 'delete' | 'keep' }): Promise<void> {
    expectId(id)
    const opts = optionalRecord(options, 'options') as { bare?: 'delete' | 'keep' }
    if (opts.bare !== undefined && opts.bare !== 'delete' && opts.bare !== 'keep') {
      throw invalid('options.bare must be "delete" or "keep".')
    }
    const { name } = tags.getTag(this.db, id)
    this.write(`Delete tag “${short(name)}”`, [], () => tags.deleteTag(this.db, id, opts))
  }

  // Annotations

  async listAnnotations(query?: M.AnnotationQuery): Promise<M.Annotation[]> {
    return annotations.listAnnotations(this.db, query)
  }

  async listAnnotationColumns(
    sourceId: string,
    range?: M.TextPosition
  ): Promise<M.AnnotationColumns> {
    const id = expectId(sourceId, 'sourceId')
    if (range === undefined || range === null) return listAnnotationColumns(this.db, id)
    const r = optionalRecord(range, 'range')
    const start = expectInteger(r.start, 'range.start', 0, Number.MAX_SAFE_INTEGER)
    const end = expectInteger(r.end, 'range.end', start, Number.MAX_SAFE_INTEGER)
    return listAnnotationColumns(this.db, id, { start, end })
  }

  async getAnnotation(id: string): Promise<M.Annotation> {
    return annotations.getAnnotation(this.db, expectId(id))
  }

  async createAnnotation(input: M.AnnotationInput): Promise<M.Annotation> {
    const checked = annotations.checkAnnotationInput(this.db, input)
    const text = sources
      .getText(this.db, checked.sourceId)
      .slice(checked.span.start, checked.span.end)
    const id = this.write(`Annotate “${short(text)}”`, [checked.sourceId], () =>
      annotations.insertAnnotation(this.db, checked)
    )
    return annotations.getAnnotation(this.db, id)
  }

  async updateAnnotation(id: string, patch: M.AnnotationPatch): Promise<M.Annotation> {
    const current = annotations.getAnnotation(this.db, expectId(id))
    this.write(`Edit annotation “${short(current.exact)}”`, [current.sourceId], () =>
      annotations.updateAnnotation(this.db, id, patch)
    )
    return annotations.getAnnotation(this.db, id)
  }

  async deleteAnnotation(id: string): Promise<void> {
    const current = annotations.getAnnotation(this.db, expectId(id))
    this.write(`Delete annotation “${short(current.exact)}”`, [current.sourceId], () =>
      annotations.deleteAnnotation(this.db, id)
    )
  }

  // Working together: agreement, comparison, settling

  /**
   * Which members' annotations agreement and comparison may look at: every one this copy holds.
   * Blind coding needs nothing here: the team server keeps others' annotations on a blind source
   * out of a member's copy until hand-in. A further rule (e.g. a reviewer's view) narrows it here,
   * and must then reach the read workers too: they answer agreement and compareCoders with a
   * reader opened on the file (read-handlers.ts), not with this object.
   */
  protected visibleAuthors(): agreementCore.AuthorFilter | undefined {
    return undefined
  }

  async agreement(query: AgreementQuery): Promise<AgreementReport> {
    return agreementCore.agreement(this.db, query, this.visibleAuthors())
  }

  async compareCoders(query: CompareQuery): Promise<Comparison> {
    return agreementCore.compareCoders(this.db, query, this.visibleAuthors())
  }

  async settleDifference(request: SettleRequest): Promise<SettleResult> {
    const checked = agreementCore.checkSettle(this.db, request)
    const sourceId = (checked.a ?? checked.b)?.sourceId as string
    const labels = {
      'adopt-a': 'Adopt one coder’s mark',
      'adopt-b': 'Adopt one coder’s mark',
      'keep-both': 'Keep both coders’ marks',
      merge: 'Merge two coders’ marks'
    }
    const id = this.write(labels[checked.action], [sourceId], () => {
      // Checked again inside the transaction: another process may have written in between.
      return agreementCore.settle(this.db, agreementCore.checkSettle(this.db, request))
    })
    return { annotation: id ? annotations.getAnnotation(this.db, id) : null }
  }

  // Links

  async listRelations(): Promise<M.Relation[]> {
    return links.listRelations(this.db)
  }

  async createRelation(label: string): Promise<M.Relation> {
    return this.write(`New relation “${short(String(label))}”`, [], () =>
      links.createRelation(this.db, label)
    )
  }

  async deleteRelation(id: string): Promise<void> {
    this.write('Delete relation', [], () => links.deleteRelation(this.db, expectId(id)))
  }

  async listLinks(query?: { annotationId?: string; sourceId?: string }): Promise<M.Link[]> {
    return links.listLinks(this.db, query)
  }

  async createLink(input: M.LinkInput): Promise<M.Link> {
    const checked = links.checkLinkInput(this.db, input)
    const ends = [
      annotations.getAnnotation(this.db, checked.from).sourceId,
      annotations.getAnnotation(this.db, checked.to).sourceId
    ]
    const id = this.write('Link passages', ends, () => links.insertLink(this.db, checked))
    return links.getLink(this.db, id)
  }

  async updateLink(id: string, patch: M.LinkPatch): Promise<M.Link> {
    expectId(id)
    this.write('Edit link', [], () => links.updateLink(this.db, id, patch))
    return links.getLink(this.db, id)
  }

  async deleteLink(id: string): Promise<void> {
    expectId(id)
    this.write('Delete link', [], () => links.deleteLink(this.db, id))
  }

  // Exchange

  async exportAnnotations(
    format: M.AnnotationExportFormat,
    scope?: M.AnnotationScope
  ): Promise<string> {
    const data = gatherRows(this.db, scope)
    if (format === 'csv') return toCsv(data.rows)
    if (format === 'md') return toMarkdown(data.rows, data.title)
    if (format !== 'w3c') throw invalid('format must be "w3c", "csv" or "md".')
    const ids = new Set(data.annotations.map((a) => a.id))
    const sourceIds = new Set(data.annotations.map((a) => a.sourceId))
    const collection = exportCollection(
      {
        sources: [...sourceIds].map((id) => exportSource(this.db, id)),
        tags: tags.listTags(this.db),
        annotations: data.annotations,
        // A link travels with an export that holds both of its ends.
        links: links.listLinks(this.db, {}).filter((l) => ids.has(l.from) && ids.has(l.to)),
        relationLabels: Object.fromEntries(
          links.listRelations(this.db).map((r) => [r.id, r.label])
        ),
        generator: { name: 'Parallax' }
      },
      data.title
    )
    return `${JSON.stringify(collection, null, 2)}\n`
  }

  /**
   * The W3C export of exportAnnotations('w3c', scope), written through `write` a source at a time
   * in bounded memory (the CLI's --out file, serve mode's download). Not on the contract: it takes
   * a sink, not arguments that travel. Returns the number of items written.
   */
  async writeW3CExport(scope: M.AnnotationScope | undefined, write: Write): Promise<number> {
    return writeW3CStream(this.db, scope, write)
  }

  async importAnnotations(document: unknown): Promise<M.AnnotationImportReport> {
    this.assertWritable()
    // The W3C suite's schema checks (ajv) load with the first annotations imported.
    const { parseW3C } = await import('./w3c-import')
    const parsed = parseW3C(document)
    const n = parsed.items.length
    return this.write(`Import ${n} annotation${n === 1 ? '' : 's'}`, [], () =>
      applyW3C(this.db, parsed)
    )
  }

  // Handouts

  async listHandoutSets(): Promise<M.HandoutSet[]> {
    return sets.listHandoutSets(this.db)
  }

  async getHandoutSet(id: string): Promise<M.HandoutSet> {
    return sets.getHandoutSet(this.db, expectId(id))
  }

  async createHandoutSet(input: M.HandoutSetInput): Promise<M.HandoutSet> {
    const checked = sets.checkSetInput(input, false) as M.HandoutSetInput
    const id = this.write(`New handout “${short(checked.title)}”`, [], () =>
      sets.insertHandoutSet(this.db, checked)
    )
    return sets.getHandoutSet(this.db, id)
  }

  async updateHandoutSet(id: string, patch: M.HandoutSetPatch): Promise<M.HandoutSet> {
    const { title } = sets.getHandoutSet(this.db, expectId(id))
    const checked = sets.checkSetInput(patch, true)
    this.write(`Edit handout “${short(title)}”`, [], () =>
      sets.updateHandoutSet(this.db, id, checked)
    )
    return sets.getHandoutSet(this.db, id)
  }

  async deleteHandoutSet(id: string): Promise<void> {
    const { title } = sets.getHandoutSet(this.db, expectId(id))
    this.write(`Delete handout “${short(title)}”`, [], () => sets.deleteHandoutSet(this.db, id))
  }

  async renderHandout(
    target: { setId: string } | { set: M.HandoutSetInput },
    options?: { maxPages?: number; style?: string }
  ): Promise<M.HandoutPdf> {
    const set = this.handoutTarget(target, options)
    const opts = optionalRecord(options, 'options')
    const maxPages =
      opts.maxPages === undefined
        ? MAX_HANDOUT_PAGES
        : expectInteger(opts.maxPages, 'maxPages', 1, MAX_HANDOUT_PAGES)
    const { input, warnings } = buildHandoutInput(this.db, set)
    // The PDF engine (pdfkit, fontkit) loads on the first handout, not with the archive.
    const { renderHandout } = await import('../export/pdf')
    const result = await renderHandout(input, {
      fontsDir: join(this.resourcesDir, 'fonts'),
      maxPages
    })
    return {
      pdf: result.pdf,
      fileName: pdfFileName(set.title),
      pages: result.pages,
      bytes: result.bytes,
      missingGlyphs: result.missingGlyphs,
      warnings: [...warnings, ...result.warnings]
    }
  }

  /** A saved set or one described on the spot, with the style an export asks for. */
  private handoutTarget(
    target: { setId: string } | { set: M.HandoutSetInput },
    options?: { style?: string }
  ): M.HandoutSet {
    const t = optionalRecord(target, 'target')
    const set: M.HandoutSet =
      t.setId !== undefined
        ? sets.getHandoutSet(this.db, expectId(t.setId, 'setId'))
        : {
            ...sets.DEFAULT_SET,
            ...(sets.checkSetInput(t.set, false) as M.HandoutSetInput),
            id: '',
            createdBy: '',
            modifiedBy: '',
            created: '',
            modified: ''
          }
    const style = optionalRecord(options, 'options').style
    if (style === undefined || style === null) return set
    const found = styles.findCitationStyle(this.db, optionalString(style, 'style', ''))
    if (!found) {
      throw invalid(
        `There is no citation style “${String(style)}”; choose one of ${this.styleNames().join(', ')}.`
      )
    }
    return { ...set, style: found }
  }

  private styleNames(): string[] {
    return styles.listCitationStyles(this.db, this.cslDir).map((s) => s.id)
  }

  private get cslDir(): string {
    return join(this.resourcesDir, 'csl')
  }

  async renderHandoutDocx(
    target: { setId: string } | { set: M.HandoutSetInput },
    options?: { style?: string }
  ): Promise<M.HandoutDocx> {
    const set = this.handoutTarget(target, options)
    const { input, warnings } = buildHandoutInput(this.db, set)
    // The Word library is large: loaded on the first DOCX export, not at every start of the CLI.
    const { renderHandoutDocx } = await import('../export/docx')
    const result = await renderHandoutDocx(input, {
      fontsDir: join(this.resourcesDir, 'fonts'),
      cslDir: this.cslDir
    })
    return {
      docx: result.docx,
      fileName: pdfFileName(set.title, 'docx'),
      bytes: result.docx.byteLength,
      warnings: [...warnings, ...result.warnings]
    }
  }

  async listCitationStyles(): Promise<M.CitationStyle[]> {
    return styles.listCitationStyles(this.db, this.cslDir)
  }

  async addCitationStyle(xml: string, fileName?: string): Promise<M.CitationStyle> {
    const name = optionalString(fileName, 'fileName', 'the style', { max: 1000 })
    const checked = await styles.checkNewStyle(expectString(xml, 'xml', { max: 4_000_000 }), name)
    const id = this.write(`Add citation style “${short(checked.title)}”`, [], () =>
      styles.insertCitationStyle(this.db, checked)
    )
    return styles.getCitationStyle(this.db, id)
  }

  // References

  async exportReferences(format: M.ReferenceFormat, scope?: M.ReferenceScope): Promise<string> {
    return references.exportReferences(this.db, format, scope)
  }

  async importReferences(
    files: M.ImportFile[],
    options?: M.ReferenceImportOptions
  ): Promise<M.ReferenceImportReport> {
    const opts = optionalRecord(options, 'options') as M.ReferenceImportOptions
    const plan = await references.prepareReferences(this.db, files, opts)
    if (!plan.write) return plan.report
    const n = plan.count
    return this.write(`Import ${n} reference${n === 1 ? '' : 's'}`, [], () =>
      references.applyReferences(this.db, plan)
    )
  }

  // Bundles and backups

  async exportBundle(): Promise<Uint8Array> {
    return bundle.writeBundle(this.db)
  }

  /**
   * The bundle written straight to a new file at `path` (serve mode's download), a piece at a
   * time: neither it nor its base64 is ever whole in memory. Not on the contract: it takes a path
   * on this machine. Returns the file's size; nothing is left at `path` if it fails.
   */
  writeBundleFile(path: string): number {
    const fd = openSync(path, 'wx', 0o600)
    let bytes = 0
    try {
      bundle.writeBundleTo(this.db, (chunk) => {
        for (let done = 0; done < chunk.length;) done += writeSync(fd, chunk, done)
        bytes += chunk.length
      })
    } catch (error) {
      closeSync(fd)
      rmSync(path, { force: true })
      throw error
    }
    closeSync(fd)
    return bytes
  }

  async importBundle(data: Uint8Array): Promise<M.BundleImportReport> {
    this.assertWritable()
    if (!(data instanceof Uint8Array)) throw invalid("importBundle takes the bundle file's bytes.")
    const parsed = bundle.readBundle(data)
    return this.write('Import bundle', [], () => bundle.mergeBundle(this.db, parsed))
  }

  async backupNow(): Promise<M.BackupInfo> {
    return this.backup('manual')
  }

  /** A backup copied on this connection now (a scheduled one also prunes the older ones). */
  backup(reason: M.BackupInfo['reason']): M.BackupInfo {
    return backup.backupArchive(this.db, this.path, reason)
  }

  async listBackups(): Promise<M.BackupInfo[]> {
    return backup.listBackups(this.path)
  }

  async getBackupSchedule(): Promise<M.BackupSchedule> {
    return backup.readSchedule(this.db)
  }

  async setBackupSchedule(schedule: M.BackupSchedule): Promise<M.BackupSchedule> {
    this.assertWritable()
    return backup.writeSchedule(this.db, schedule)
  }

  /** Whether a scheduled backup is due (its copy is then made elsewhere: see ArchiveSession). */
  backupDue(): boolean {
    return backup.backupDue(this.db, this.path)
  }
}
