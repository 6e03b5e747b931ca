// The library table's columns: their order and widths (remembered per archive), which fit the pane, and the CSS grid they make.

import type { SourceSortKey } from '../../../../shared/model'
import { api } from '../../lib/api'

export type ColumnKey = 'title' | 'creators' | 'date' | 'language' | 'kind' | 'annotations'

export interface Column {
  key: ColumnKey
  label: string
  sort: SourceSortKey
  /** Width in px when the user has not set one; the title has none: it takes what is left. */
  width: number
  /** The least a column may be resized to. */
  min: number
  numeric?: boolean
}

/** The title keeps at least this much: columns are dropped, and resizing stops, before it gets less. */
const TITLE_ROOM = 160

export const COLUMNS: Record<ColumnKey, Column> = {
  title: { key: 'title', label: 'Title', sort: 'title', width: 0, min: TITLE_ROOM },
  creators: { key: 'creators', label: 'Creators', sort: 'creators', width: 160, min: 64 },
  date: { key: 'date', label: 'Date', sort: 'date', width: 100, min: 56 },
  language: { key: 'language', label: 'Language', sort: 'language', width: 84, min: 48 },
  kind: { key: 'kind', label: 'Kind', sort: 'kind', width: 100, min: 56 },
  annotations: {
    key: 'annotations',
    label: 'Annotations',
    sort: 'annotations',
    width: 100,
    min: 56,
    numeric: true
  }
}

const DEFAULT_ORDER: ColumnKey[] = ['title', 'creators', 'date', 'language', 'kind', 'annotations']
/** Dropped first to last as the pane narrows (the details panel shows them all). */
const DROP_ORDER: ColumnKey[] = ['kind', 'creators', 'language', 'date']
const SETTING = 'library.columns'
const MAX_WIDTH = 800

interface Saved {
  order?: unknown
  widths?: unknown
}

export class ColumnLayout {
  order = $state<ColumnKey[]>([...DEFAULT_ORDER])
  widths = $state<Partial<Record<ColumnKey, number>>>({})
  /** The table's inner width in px (set by the table as it resizes). */
  room = $state(0)
  private saveTimer: ReturnType<typeof setTimeout> | undefined

  width(key: ColumnKey): number {
    return this.widths[key] ?? COLUMNS[key].width
  }

  /** The columns shown, in order: the least needed go while the title would get too little. */
  visible = $derived.by(() => {
    const shown = new Set(this.order)
    const fixed = (): number =>
      [...shown].reduce((sum, k) => sum + (k === 'title' ? 0 : this.width(k)), 0)
    for (const key of DROP_ORDER) {
      if (this.room === 0 || this.room - fixed() >= TITLE_ROOM) break
      shown.delete(key)
    }
    return this.order.filter((k) => shown.has(k)).map((k) => COLUMNS[k])
  })

  /** grid-template-columns for the header and every row. */
  template = $derived(
    this.visible
      .map((c) => (c.key === 'title' ? `minmax(${TITLE_ROOM}px, 1fr)` : `${this.width(c.key)}px`))
      .join(' ')
  )

  /** What the title gets now. */
  titleWidth(): number {
    const fixed = this.visible.reduce((s, c) => s + (c.key === 'title' ? 0 : this.width(c.key)), 0)
    return this.room - fixed
  }

  /** Sets a column's width, kept between its minimum and what leaves the title its room. */
  resize(key: ColumnKey, width: number): void {
    if (key === 'title') return
    const current = this.width(key)
    const most = Math.max(current, current + this.titleWidth() - TITLE_ROOM)
    const next = Math.round(Math.min(MAX_WIDTH, most, Math.max(COLUMNS[key].min, width)))
    if (next === current) return
    this.widths = { ...this.widths, [key]: next }
    this.save()
  }

  /** Back to the width it had before anyone resized it. */
  reset(key: ColumnKey): void {
    const { [key]: _dropped, ...rest } = this.widths
    this.widths = rest
    this.save()
  }

  /** Moves a column before another (null: to the end). */
  moveBefore(key: ColumnKey, before: ColumnKey | null): void {
    if (key === before) return
    const order = this.order.filter((k) => k !== key)
    const at = before === null ? -1 : order.indexOf(before)
    order.splice(at < 0 ? order.length : at, 0, key)
    if (order.join() === this.order.join()) return
    this.order = order
    this.save()
  }

  /** Reads the archive's remembered layout; keeps the defaults for anything unreadable. */
  async load(): Promise<void> {
    const saved = (await api.getSetting(SETTING)) as Saved | null
    if (!saved || typeof saved !== 'object') return
    if (Array.isArray(saved.order)) {
      const known = saved.order.filter((k): k is ColumnKey => k in COLUMNS)
      if (new Set(known).size === DEFAULT_ORDER.length) this.order = known
    }
    if (saved.widths && typeof saved.widths === 'object') {
      const widths: Partial<Record<ColumnKey, number>> = {}
      for (const [k, v] of Object.entries(saved.widths)) {
        if (k in COLUMNS && k !== 'title' && typeof v === 'number' && Number.isFinite(v)) {
          widths[k as ColumnKey] = Math.min(MAX_WIDTH, Math.max(COLUMNS[k as ColumnKey].min, v))
        }
      }
      this.widths = widths
    }
  }

  /** Remembers the layout a moment after the last change (a drag changes it at every frame). */
  private save(): void {
    clearTimeout(this.saveTimer)
    this.saveTimer = setTimeout(() => {
      void api.setSetting(SETTING, { order: this.order, widths: this.widths }).catch(() => {
        // A layout that could not be saved is only a preference; the next change tries again.
      })
    }, 300)
  }
}
