// The library's rows as a window on the archive's listing: blocks of rows fetched as they near the view, the rest left on the archive's side.

import type { SourcePage, SourcePageQuery, SourceSummary } from '../../../shared/model'
import { api } from '../lib/api'

/** Rows fetched together; the table asks for whole blocks. */
export const BLOCK_ROWS = 50
/** Blocks kept around the view; farther ones are dropped and fetched again if the view returns. */
const KEPT_BLOCKS = 40

export class LibraryRows {
  /** How many sources the current query lists. */
  total = $state(0)
  /** Moves whenever a block arrives or goes, so rows read through row() update. */
  private version = $state(0)
  private blocks = new Map<number, SourceSummary[]>()
  /** Blocks on their way, with the request that brings them. */
  private loading = new Map<number, Promise<void>>()
  /**
   * A newer query or refresh makes the answers to older requests worthless. Reactive: what asks
   * for the rows in view (want) asks again when a new answer replaces them, even if the view and
   * the count stay as they were (a new sort that leaves the selected source where it was).
   */
  private generation = $state(0)
  private query: SourcePageQuery = {}

  /** The row at index i, or undefined while its block is on its way. */
  row(i: number): SourceSummary | undefined {
    void this.version
    return this.blocks.get(Math.floor(i / BLOCK_ROWS))?.[i % BLOCK_ROWS]
  }

  /** Where a source is among the rows fetched so far, or -1. */
  indexOf(id: string): number {
    void this.version
    for (const [b, rows] of this.blocks) {
      const i = rows.findIndex((s) => s.id === id)
      if (i >= 0) return b * BLOCK_ROWS + i
    }
    return -1
  }

  /** The first and last block that rows first..last need. */
  static blocksOf(first: number, last: number): [number, number] {
    return [Math.floor(Math.max(0, first) / BLOCK_ROWS), Math.floor(Math.max(0, last) / BLOCK_ROWS)]
  }

  /** Replaces every row with a fresh answer for `query` (its offset starts a block). */
  replace(query: SourcePageQuery, page: SourcePage): void {
    this.generation++
    this.query = query
    this.blocks = new Map()
    this.loading.clear()
    this.total = page.total
    this.store(page)
  }

  private store(page: SourcePage): void {
    const first = Math.floor(page.offset / BLOCK_ROWS)
    for (let i = 0; i * BLOCK_ROWS < page.sources.length; i++) {
      this.blocks.set(first + i, page.sources.slice(i * BLOCK_ROWS, (i + 1) * BLOCK_ROWS))
    }
    this.version++
  }

  /**
   * Makes sure rows first..last are here or on their way, in one request for the blocks missing,
   * and forgets blocks far from them.
   */
  want(first: number, last: number): Promise<void> {
    void this.generation
    const [from, to] = LibraryRows.blocksOf(first, Math.min(last, this.total - 1))
    const missing: number[] = []
    for (let b = from; b <= to; b++) {
      if (!this.blocks.has(b) && !this.loading.has(b)) missing.push(b)
    }
    if (missing.length === 0) return Promise.resolve()
    const lo = missing[0]
    const hi = missing[missing.length - 1]
    const request = this.fetch(lo, hi, from, to)
    for (let b = lo; b <= hi; b++) this.loading.set(b, request)
    return request
  }

  private async fetch(lo: number, hi: number, from: number, to: number): Promise<void> {
    const generation = this.generation
    try {
      const page = await api.listSourcePage({
        ...this.query,
        offset: lo * BLOCK_ROWS,
        limit: (hi - lo + 1) * BLOCK_ROWS
      })
      if (generation !== this.generation) return
      // The listing may have changed under us (a write elsewhere); the next refresh brings it in step.
      this.total = page.total
      for (const b of [...this.blocks.keys()]) {
        if (b < from - KEPT_BLOCKS / 2 || b > to + KEPT_BLOCKS / 2) this.blocks.delete(b)
      }
      this.store(page)
    } finally {
      if (generation === this.generation) for (let b = lo; b <= hi; b++) this.loading.delete(b)
    }
  }

  /** The row at index i, fetched first if need be (keyboard moves to rows not yet in view). */
  async rowAt(i: number): Promise<SourceSummary | undefined> {
    if (!this.row(i)) {
      await (this.loading.get(Math.floor(i / BLOCK_ROWS)) ?? this.want(i, i)).catch(() => {})
    }
    return this.row(i)
  }
}
