// The reader: one to four panes side by side, the links among their annotations, scrolling modes, layout memory.

import type { Annotation, Link, Relation, TextPosition } from '../../../shared/model'
import { api } from '../lib/api'
import { PaneState } from './pane.svelte'

export const MAX_PANES = 4
/** How much text (in characters) a newly opened pane shows, at most, before it is scrolled. */
const FIRST_CHARS = 20_000
const LAYOUT_KEY = 'reader.layout'

interface SavedLayout {
  panes: string[]
  linkedScroll: boolean
  syncScroll: boolean
}

export class Reader {
  panes = $state<PaneState[]>([])
  activeId = $state<number | null>(null)
  links = $state.raw<Link[]>([])
  relations = $state.raw<Relation[]>([])
  /** Link ends that live in sources not open in any pane. */
  elsewhere = $state.raw<Record<string, Annotation>>({})
  linkedScroll = $state(false)
  syncScroll = $state(false)
  /** The first end of a link being made; the next passage picked in another pane completes it. */
  pendingLink = $state<{ fromId: string; paneId: number } | null>(null)

  active = $derived(this.panes.find((p) => p.id === this.activeId) ?? this.panes[0] ?? null)

  /** The source open in the active pane (for the window title and the library). */
  get source() {
    return this.active?.source ?? null
  }

  paneOf(annotationId: string): PaneState | undefined {
    return this.panes.find((p) => p.annotations.some((a) => a.id === annotationId))
  }

  annotation(id: string): Annotation | undefined {
    for (const p of this.panes) {
      const a = p.annotations.find((x) => x.id === id)
      if (a) return a
    }
    return this.elsewhere[id]
  }

  linksOf(annotationId: string): Link[] {
    return this.links.filter((l) => l.from === annotationId || l.to === annotationId)
  }

  relationLabel(id: string): string {
    return this.relations.find((r) => r.id === id)?.label ?? id
  }

  /**
   * Opens a source: in the active pane, in a new pane (`beside`), or in pane `index`. A source
   * already open is brought to focus instead of opened twice, unless asked for a new pane.
   * `shown` is called as soon as the pane shows the text (the rest of a long source's annotations
   * and the links may still be on their way); the returned promise waits for everything.
   */
  async open(
    sourceId: string,
    options: {
      beside?: boolean
      index?: number
      focus?: TextPosition
      marks?: TextPosition[]
      shown?: () => void
      /** Put the keyboard focus in the text once it shows. */
      takeFocus?: boolean
    } = {}
  ): Promise<PaneState> {
    let pane =
      options.index === undefined && !options.beside
        ? this.panes.find((p) => p.source?.id === sourceId)
        : undefined
    const reveal = (p: PaneState): void => {
      this.activeId = p.id
      if (options.marks) p.marks = options.marks
      if (options.focus) p.scrollTo(options.focus)
      if (options.takeFocus) p.focusText++
      options.shown?.()
    }
    if (!pane) {
      if (options.index !== undefined && this.panes[options.index]) pane = this.panes[options.index]
      else if (options.beside || this.panes.length === 0) {
        if (this.panes.length >= MAX_PANES)
          throw new Error(
            `The reader shows at most ${MAX_PANES} sources side by side; close one first.`
          )
        pane = new PaneState()
        this.panes = [...this.panes, pane]
      } else pane = this.active ?? this.panes[0]
      // The annotations of the part shown first (the top, or around the passage asked for) come
      // first, so the text is drawn without waiting for thousands of others.
      const at = options.focus ? Math.max(0, options.focus.start - FIRST_CHARS / 2) : 0
      const target = pane
      const loading = pane.load(sourceId, { start: at, end: at + FIRST_CHARS }, () =>
        reveal(target)
      )
      // Asked for meanwhile (after the text and annotations); not left unhandled if loading fails.
      const links = this.fetchLinks()
      links.catch(() => {})
      try {
        await loading
        await this.refreshLinks(links)
        await this.saveLayoutQuietly()
      } finally {
        // The pane counts as loaded once its links are in and the layout is saved.
        target.complete = true
      }
    } else {
      reveal(pane)
      await this.refreshLinks()
      await this.saveLayoutQuietly()
    }
    return pane
  }

  /** Saves the layout; a failed save is left unsaid (the next change reports a stopped server). */
  private async saveLayoutQuietly(): Promise<void> {
    try {
      await this.saveLayout()
    } catch {
      // Nothing the user can act on.
    }
  }

  close(paneId: number): void {
    this.panes = this.panes.filter((p) => p.id !== paneId)
    if (this.activeId === paneId) this.activeId = this.panes[0]?.id ?? null
    if (this.pendingLink?.paneId === paneId) this.pendingLink = null
    void this.saveLayout()
  }

  /** Moves pane `from` to position `to`. */
  move(from: number, to: number): void {
    if (to < 0 || to >= this.panes.length || from === to) return
    const list = [...this.panes]
    const [pane] = list.splice(from, 1)
    list.splice(to, 0, pane)
    this.panes = list
    void this.saveLayout()
  }

  private fetchLinks(): Promise<[Link[], Relation[]]> {
    return Promise.all([api.listLinks(), api.listRelations()])
  }

  /** Reloads the links among open annotations (from `pending`, when already asked for). */
  async refreshLinks(pending?: Promise<[Link[], Relation[]]>): Promise<void> {
    const [links, relations] = await (pending ?? this.fetchLinks())
    // The open annotations that end a link: a pass over the panes' thousands of annotations
    // against the few link ends, rather than a set of every open annotation.
    const ends = new Set(links.flatMap((l) => [l.from, l.to]))
    const open = new Set<string>()
    if (ends.size > 0) {
      for (const p of this.panes) for (const a of p.annotations) if (ends.has(a.id)) open.add(a.id)
    }
    const relevant = links.filter((l) => open.has(l.from) || open.has(l.to))
    const missing = [...new Set(relevant.flatMap((l) => [l.from, l.to]))].filter(
      (id) => !open.has(id)
    )
    const elsewhere: Record<string, Annotation> = {}
    await Promise.all(
      missing.map(async (id) => {
        elsewhere[id] = await api.getAnnotation(id)
      })
    )
    this.links = relevant
    this.relations = relations
    this.elsewhere = elsewhere
  }

  /** Reloads every pane and the links (after an undo, an edit, or a change elsewhere). */
  async refresh(): Promise<void> {
    await Promise.all(this.panes.map((p) => p.refresh()))
    await this.refreshLinks()
  }

  async saveLayout(): Promise<void> {
    const layout: SavedLayout = {
      panes: this.panes.map((p) => p.source?.id).filter((id): id is string => !!id),
      linkedScroll: this.linkedScroll,
      syncScroll: this.syncScroll
    }
    await api.setSetting(LAYOUT_KEY, layout)
  }

  /** Reopens the panes of the last session (skipping sources deleted since). */
  async restoreLayout(): Promise<void> {
    const saved = (await api.getSetting(LAYOUT_KEY)) as SavedLayout | null
    if (!saved || !Array.isArray(saved.panes)) return
    this.linkedScroll = saved.linkedScroll === true
    this.syncScroll = saved.syncScroll === true
    const panes: PaneState[] = []
    for (const id of saved.panes.slice(0, MAX_PANES)) {
      const pane = new PaneState()
      try {
        await pane.load(id)
        panes.push(pane)
      } catch {
        // A source deleted since: its pane is not restored.
      }
    }
    this.panes = panes
    this.activeId = panes[0]?.id ?? null
    await this.refreshLinks()
  }
}
