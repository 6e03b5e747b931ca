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

  async refresh(): Promise<void> {
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

  async importFiles(files: File[]): Promise<ImportReport> {
    const payload: ImportFile[] = await Promise.all(
      files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) }))
    )
    const report = await api.importFiles(payload)
    await this.refresh()
    if (report.imported.length > 0) this.selectedId = report.imported[0].id
    return report
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
