// Messages for the user: short notices that fade, errors that stay until dismissed.

export interface Notice {
  id: number
  kind: 'info' | 'error'
  text: string
  /** Lines of detail (e.g. one per file that failed to import). */
  details: string[]
  action?: { label: string; run: () => void }
}

/** How long an informational notice stays (errors stay until dismissed). */
const INFO_MS = 6000

export class Notices {
  list = $state<Notice[]>([])
  private next = 1
  private readonly timers = new Map<
    number,
    { ms: number; timer: ReturnType<typeof setTimeout> | undefined }
  >()

  info(
    text: string,
    options: { details?: string[]; action?: Notice['action']; ms?: number } = {}
  ): void {
    const id = this.push({
      kind: 'info',
      text,
      details: options.details ?? [],
      action: options.action
    })
    this.timers.set(id, { ms: options.ms ?? INFO_MS, timer: undefined })
    this.resume(id)
  }

  /** Holds an informational notice while the pointer or focus is on it (to read it, or press Undo). */
  hold(id: number): void {
    const t = this.timers.get(id)
    if (t) clearTimeout(t.timer)
  }

  resume(id: number): void {
    const t = this.timers.get(id)
    if (!t) return
    clearTimeout(t.timer)
    t.timer = setTimeout(() => this.dismiss(id), t.ms)
  }

  error(text: string, details: string[] = []): void {
    this.push({ kind: 'error', text, details })
  }

  dismiss(id: number): void {
    clearTimeout(this.timers.get(id)?.timer)
    this.timers.delete(id)
    this.list = this.list.filter((n) => n.id !== id)
  }

  /**
   * Shows a notice, at most five at a time. An error already on screen with the same words is
   * moved to the end rather than shown twice (a stopped server fails every call the same way).
   */
  private push(notice: Omit<Notice, 'id'>): number {
    const same = this.list.find(
      (n) =>
        n.kind === 'error' &&
        notice.kind === 'error' &&
        n.text === notice.text &&
        n.details.join('\n') === notice.details.join('\n')
    )
    const others = same ? this.list.filter((n) => n !== same) : this.list
    const id = same ? same.id : this.next++
    const kept = others.slice(-4)
    for (const n of others) if (!kept.includes(n)) this.timers.delete(n.id)
    this.list = [...kept, { ...notice, id }]
    return id
  }
}
