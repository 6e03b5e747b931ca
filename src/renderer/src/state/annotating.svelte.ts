// What the user does to passages in the reader: tag, note, link, follow, delete; popups and dialogs they open.

import type { Annotation, TextPosition } from '../../../shared/model'
import { api, messageOf } from '../lib/api'
import { paneViews } from '../lib/pane-views'
import type { Library } from './library.svelte'
import type { Notices } from './notices.svelte'
import type { PaneState } from './pane.svelte'
import { MAX_PANES, type Reader } from './reader.svelte'

/** The compact action bar next to a text selection or a picked annotation. */
export interface Popup {
  paneId: number
  span?: TextPosition
  annotationId?: string
  x: number
  y: number
}

export interface NoteDraft {
  paneId: number
  annotationId?: string
  span?: TextPosition
  text: string
}

export class Annotating {
  popup = $state<Popup | null>(null)
  note = $state<NoteDraft | null>(null)
  /** Both ends chosen; the dialog asks for the relation. */
  linkDraft = $state<{ fromId: string; toId: string } | null>(null)
  /** Plain highlights made only to be ends of the link under way: cancelling removes them. */
  private linkMade: string[] = []
  /** Counts cancellations, so a link cancelled while its first end is being made stops there. */
  private linkSeq = 0

  constructor(
    private readonly reader: Reader,
    private readonly library: Library,
    private readonly notices: Notices,
    private readonly track: <T>(action: () => Promise<T>) => Promise<T>
  ) {}

  private pane(id: number): PaneState | undefined {
    return this.reader.panes.find((p) => p.id === id)
  }

  /** Runs a change, then reloads the panes showing the sources it touched and the counts. */
  private async change<T>(
    run: () => Promise<T>,
    sourceIds: (string | undefined)[]
  ): Promise<T | null> {
    try {
      const result = await this.track(run)
      const ids = new Set(sourceIds.filter(Boolean))
      await Promise.all(
        this.reader.panes.filter((p) => p.source && ids.has(p.source.id)).map((p) => p.refresh())
      )
      await Promise.all([this.reader.refreshLinks(), this.library.refresh()])
      return result
    } catch (error) {
      this.notices.error(messageOf(error))
      return null
    }
  }

  close(): void {
    this.popup = null
  }

  /** Marks the popup's selection with tags (and a note); returns the new annotation. */
  async create(
    paneId: number,
    span: TextPosition,
    tagIds: string[],
    note = ''
  ): Promise<Annotation | null> {
    const pane = this.pane(paneId)
    const sourceId = pane?.source?.id
    if (!pane || !sourceId) return null
    const selection = window.getSelection()
    const selected = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null
    const created = await this.change(
      () => api.createAnnotation({ sourceId, target: span, tagIds, note }),
      [sourceId]
    )
    if (created) {
      // Clear the selection that was tagged, not one the user has made since (in the other pane).
      if (selection && selection.rangeCount > 0 && selection.getRangeAt(0) === selected)
        selection.removeAllRanges()
      pane.selection = null
      pane.select(created.id)
    }
    return created
  }

  /** Puts an orphan on the passage last selected in its pane. */
  async reattach(pane: PaneState, annotationId: string): Promise<void> {
    const span = pane.selection
    if (!span) {
      this.notices.info('Select the passage in the text first, then choose Re-attach.')
      return
    }
    this.popup = null
    pane.selection = null
    await this.change(() => api.updateAnnotation(annotationId, { target: span }), [pane.source?.id])
  }

  async toggleTag(annotationId: string, tagId: string): Promise<void> {
    const a = this.reader.annotation(annotationId)
    if (!a) return
    const tagIds = a.tagIds.includes(tagId)
      ? a.tagIds.filter((t) => t !== tagId)
      : [...a.tagIds, tagId]
    await this.change(() => api.updateAnnotation(a.id, { tagIds }), [a.sourceId])
  }

  /** A digit key: tags the selection, or toggles that tag on the picked annotation. */
  async applyKey(key: number): Promise<void> {
    const tag = this.library.tags.find((t) => t.key === key)
    if (!tag) {
      this.notices.info(`No tag has the key ${key}. Give one a key in the codebook.`)
      return
    }
    const p = this.popup
    if (p?.span) {
      this.popup = null
      const created = await this.create(p.paneId, p.span, [tag.id])
      // Failed (the error is shown): the selection keeps its popup, so the key can be pressed again.
      if (!created && this.popup === null && this.pane(p.paneId)) this.popup = p
    } else {
      const id = p?.annotationId ?? this.reader.active?.selectedId
      if (id) await this.toggleTag(id, tag.id)
    }
  }

  openNote(): void {
    const p = this.popup
    const paneId = p?.paneId ?? this.reader.active?.id
    if (paneId === undefined) return
    const annotationId =
      p?.annotationId ?? (p?.span ? undefined : (this.reader.active?.selectedId ?? undefined))
    if (!annotationId && !p?.span) return
    const existing = annotationId ? this.reader.annotation(annotationId) : undefined
    this.note = { paneId, annotationId, span: p?.span, text: existing?.note ?? '' }
    this.popup = null
  }

