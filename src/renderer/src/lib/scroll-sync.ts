// Keeping panes level: proportional sync-scroll, or linked scrolling that keeps linked passages at the same height.

import type { Annotation, Link } from '../../../shared/model'
import { paneViews } from './pane-views'

export interface SyncPane {
  id: number
  annotations: readonly Annotation[]
}

/** Scrolls `other` to the same relative position as `driver`. */
export function syncProportional(driver: HTMLElement, other: HTMLElement): void {
  const max = driver.scrollHeight - driver.clientHeight
  const ratio = max > 0 ? driver.scrollTop / max : 0
  other.scrollTop = ratio * (other.scrollHeight - other.clientHeight)
}

/**
 * Scrolls `other` so the passages linked to those of `driver` sit at the same height: between the
 * two linked pairs around the driver's middle, the other pane moves in proportion. Returns whether
 * any linked pair was visible to steer by.
 */
export function syncLinked(driver: SyncPane, other: SyncPane, links: readonly Link[]): boolean {
  const dv = paneViews.get(driver.id)
  const ov = paneViews.get(other.id)
  if (!dv || !ov) return false
  const mine = new Map(driver.annotations.map((a) => [a.id, a]))
  const theirs = new Map(other.annotations.map((a) => [a.id, a]))
  const pairs: { y: number; content: number }[] = []
  for (const l of links) {
    const a = mine.get(l.from) ?? mine.get(l.to)
    const b = theirs.get(l.from === a?.id ? l.to : l.from)
    if (!a || !b || a.status !== 'anchored' || b.status !== 'anchored') continue
    const y = dv.yOf(a)
    const yb = ov.yOf(b)
    if (y === null || yb === null) continue
    pairs.push({ y, content: yb + ov.scroller.scrollTop })
  }
  if (pairs.length === 0) return false
  pairs.sort((p, q) => p.y - q.y)
  const middle = dv.scroller.clientHeight / 2
  const above = [...pairs].reverse().find((p) => p.y <= middle)
  const below = pairs.find((p) => p.y > middle)
  if (above && below && below.y > above.y) {
    const t = (middle - above.y) / (below.y - above.y)
    ov.scroller.scrollTop = above.content + t * (below.content - above.content) - middle
  } else {
    const p = above ?? below
    if (p) ov.scroller.scrollTop = p.content - p.y
  }
  return true
}
