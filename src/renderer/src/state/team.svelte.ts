// The team side of the window: how this copy of a team archive stands, and which team dialog is open.

import type { TeamStatus } from '../../../shared/team'
import { api } from '../lib/api'

/** How often the status is read while the copy is a team copy (a local call, no network). */
const POLL_MS = 3000

export class Team {
  /** Null for an archive that is not a copy of a team archive. */
  status = $state<TeamStatus | null>(null)
  dialog = $state<'share' | 'join' | 'status' | null>(null)
  private timer: ReturnType<typeof setInterval> | undefined

  /** The status bar's words for the copy: synced, syncing, offline, or what waits. */
  summary = $derived.by(() => {
    const s = this.status
    if (!s) return ''
    if (s.refused.length) return `${s.refused.length} refused`
    if (s.conflicts.length)
      return `${s.conflicts.length} conflict${s.conflicts.length === 1 ? '' : 's'}`
    if (s.state === 'offline') return s.pending ? `Offline · ${s.pending} waiting` : 'Offline'
    if (s.state === 'syncing') return 'Syncing…'
    return s.pending ? `${s.pending} waiting` : 'Synced'
  })

  warn = $derived(
    !!this.status && (this.status.refused.length > 0 || this.status.state === 'offline')
  )

  async refresh(): Promise<void> {
    this.status = await api.teamStatus()
    if (this.status && !this.timer) this.timer = setInterval(() => void this.poll(), POLL_MS)
    if (!this.status && this.timer) {
      clearInterval(this.timer)
      this.timer = undefined
    }
  }

  private async poll(): Promise<void> {
    try {
      this.status = await api.teamStatus()
    } catch {
      // The archive not answering is reported by the next call the user makes.
    }
  }
}