  /** Saves the note; the dialog closes only once it is saved, so a refused note is not lost. */
  async saveNote(text: string): Promise<void> {
    const draft = this.note
    if (!draft) return
    let saved: unknown = null
    if (draft.annotationId) {
      const a = this.reader.annotation(draft.annotationId)
      if (a)
        saved = await this.change(() => api.updateAnnotation(a.id, { note: text }), [a.sourceId])
    } else if (draft.span) {
      saved = await this.create(draft.paneId, draft.span, [], text)
    }
    if (saved !== null && this.note === draft) this.note = null
  }

  async remove(annotationId: string): Promise<void> {
    const a = this.reader.annotation(annotationId)
    if (!a) return
    this.popup = null
    const done = await this.change(async () => {
      await api.deleteAnnotation(a.id)
      return true
    }, [a.sourceId])
    if (done)
      this.notices.info(`Deleted the annotation “${a.exact.slice(0, 40)}”.`, {
        action: { label: 'Undo', run: () => void this.undoAndRefresh() }
      })
  }

  private async undoAndRefresh(): Promise<void> {
    try {
      await api.undo()
      await Promise.all([this.reader.refresh(), this.library.refresh()])
    } catch (error) {
      this.notices.error(messageOf(error))
    }
  }

  /** Link, first step: the popup's selection (made into a plain highlight) or annotation becomes one end. */
  async startLink(): Promise<void> {
    const p = this.popup
    const paneId = p?.paneId ?? this.reader.active?.id
    if (paneId === undefined) return
    let fromId =
      p?.annotationId ?? (p?.span ? undefined : (this.reader.active?.selectedId ?? undefined))
    this.popup = null
    if (!fromId && p?.span) {
      const seq = this.linkSeq
      fromId = (await this.create(paneId, p.span, []))?.id
      if (fromId) this.linkMade.push(fromId)
      // Cancelled (Esc) while the first end was being made: take that end away again.
      if (seq !== this.linkSeq) {
        await this.cancelLink()
        return
      }
    }
    if (!fromId) return
    if (this.reader.pendingLink) {
      await this.finishLink(fromId)
      return
    }
    this.reader.pendingLink = { fromId, paneId }
    if (this.reader.panes.length < 2)
      this.notices.info(
        'Open another source beside this one (Open beside…) and pick the passage to link to.'
      )
  }

  /** Link, second step: the other end is picked; the dialog asks for the relation. */
  async finishLink(toId: string): Promise<void> {
    const pending = this.reader.pendingLink
    if (!pending) return
    if (pending.fromId === toId) {
      this.notices.info('Pick a different passage for the other end of the link.')
      return
    }
    this.linkDraft = { fromId: pending.fromId, toId }
  }

  async pickForLink(paneId: number, span: TextPosition): Promise<void> {
    this.popup = null
    const created = await this.create(paneId, span, [])
    if (created) {
      this.linkMade.push(created.id)
      await this.finishLink(created.id)
    }
  }

  /** Makes the link; the dialog stays open (and its ends stay) when the archive refuses it. */
  async createLink(relation: string, note: string): Promise<boolean> {
    const draft = this.linkDraft
    if (!draft) return false
    const from = this.reader.annotation(draft.fromId)
    const to = this.reader.annotation(draft.toId)
    const link = await this.change(
      () => api.createLink({ from: draft.fromId, to: draft.toId, relation, note }),
      [from?.sourceId, to?.sourceId]
    )
    if (!link) return false
    this.linkDraft = null
    this.reader.pendingLink = null
    this.linkMade = []
    return true
  }

  /** Cancels the link under way and removes the highlights made only for it, so nothing is left. */
  async cancelLink(): Promise<void> {
    this.linkSeq++
    this.linkDraft = null
    this.reader.pendingLink = null
    const made = this.linkMade
    this.linkMade = []
    if (made.length === 0) return
    const sourceIds = made.map((id) => this.reader.annotation(id)?.sourceId)
    await this.change(async () => {
      for (const id of made) await api.deleteAnnotation(id)
    }, sourceIds)
    const pane = this.reader.active
    if (pane?.selectedId && made.includes(pane.selectedId)) pane.select(null)
  }

  /**
   * Follows a link from one end: the other pane (opened if needed) scrolls so the counterpart sits
   * at the same height as this end, and flashes it once.
   */
  async follow(annotationId: string, linkId?: string): Promise<void> {
    const links = this.reader.linksOf(annotationId)
    const link = links.find((l) => l.id === linkId) ?? links[0]
    if (!link) return
    const otherId = link.from === annotationId ? link.to : link.from
    const here = this.reader.paneOf(annotationId)
    const mine = here ? this.reader.annotation(annotationId) : undefined
    const y = here && mine ? (paneViews.get(here.id)?.yOf(mine) ?? null) : null
    const other = this.reader.annotation(otherId) ?? (await api.getAnnotation(otherId))
    let target = this.reader.paneOf(otherId)
    if (!target) {
      try {
        target = await this.reader.open(other.sourceId, {
          beside: this.reader.panes.length < MAX_PANES
        })
      } catch (error) {
        this.notices.error(messageOf(error))
        return
      }
    }
    target.select(otherId)
    target.scrollTo(other, y !== null && target !== here ? { y } : {})
    target.flash(otherId)
  }
}
