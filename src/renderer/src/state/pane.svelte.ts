// One reader pane: a source, its annotations, the tag filter, find-in-source, the selected annotation and scroll requests.

import type { Annotation, Source, TextPosition } from '../../../shared/model'
import { annotationsFromColumns } from '../../../shared/annotation-columns'
import { sameItems } from '../../../shared/lists'
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

/** Whether two compact annotations of the same text say the same. */
function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.status === b.status &&
    a.note === b.note &&
    a.exact === b.exact &&
    a.paragraph === b.paragraph &&
    sameItems(a.tagIds, b.tagIds)
  )
}

/**
 * Puts the annotations of `shown` (a few, in text order) back into `all` (the source's, in text
 * order) where they are unchanged: each is found by binary search on its start, not by a pass
 * over thousands.
 */
function keepShown(all: Annotation[], shown: readonly Annotation[]): void {
  for (const old of shown) {
    let lo = 0
    let hi = all.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (all[mid].start < old.start) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < all.length && all[i].start === old.start; i++) {
      if (all[i].id !== old.id) continue
      if (sameAnnotation(old, all[i])) all[i] = old
      break
    }
  }
}

/** Resolves once the next frame has been painted (and the one after it has begun). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))
  )
}

let nextPaneId = 1
let nextSeq = 1

export class PaneState {
  readonly id = nextPaneId++
  private loadSeq = 0
  source = $state.raw<Source | null>(null)
  annotations = $state.raw<Annotation[]>([])
  /** False while a source is being opened: only the annotations of the part shown first are in. */
  complete = $state(true)
  loading = $state(false)
  /** Error that replaced the text (e.g. the source was deleted). */
  error = $state<string | null>(null)
  /** Show only annotations with this tag ('' for all). */
  tagFilter = $state('')
  /** Show only annotations by these members (null: everyone's). */
  authorFilter = $state.raw<string[] | null>(null)
  /** Draw each member's highlights with their own outline style. */
  outlineByAuthor = $state(false)
  selectedId = $state<string | null>(null)
  focus = $state<Focus | null>(null)
  /** Search hits to mark (from the archive search). */
  marks = $state.raw<TextPosition[]>([])
  findOpen = $state(false)
  findQuery = $state('')
  findIndex = $state(0)
  /** The last text selection made in this pane (kept for re-attaching an orphan). */
  selection = $state<TextPosition | null>(null)
  /** Set (to a new number) when the text should take the keyboard focus. */
  focusText = $state(0)
  /** An annotation to flash once (the other end of a followed link). */
  pulse = $state<{ id: string; seq: number } | null>(null)

  /** The members who made this source's annotations, by name. */
  authors = $derived(
    [...new Set(this.annotations.map((a) => a.createdBy))].sort((x, y) => x.localeCompare(y))
  )
  /** The annotations of the members the author filter keeps (the text's highlights and the list). */
  byAuthor = $derived.by(() => {
    const keep = this.authorFilter
    if (keep === null) return this.annotations
    const set = new Set(keep)
    return this.annotations.filter((a) => set.has(a.createdBy))
  })
  anchored = $derived(this.byAuthor.filter((a) => a.status === 'anchored'))
  orphans = $derived(this.byAuthor.filter((a) => a.status === 'orphan'))
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

  /**
   * Loads a source's text and annotations. With `first`, the annotations overlapping that part of
   * the text (the part about to be shown) come first, so the text can be drawn before the rest
   * arrive; `complete` is false until they have. `shown` is called once the pane has its text.
   * Resolves when everything is loaded.
   */
  async load(sourceId: string, first?: TextPosition, shown?: () => void): Promise<void> {
    const seq = ++this.loadSeq
    this.loading = true
    try {
      const sourceP = api.getSource(sourceId)
      const partP = first ? api.listAnnotationColumns(sourceId, first) : null
      const wholeP = api.listAnnotationColumns(sourceId)
      let part: Annotation[] = []
      if (partP) {
        // Rejections are taken up below; this only keeps them from going unhandled meanwhile.
        wholeP.catch(() => {})
        const [source, columns] = await Promise.all([sourceP, partP])
        if (seq !== this.loadSeq) return
        if (columns.revision === source.revision) {
          part = annotationsFromColumns(columns, source.text, paragraphsOf(source.text))
          this.show(source, part, false)
          shown?.()
          shown = undefined
          // The rest wait until the text has been drawn and shown.
          await afterPaint()
        }
      }
      let [source, columns] = await Promise.all([sourceP, wholeP])
      // The text changed between the answers (an edit elsewhere): ask again for both.
      for (let tries = 0; columns.revision !== source.revision && tries < 3; tries++) {
        ;[source, columns] = await Promise.all([
          api.getSource(sourceId),
          api.listAnnotationColumns(sourceId)
        ])
      }
      if (seq !== this.loadSeq) return
      const all = annotationsFromColumns(columns, source.text, paragraphsOf(source.text))
      // Annotations already shown stay the same objects, so what shows them is not redrawn.
      keepShown(all, part)
      // Opening (with `first`) ends when the reader has the links too; it marks the pane complete.
      this.show(source, all, !first)
      shown?.()
    } finally {
      if (seq === this.loadSeq) this.loading = false
    }
  }

  private show(source: Source, annotations: Annotation[], complete: boolean): void {
    if (this.source?.id !== source.id) {
      // A scroll request for the source shown before must not move this one.
      this.focus = null
      this.selectedId = null
      this.tagFilter = ''
      this.authorFilter = null
      this.findQuery = ''
      this.marks = []
    }
    const fresh = this.source !== source
    this.source = source
    this.annotations = annotations
    this.complete = complete
    this.error = null
    if (fresh) performance.mark('parallax:source-loaded')
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
