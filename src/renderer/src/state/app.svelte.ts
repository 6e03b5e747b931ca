// The whole UI state: which view is shown, and the library, reader, search, annotating and notices it is made of.

import type { CommandId } from '../../../shared/commands'
import type { ArchiveChanges, ImportReport, SearchHit } from '../../../shared/model'
import { api, messageOf, trackWritesWith } from '../lib/api'
import { Annotating } from './annotating.svelte'
import { Handouts } from './handouts.svelte'
import { Library } from './library.svelte'
import { Notices } from './notices.svelte'
import { Reader } from './reader.svelte'
import { Search } from './search.svelte'
import { Team } from './team.svelte'
import { watchArchive } from './watch'

export type View = 'library' | 'reader' | 'handouts' | 'search'

export class AppState {
  view = $state<View>('library')
  /** The view to return to when search results are closed. */
  previousView = $state<View>('library')
  shortcutsOpen = $state(false)
  aboutOpen = $state(false)
  codebookOpen = $state(false)
  archiveToolsOpen = $state(false)
  variantsOpen = $state(false)
  /** A dialog about one reader pane's source. */
  dialog = $state<{
    kind: 'details' | 'edit-text' | 'revisions' | 'export' | 'compare'
    paneId: number
  } | null>(null)
  /** Set by the library's Import button; the file input lives there. */
  importRequest = $state(0)
  searchFocusRequest = $state(0)
  saving = $state(false)
  /** The last change to the archive failed (its error is shown); the next one that works clears it. */
  saveFailed = $state(false)

  readonly library = new Library()
  readonly reader = new Reader()
  readonly search = new Search()
  readonly notices = new Notices()
  readonly team = new Team()
  readonly handouts = new Handouts((action) => this.track(action))
  readonly annotating = new Annotating(this.reader, this.library, this.notices, (action) =>
    this.track(action)
  )

  show(view: View): void {
    if (view === 'search' && this.view !== 'search') this.previousView = this.view
    this.view = view
  }

  closeSearch(): void {
    this.view = this.previousView === 'search' ? 'library' : this.previousView
  }

  async start(): Promise<void> {
    await this.guard(async () => {
      await this.library.refresh()
      await this.reader.restoreLayout()
      await this.team.refresh()
    })
    void watchArchive((change) => this.refreshAfterChangeElsewhere(change))
  }

  /** Shows a change another process or a team member made: the library, and the panes it touched. */
  private async refreshAfterChangeElsewhere(change: ArchiveChanges): Promise<void> {
    const touched = change.sourceIds === null ? null : new Set(change.sourceIds)
    await this.guard(() =>
      Promise.all([
        this.library.refresh(),
        this.handouts.refresh(),
        ...this.reader.panes
          .filter((p) => !touched || (p.source && touched.has(p.source.id)))
          .map((p) => p.refresh())
      ]).then(() => this.reader.refreshLinks())
    )
  }

