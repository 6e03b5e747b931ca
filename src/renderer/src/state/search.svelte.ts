// Archive-wide search: the query, its results grouped by source, and the one in focus.

import type { SearchHit, SearchResults } from '../../../shared/model'
import { api, messageOf } from '../lib/api'

export interface HitGroup {
  sourceId: string
  title: string
  language: string
  hits: SearchHit[]
}

export class Search {
  query = $state('')
  results = $state<SearchResults | null>(null)
  error = $state<string | null>(null)
  busy = $state(false)
  private seq = 0

  groups = $derived.by((): HitGroup[] => {
    const map = new Map<string, HitGroup>()
    for (const hit of this.results?.hits ?? []) {
      let group = map.get(hit.sourceId)
      if (!group) {
        group = { sourceId: hit.sourceId, title: hit.sourceTitle, language: hit.language, hits: [] }
        map.set(hit.sourceId, group)
      }
      group.hits.push(hit)
    }
    // Groups keep the order of their best hit; inside a group, hits follow the text.
    const position = (h: SearchHit): number =>
      h.field === 'title' ? -1 : (h.matches[0]?.start ?? 0)
    for (const group of map.values()) group.hits.sort((a, b) => position(a) - position(b))
    return [...map.values()]
  })

  async run(query: string): Promise<void> {
    this.query = query
    const seq = ++this.seq
    if (query.trim() === '') {
      this.results = null
      this.error = null
      return
    }
    this.busy = true
    try {
      const results = await api.search(query, { limit: 200 })
      if (seq !== this.seq) return
      this.results = results
      this.error = null
    } catch (error) {
      if (seq !== this.seq) return
      this.results = null
      this.error = messageOf(error)
    } finally {
      if (seq === this.seq) this.busy = false
    }
  }
}
