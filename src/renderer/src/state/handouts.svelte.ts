// The handout composer: saved sets, the one being edited (saved as you go), its annotations, and the rendered PDF.

import type { Annotation, HandoutPdf, HandoutSet, HandoutSetPatch } from '../../../shared/model'
import { LIMITS, overLimitMessage } from '../../../shared/limits'
import { api, messageOf } from '../lib/api'

const SAVE_DELAY = 500

/** The first text of a handout set that is longer than the archive takes, said as a message; '' if none. */
export function handoutOverLimit(set: HandoutSet): string {
  const fields: [string, string, number][] = [
    ['The title', set.title, LIMITS.handoutTitle],
    ['The subtitle', set.subtitle, LIMITS.handoutTitle],
    ['The author', set.author, LIMITS.handoutTitle],
    ['The introduction', set.introduction, LIMITS.handoutIntroduction],
    ...Object.values(set.questions).map(
      (q) => ['A question', q, LIMITS.handoutQuestion] as [string, string, number]
    )
  ]
  for (const [what, text, max] of fields) {
    const message = overLimitMessage(what, text.length, max)
    if (message) return message
  }
  return ''
}

export class Handouts {
  sets = $state.raw<HandoutSet[]>([])
  /** The set being composed; edits apply here at once and are saved shortly after. */
  current = $state<HandoutSet | null>(null)
  /** Annotations of the current set's sources, by source id. */
  annotations = $state.raw<Record<string, Annotation[]>>({})
  pdf = $state.raw<HandoutPdf | null>(null)
  rendering = $state(false)
  renderError = $state<string | null>(null)
  saveError = $state<string | null>(null)
  /** Which text of the current set is over its limit, and by how much; nothing is saved meanwhile. */
  overLimit = $state('')
  /** An edit waits for its save (a moment after typing stops): the status bar says "Saving…". */
  unsaved = $state(false)
  private saveTimer: ReturnType<typeof setTimeout> | undefined
  private pending: HandoutSetPatch = {}
  private renderSeq = 0

  /** `track` runs a save under the status bar's "Saving…" / "Saved ✓" (App.track). */
  constructor(private readonly track: <T>(action: () => Promise<T>) => Promise<T>) {}

  async refresh(): Promise<void> {
    this.sets = await api.listHandoutSets()
    if (this.current && !this.sets.some((s) => s.id === this.current?.id)) this.current = null
  }

  async open(id: string): Promise<void> {
    await this.flush()
    this.current = await api.getHandoutSet(id)
    await this.loadAnnotations()
    void this.render()
  }

  async create(sourceIds: string[], title = 'Untitled handout'): Promise<void> {
    await this.flush()
    const set = await api.createHandoutSet({ title, sourceIds })
    await this.refresh()
    await this.open(set.id)
  }

  async remove(id: string): Promise<void> {
    await api.deleteHandoutSet(id)
    if (this.current?.id === id) this.current = null
    await this.refresh()
  }

  /**
   * Changes the current set now and saves (and re-renders) a moment later. A text over its limit
   * stays in the composer, unsaved, with a message saying how much is over, until it is shortened.
   */
  edit(patch: HandoutSetPatch): void {
    if (!this.current) return
    Object.assign(this.current, patch)
    this.pending = { ...this.pending, ...patch }
    this.unsaved = true
    clearTimeout(this.saveTimer)
    this.overLimit = handoutOverLimit(this.current)
    if (this.overLimit) return
    this.saveTimer = setTimeout(() => void this.flush().then(() => this.render()), SAVE_DELAY)
    if (patch.sourceIds) void this.loadAnnotations()
  }

  async flush(): Promise<void> {
    clearTimeout(this.saveTimer)
    if (this.overLimit) return
    const id = this.current?.id
    const patch = this.pending
    this.pending = {}
    if (!id || Object.keys(patch).length === 0) {
      this.unsaved = false
      return
    }
    try {
      const saved = await this.track(() => api.updateHandoutSet(id, patch))
      this.sets = this.sets.map((s) => (s.id === id ? saved : s))
      this.saveError = null
    } catch (error) {
      this.saveError = messageOf(error)
    } finally {
      if (Object.keys(this.pending).length === 0) this.unsaved = false
    }
  }

  async loadAnnotations(): Promise<void> {
    const ids = this.current?.sourceIds ?? []
    const entries = await Promise.all(
      ids.map(
        async (id) =>
          [
            id,
            await api.listAnnotations({ sourceId: id, status: 'anchored', compact: true })
          ] as const
      )
    )
    this.annotations = Object.fromEntries(entries)
  }

  /** Renders the current set; a newer render request wins over an older one still running. */
  async render(): Promise<void> {
    const id = this.current?.id
    if (!id) return
    const seq = ++this.renderSeq
    this.rendering = true
    try {
      const pdf = await api.renderHandout({ setId: id })
      if (seq !== this.renderSeq) return
      this.pdf = pdf
      this.renderError = null
    } catch (error) {
      if (seq !== this.renderSeq) return
      this.pdf = null
      this.renderError = messageOf(error)
    } finally {
      if (seq === this.renderSeq) this.rendering = false
    }
  }
}
