// One reader pane: a source, its annotations, the tag filter, find-in-source, the selected annotation and scroll requests.

import type { Annotation, Source, TextPosition } from '../../../shared/model'
import { annotationsFromColumns } from '../../../shared/annotation-columns'
import { fold } from '../../../shared/text/fold'
import { api } from '../lib/api'
import { paragraphsOf } from '../lib/paragraphs'

export interface Focus extends TextPosition {
  /** Changes on every request, so asking for the same place twice scrolls again. */
  seq: number
  /** Where in the pane (0 = top, 1 = bottom) to put the passage; default the middle. */
  at?: number
  /** Pixel offset from the pane top to put the passage at, when aligning with another pane. */
  y?: number
}

let nextPaneId = 1
let nextSeq = 1

export class PaneState {
  readonly id = nextPaneId++
  source = $state.raw<Source | null>(null)
  annotations = $state.raw<Annotation[]>([])
  loading = $state(false)
  /** Error that replaced the text (e.g. the source was deleted). */
  error = $state<string | null>(null)
  /** Show only annotations with this tag ('' for all). */
  tagFilter = $state('')
  selectedId = $state<string | null>(null)
  focus = $state<Focus | null>(null)
  /** Search hits to mark (from the archive search). */
  marks = $state.raw<TextPosition[]>([])
  findOpen = $state(false)
  findQuery = $state('')
  findIndex = $state(0)
  /** The last text selection made in this pane (kept for re-attaching an orphan). */
  selection = $state<TextPosition | null>(null)
  /** An annotation to flash once (the other end of a followed link). */
  pulse = $state<{ id: string; seq: number } | null>(null)

  anchored = $derived(this.annotations.filter((a) => a.status === 'anchored'))
  orphans = $derived(this.annotations.filter((a) => a.status === 'orphan'))
  /** Anchored annotations that pass the tag filter, in text order. */
  shown = $derived(
    this.tagFilter ? this.anchored.filter((a) => a.tagIds.includes(this.tagFilter)) : this.anchored
  )

  /** Matches of the find-in-source query (folded, so "baki" finds "Bakı"). */
  findMatches = $derived.by((): TextPosition[] => {
    const q = this.findQuery.trim()
    const text = this.source?.text
    if (!text || q.length === 0) return []
    const hay = fold(text)
    const needle = fold(q.normalize('NFC'))
    const out: TextPosition[] = []
    for (
      let i = hay.indexOf(needle);
      i >= 0 && out.length < 5000;
      i = hay.indexOf(needle, i + needle.length)
    ) {
      out.push({ start: i, end: i + needle.length })
    }
    return out
  })

  async load(sourceId: string): Promise<void> {
    this.loading = true
    try {
      let [source, columns] = await Promise.all([
        api.getSource(sourceId),
        api.listAnnotationColumns(sourceId)
      ])
      // The text changed between the two answers (an edit elsewhere): ask again for both.
      for (let tries = 0; columns.revision !== source.revision && tries < 3; tries++) {
        ;[source, columns] = await Promise.all([
          api.getSource(sourceId),
          api.listAnnotationColumns(sourceId)
        ])
      }
      const annotations = annotationsFromColumns(columns, source.text, paragraphsOf(source.text))
      if (this.source?.id !== sourceId) {
        this.selectedId = null
        this.tagFilter = ''
        this.findQuery = ''
        this.marks = []
      }
      this.source = source
      this.annotations = annotations
      this.error = null
      performance.mark('parallax:source-loaded')
    } finally {
      this.loading = false
    }
  }

  /** Reloads text and annotations; a source deleted meanwhile leaves a message in the pane. */
  async refresh(): Promise<void> {
    const id = this.source?.id
    if (!id) return
    try {
      await this.load(id)
    } catch {
      this.source = null
      this.annotations = []
      this.error = 'This source is no longer in the archive (it was deleted). Undo brings it back.'
    }
  }

  scrollTo(span: TextPosition, options: { at?: number; y?: number } = {}): void {
    this.focus = { ...span, ...options, seq: nextSeq++ }
  }

  select(id: string | null, scroll = false): void {
    this.selectedId = id
    const a = id ? this.annotations.find((x) => x.id === id) : undefined
    if (a && scroll && a.status === 'anchored') this.scrollTo(a)
  }

  flash(id: string): void {
    this.pulse = { id, seq: nextSeq++ }
  }

  /** Selects the next (or previous) annotation in text order among those shown. */
  step(direction: 1 | -1): void {
    const list = this.shown
    if (list.length === 0) return
    const i = list.findIndex((a) => a.id === this.selectedId)
    const next =
      i < 0 ? (direction === 1 ? 0 : list.length - 1) : (i + direction + list.length) % list.length
    this.select(list[next].id, true)
  }

  findStep(direction: 1 | -1): void {
    const n = this.findMatches.length
    if (n === 0) return
    this.findIndex = (this.findIndex + direction + n) % n
    this.scrollTo(this.findMatches[this.findIndex])
  }
}
