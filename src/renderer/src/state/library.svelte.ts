// The archive as the UI sees it: info, the listing (a window of it), counts, codebook; refreshed after every change.

import { createSubscriber } from 'svelte/reactivity'
import type {
  ArchiveInfo,
  ImportFile,
  ImportReport,
  SourceMetaPatch,
  SourcePage,
  SourcePageQuery,
  SourceSortKey,
  SourceSummary,
  Tag
} from '../../../shared/model'
import { importBatches } from '../../../shared/import-batches'
import { api } from '../lib/api'
import { BLOCK_ROWS, LibraryRows } from './library-rows.svelte'

/** Archives of up to this many sources list them all with every refresh (see `all`). */
const ALL_AT_ONCE = 2000

export class Library {
  info = $state<ArchiveInfo | null>(null)
  tags = $state<Tag[]>([])
  sort = $state<SourceSortKey>('title')
  descending = $state(false)
  filter = $state('')
  /** Only sources in this language ("" for all). */
  language = $state('')
  /** The listing the table shows: a window of rows, fetched as they come into view. */
  readonly rows = new LibraryRows()
  /** Sources in the archive, whatever the filter (the sidebar's count). */
  count = $state(0)
  /** Languages in the archive with how many sources each has, most first. */
  languages = $state.raw<[string, number][]>([])
  selectedId = $state<string | null>(null)
  loaded = $state(false)
  /** Asks the table to scroll a row into view: its index, and a counter so the same index asks again. */
  reveal = $state<{ index: number; seq: number } | null>(null)
  /** The selected source as the last refresh found it, where it is not among the rows fetched. */
  private found = $state.raw<{ index: number; source: SourceSummary } | null>(null)

  /** Where the selected source is in the listing, or -1. */
  selectedIndex = $derived.by(() => {
    const id = this.selectedId
    if (!id) return -1
    const i = this.rows.indexOf(id)
    return i >= 0 ? i : this.found?.source.id === id ? this.found.index : -1
  })

  selected = $derived(
    this.selectedIndex >= 0
      ? (this.rows.row(this.selectedIndex) ?? this.found?.source ?? null)
      : null
  )

  /** Rows the table shows (set as it scrolls): a refresh fetches these again. */
  view = { first: 0, last: 0 }

  private refreshSeq = 0
  private queryKey = ''

  private query(): SourcePageQuery {
    return {
      filter: this.filter,
      sort: this.sort,
      descending: this.descending,
      language: this.language || undefined
    }
  }

  /**
   * Reloads info, the rows in view, the counts and the codebook (after a change); a newer refresh
   * wins over an older one still running. A new filter, sort or language starts at the top, or at
   * the selected source.
   */
  async refresh(): Promise<void> {
    const seq = ++this.refreshSeq
    const query = this.query()
    const key = JSON.stringify(query)
    // The archive's state shows even when the rest cannot be read (a damaged archive).
    const infoRead = api.archiveInfo()
    void infoRead
      .then((info) => {
        if (seq === this.refreshSeq) this.info = info
      })
      .catch(() => {})
    const [info, page, tags] = await Promise.all([
      infoRead,
      api.listSourcePage({ ...this.window(key), ...query, counts: true }),
      api.listTags(),
      // The archive's size is known after the first refresh.
      this.allWatched || (this.loaded && this.smallArchive()) ? this.loadAll() : undefined
    ])
    if (seq !== this.refreshSeq) return
    this.info = info
    this.tags = tags
    this.count = page.counts?.sources ?? 0
    this.languages = (page.counts?.languages ?? []).map((l) => [l.language, l.count])
    this.show(query, key, page, seq)
    // The first refresh learns the archive's size: a small one lists every source at once.
    if (!this.allLoaded && this.smallArchive()) void this.loadAll().catch(() => {})
  }

  /** Lists the sources again for a new filter or sort: only the rows (nothing else changed). */
  async requery(): Promise<void> {
    const seq = ++this.refreshSeq
    const query = this.query()
    const key = JSON.stringify(query)
    const page = await api.listSourcePage({ ...this.window(key), ...query })
    if (seq === this.refreshSeq) this.show(query, key, page, seq)
  }

  /** The rows to fetch: those in view, or the first ones for a new query; and the selected source. */
  private window(key: string): SourcePageQuery {
    const [from, to] =
      key === this.queryKey ? LibraryRows.blocksOf(this.view.first, this.view.last) : [0, 0]
    return {
      offset: from * BLOCK_ROWS,
      limit: (to - from + 1) * BLOCK_ROWS,
      find: this.selectedId ?? undefined
    }
  }