  /** Runs an action; failures become an error notice. Returns whether it succeeded. */
  async guard(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action()
      return true
    } catch (error) {
      this.notices.error(messageOf(error))
      return false
    }
  }

  /** Runs a change to the archive with the "saving" indicator; a failure becomes an error notice. */
  async change(action: () => Promise<unknown>): Promise<boolean> {
    return this.guard(() => this.track(action))
  }

  /**
   * Runs a change to the archive under the status bar's "Saving…", which then says "Saved ✓", or
   * "Last change not saved" when it failed (the error is the caller's to show). Returns its value.
   */
  async track<T>(action: () => Promise<T>): Promise<T> {
    // Writes overlap (an import while a note is saved; a tracked action whose calls are tracked
    // too): "Saving…" lasts until the last of them ends.
    this.pendingWrites++
    this.saving = true
    try {
      const value = await action()
      this.saveFailed = false
      return value
    } catch (error) {
      this.saveFailed = true
      throw error
    } finally {
      this.pendingWrites--
      this.saving = this.pendingWrites > 0
    }
  }

  private pendingWrites = 0

  constructor() {
    // Every write of the API, whichever dialog makes it, runs under this tracker.
    trackWritesWith((action) => this.track(action))
  }

  /** A source's title, whether it is open in a pane or only in the library; '' if unknown. */
  titleOf(sourceId: string): string {
    return (
      this.reader.panes.find((p) => p.source?.id === sourceId)?.source?.title ??
      this.library.all.find((s) => s.id === sourceId)?.title ??
      ''
    )
  }

  /** Opens a source in the reader: in the active pane, or beside the open ones. */
  async openSource(id: string, beside = false): Promise<void> {
    this.library.selectedId = id
    const shown = (): void => {
      this.view = 'reader'
    }
    if (await this.guard(() => this.reader.open(id, { beside, shown, takeFocus: true }))) shown()
  }

  async openHit(hit: SearchHit): Promise<void> {
    const first = hit.matches[0]
    const shown = (): void => {
      this.view = 'reader'
    }
    if (
      await this.guard(() =>
        this.reader.open(hit.sourceId, { focus: first, marks: hit.matches, shown, takeFocus: true })
      )
    )
      shown()
  }

  reportImport(report: ImportReport): void {
    const n = report.imported.length
    const lines = [
      ...report.duplicates.map((d) => `${d.name}: already in the archive as “${d.title}”.`),
      ...report.failed.map((f) => f.message)
    ]
    if (report.failed.length > 0) {
      const total = n + report.failed.length + report.duplicates.length
      const head =
        n > 0
          ? `Imported ${n} of ${total} files.`
          : report.failed.length === 1
            ? 'The file could not be imported.'
            : 'The files could not be imported.'
      this.notices.error(head, lines)
    } else if (n > 0) {
      this.notices.info(
        n === 1 ? `Imported “${report.imported[0].title}”.` : `Imported ${n} sources.`,
        { details: lines }
      )
    } else if (report.duplicates.length > 0) {
      this.notices.info('Nothing new to import.', { details: lines })
    }
  }

  async importFiles(files: File[]): Promise<void> {
    if (files.length === 0) return
    await this.change(async () => {
      const report = await this.library.importFiles(files)
      const handled = report.imported.length + report.duplicates.length + report.failed.length
      this.reportImport(report)
      if (handled < files.length)
        this.notices.info(
          `Import stopped: ${files.length - handled} of ${files.length} files were not read.`
        )
    })
  }

  async deleteSource(id: string, title: string): Promise<void> {
    if (await this.change(() => this.library.remove(id))) {
      await this.reader.refresh()
      this.notices.info(`Deleted “${title}”.`, {
        action: { label: 'Undo', run: () => void this.undo() }
      })
    }
  }

  async undo(redo = false): Promise<void> {
    await this.change(async () => {
      const step = redo ? await api.redo() : await api.undo()
      await Promise.all([this.library.refresh(), this.reader.refresh()])
      this.notices.info(`${redo ? 'Redone' : 'Undone'}: ${step.label}`)
    })
  }

  run(id: CommandId): void {
    switch (id) {
      case 'source.import':
        this.view = 'library'
        this.importRequest++
        break
      case 'edit.undo':
      case 'edit.redo': {
        const el = document.activeElement
        if (
          el instanceof HTMLInputElement ||
          el instanceof HTMLTextAreaElement ||
          (el instanceof HTMLElement && el.isContentEditable)
        ) {
          // Typing in a field: undo the typing, as every text field does.
          document.execCommand(id === 'edit.undo' ? 'undo' : 'redo')
        } else void this.undo(id === 'edit.redo')
        break
      }
      case 'view.library':
      case 'view.reader':
      case 'view.handouts':
        this.show(id.slice(5) as View)
        break
      case 'search.focus':
        this.searchFocusRequest++
        break
      case 'tags.codebook':
        this.codebookOpen = true
        break
      case 'archive.tools':
        this.archiveToolsOpen = true
        break
      case 'team.share':
      case 'team.join':
      case 'team.status':
        this.team.dialog = id.slice(5) as 'share' | 'join' | 'status'
        break
      case 'help.shortcuts':
        this.shortcutsOpen = true
        break
      case 'help.about':
        this.aboutOpen = true
        break
      case 'archive.new':
      case 'archive.open':
        break
    }
  }
}

export const app = new AppState()
