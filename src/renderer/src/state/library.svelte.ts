// The archive as the UI sees it: info, sources, codebook; refreshed after every change.

import type {
  ArchiveInfo,
  ImportFile,
  ImportReport,
  SourceMetaPatch,
  SourceSortKey,
  SourceSummary,
  Tag
} from '../../../shared/model'
import { importBatches } from '../../../shared/import-batches'
import { api } from '../lib/api'

export class Library {
  info = $state<ArchiveInfo | null>(null)
  sources = $state<SourceSummary[]>([])
  tags = $state<Tag[]>([])
  sort = $state<SourceSortKey>('title')
  descending = $state(false)
  filter = $state('')
  /** Only sources in this language ("" for all). */
  language = $state('')
  /** Every source, unfiltered, for the sidebar's counts. */
  all = $state<SourceSummary[]>([])
  selectedId = $state<string | null>(null)
  loaded = $state(false)

  selected = $derived(this.sources.find((s) => s.id === this.selectedId) ?? null)

  private refreshSeq = 0

  /** Reloads info, sources and codebook; a newer refresh wins over an older one still running. */
  async refresh(): Promise<void> {
    const seq = ++this.refreshSeq
    const [info, all, listed, tags] = await Promise.all([
      api.archiveInfo(),
      api.listSources(),
      api.listSources({
        filter: this.filter,
        sort: this.sort,
        descending: this.descending,
        language: this.language || undefined
      }),
      api.listTags()
    ])
    if (seq !== this.refreshSeq) return
    this.info = info
    this.all = all
    this.sources = listed
    this.tags = tags
    this.loaded = true
    if (this.selectedId && !all.some((s) => s.id === this.selectedId)) this.selectedId = null
  }

  /** Languages in the archive with how many sources each has. */
  languages = $derived.by(() => {
    const counts = new Map<string, number>()
    for (const s of this.all) counts.set(s.language, (counts.get(s.language) ?? 0) + 1)
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  })

  async sortBy(key: SourceSortKey): Promise<void> {
    if (this.sort === key) this.descending = !this.descending
    else {
      this.sort = key
      this.descending = key === 'annotations' || key === 'modified' || key === 'created'
    }
    await this.refresh()
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
   * responsive, and Cancel stops between batches (what was imported stays). The whole import is
   * one undo step.
   */
  async importFiles(files: File[]): Promise<ImportReport> {
    const report: ImportReport = { imported: [], duplicates: [], failed: [] }
    const progress = { done: 0, end: 0, total: files.length, current: '', cancelled: false }
    // One id for all the requests of this import: the archive makes them one undo step.
    const importId = crypto.randomUUID()
    this.importing = progress
    try {
      for (const [i, end] of importBatches(files.map((f) => f.size))) {
        if (this.importing?.cancelled) break
        const batch = files.slice(i, end)
        this.importing = { ...progress, done: i, end, current: batch[0].name, cancelled: false }
        const payload: ImportFile[] = await Promise.all(
          batch.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) }))
        )
        const part = await api.importFiles(payload, { batch: importId })
        report.imported.push(...part.imported)
        report.duplicates.push(...part.duplicates)
        report.failed.push(...part.failed)
        // Show what is in already while the rest is read (a failure shows at the end, if it lasts).
        if (part.imported.length > 0) void this.refresh().catch(() => {})
      }
    } finally {
      this.importing = null
    }
    await this.refresh()
    if (report.imported.length > 0) this.selectedId = report.imported[0].id
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