  private show(query: SourcePageQuery, key: string, page: SourcePage, seq: number): void {
    const changed = key !== this.queryKey
    this.queryKey = key
    this.rows.replace(query, page)
    this.found = page.found ?? null
    this.loaded = true
    if (changed) this.reveal = { index: Math.max(0, this.found?.index ?? 0), seq }
  }

  async sortBy(key: SourceSortKey): Promise<void> {
    if (this.sort === key) this.descending = !this.descending
    else {
      this.sort = key
      this.descending = key === 'annotations' || key === 'modified' || key === 'created'
    }
    await this.requery()
  }

  #all = $state.raw<SourceSummary[]>([])
  private allWatched = false
  private allLoaded = false
  private allSeq = 0
  // In a large archive every source is listed only while a view shows them all (the reader's
  // source list, the handout composer): the library must not load them to show one screenful. A
  // small archive keeps them at hand, so opening the reader asks the archive for nothing more.
  #subscribe = createSubscriber(() => {
    this.allWatched = true
    if (!this.allLoaded) queueMicrotask(() => void this.loadAll().catch(() => {}))
    return () => {
      this.allWatched = false
      if (this.smallArchive()) return
      // Nothing shows them now: free the memory, and let an answer on its way fall on the floor.
      this.allSeq++
      this.allLoaded = false
      this.#all = []
    }
  })

  /** Whether the archive is small enough to list whole with every refresh. */
  private smallArchive(): boolean {
    return this.count <= ALL_AT_ONCE
  }

  /** Every source, unfiltered, by title; loaded while something shows it. */
  get all(): SourceSummary[] {
    this.#subscribe()
    return this.#all
  }

  private async loadAll(): Promise<void> {
    const seq = ++this.allSeq
    const all = await api.listSources()
    if (seq === this.allSeq) {
      this.#all = all
      this.allLoaded = true
    }
  }

  /** The first sources by title (a new handout's default), without listing them all. */
  async firstSources(n: number): Promise<SourceSummary[]> {
    return (await api.listSourcePage({ limit: n })).sources
  }

  /** A bulk import under way: how far it is, and whether the user asked to stop. */
  importing = $state<{
    /** Files finished; the request under way holds files done+1 to end. */
    done: number
    end: number
    total: number
    current: string
    cancelled: boolean
  } | null>(null)

  /**
   * Imports files a few megabytes at a time (importBatches), so progress shows, the window stays
   * responsive, and Cancel stops between batches (what was imported stays). The next batch is
   * sent while one is written, so the import workers read while the archive writes; Cancel lets
   * the batches already sent finish. The whole import is one undo step.
   */
  async importFiles(files: File[]): Promise<ImportReport> {
    const report: ImportReport = { imported: [], duplicates: [], failed: [] }
    const progress = { done: 0, end: 0, total: files.length, current: '', cancelled: false }
    // One id for all the requests of this import: the archive makes them one undo step.
    const importId = crypto.randomUUID()
    const send = async (batch: File[]): Promise<ImportReport> => {
      const payload: ImportFile[] = await Promise.all(
        batch.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) }))
      )
      return api.importFiles(payload, { batch: importId })
    }
    const take = (part: ImportReport): void => {
      report.imported.push(...part.imported)
      report.duplicates.push(...part.duplicates)
      report.failed.push(...part.failed)
      // Show what is in already while the rest is read (a failure shows at the end, if it lasts).
      if (part.imported.length > 0) void this.refresh().catch(() => {})
    }
    this.importing = progress
    let sent: Promise<ImportReport> | null = null
    try {
      for (const [i, end] of importBatches(files.map((f) => f.size))) {
        if (this.importing?.cancelled) break
        const batch = files.slice(i, end)
        this.importing = { ...progress, done: i, end, current: batch[0].name, cancelled: false }
        const request = send(batch)
        // Awaited in its turn; until then a failure must not count as unhandled.
        request.catch(() => {})
        if (sent) take(await sent)
        sent = request
      }
      if (sent) take(await sent)
    } finally {
      this.importing = null
    }
    if (report.imported.length > 0) this.selectedId = report.imported[0].id
    await this.refresh()
    if (this.found) this.reveal = { index: this.found.index, seq: this.refreshSeq }
    return report
  }

  cancelImport(): void {
    if (this.importing) this.importing = { ...this.importing, cancelled: true }
  }

  async updateMeta(id: string, patch: SourceMetaPatch): Promise<void> {
    await api.updateSource(id, patch)
    await this.refresh()
  }

  async remove(id: string): Promise<void> {
    await api.deleteSource(id)
    await this.refresh()
  }
}
