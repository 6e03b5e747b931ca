// The reader: which source is open and which passage to bring into view and mark.

import type { Source, TextPosition } from '../../../shared/model'
import { api } from '../lib/api'

export interface Focus extends TextPosition {
  /** Changes on every request, so asking for the same place twice scrolls again. */
  seq: number
}

export class Reader {
  source = $state<Source | null>(null)
  /** Passages to mark (search matches). */
  marks = $state<TextPosition[]>([])
  focus = $state<Focus | null>(null)
  loading = $state(false)
  private seq = 0

  async open(id: string, focus?: TextPosition, marks: TextPosition[] = []): Promise<void> {
    if (this.source?.id !== id) {
      this.loading = true
      try {
        this.source = await api.getSource(id)
      } finally {
        this.loading = false
      }
    }
    this.marks = marks
    this.focus = focus ? { ...focus, seq: ++this.seq } : null
  }

  /** Reloads the open source (after an edit or undo); closes it if it was deleted. */
  async reload(): Promise<void> {
    if (!this.source) return
    try {
      this.source = await api.getSource(this.source.id)
    } catch {
      this.source = null
      this.marks = []
      this.focus = null
    }
  }
}
