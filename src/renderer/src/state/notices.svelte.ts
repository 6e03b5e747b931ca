// Messages for the user: short notices that fade, errors that stay until dismissed.

export interface Notice {
  id: number
  kind: 'info' | 'error'
  text: string
  /** Lines of detail (e.g. one per file that failed to import). */
  details: string[]
  action?: { label: string; run: () => void }
}

export class Notices {
  list = $state<Notice[]>([])
  private next = 1

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
    setTimeout(() => this.dismiss(id), options.ms ?? 5000)
  }

  error(text: string, details: string[] = []): void {
    this.push({ kind: 'error', text, details })
  }

  dismiss(id: number): void {
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
    this.list = [...others.slice(-4), { ...notice, id }]
    return id
  }
}
