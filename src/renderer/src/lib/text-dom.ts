// Between DOM positions in a rendered source and offsets in its text: segments carry their start in data-s.

import type { TextPosition } from '../../../shared/model'
import type { RunView } from './runs'

function segmentOf(node: Node | null): HTMLElement | null {
  const el = node instanceof HTMLElement ? node : (node?.parentElement ?? null)
  return el?.closest<HTMLElement>('[data-s]') ?? null
}

function firstOffset(node: Node): number | null {
  if (node instanceof HTMLElement) {
    const seg = node.matches('[data-s]') ? node : node.querySelector<HTMLElement>('[data-s]')
    if (seg) return Number(seg.dataset.s)
    const para = node.matches('[data-start]')
      ? node
      : node.querySelector<HTMLElement>('[data-start]')
    if (para) return Number(para.dataset.start)
  }
  const seg = segmentOf(node)
  return seg ? Number(seg.dataset.s) : null
}

function lastOffset(node: Node): number | null {
  if (node instanceof HTMLElement) {
    const segs = node.matches('[data-s]') ? [node] : node.querySelectorAll<HTMLElement>('[data-s]')
    const seg = segs[segs.length - 1]
    if (seg) return Number(seg.dataset.s) + (seg.textContent?.length ?? 0)
  }
  const seg = segmentOf(node)
  return seg ? Number(seg.dataset.s) + (seg.textContent?.length ?? 0) : null
}

/** The text offset of a DOM boundary point inside a rendered text, or null if it is not in one. */
export function boundaryOffset(node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = segmentOf(node)
    if (!seg || seg.closest('[data-nontext]')) return seg ? Number(seg.dataset.s) : null
    return Number(seg.dataset.s) + offset
  }
  if (offset < node.childNodes.length) {
    for (let i = offset; i < node.childNodes.length; i++) {
      const found = firstOffset(node.childNodes[i])
      if (found !== null) return found
    }
  }
  for (let i = Math.min(offset, node.childNodes.length) - 1; i >= 0; i--) {
    const found = lastOffset(node.childNodes[i])
    if (found !== null) return found
  }
  return firstOffset(node)
}

/** The span of the current selection if it lies within `root`; 'outside' if it crosses out of it. */
export function selectionSpan(root: HTMLElement): TextPosition | 'outside' | null {
  const sel = window.getSelection()
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null
  const range = sel.getRangeAt(0)
  const inStart = root.contains(range.startContainer)
  const inEnd = root.contains(range.endContainer)
  if (!inStart && !inEnd) return null
  if (!inStart || !inEnd) return 'outside'
  const start = boundaryOffset(range.startContainer, range.startOffset)
  const end = boundaryOffset(range.endContainer, range.endOffset)
  if (start === null || end === null || end <= start) return null
  return { start, end }
}

/** Where a text offset is in the DOM: the text node of the last segment starting at or before it. */
function domPoint(segs: NodeListOf<HTMLElement>, offset: number): [Node, number] | null {
  let lo = 0
  let hi = segs.length - 1
  let hit: HTMLElement | null = null
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (Number(segs[mid].dataset.s) <= offset) {
      hit = segs[mid]
      lo = mid + 1
    } else hi = mid - 1
  }
  const text = hit?.firstChild
  if (!hit || !text) return null
  // Offsets between paragraphs (the blank lines are not rendered) clamp to the segment's end.
  return [text, Math.min(offset - Number(hit.dataset.s), text.textContent?.length ?? 0)]
}

/** A DOM range for a text span, if the paragraphs holding it are rendered. */
export function rangeFor(root: HTMLElement, span: TextPosition): Range | null {
  const segs = root.querySelectorAll<HTMLElement>('[data-s]')
  const a = domPoint(segs, span.start)
  const b = domPoint(segs, span.end)
  if (!a || !b) return null
  const range = document.createRange()
  range.setStart(a[0], a[1])
  range.setEnd(b[0], b[1])
  return range
}

/**
 * Draws a paragraph: replaces the element's children with its runs' elements. Every run is a
 * span carrying its start offset in `data-s` (what the functions above map through), a highlighted
 * run has class `hl`, a marked one is a `mark`, and each link marker is a button with `data-link`.
 * Text goes in as text, never as markup. Returns each highlighted run's element with its
 * annotations' ids.
 *
 * Plain elements rather than a template's: a highlighted run in a template carries a dozen
 * bindings, and with tens of thousands of annotations making those cost the page more than
 * drawing the text (bench/reader.bench.ts; BENCHMARKS.md, 2026-12-07).
 */
export function drawRuns(para: HTMLElement, views: readonly RunView[]): Map<Element, string[]> {
  const doc = para.ownerDocument
  const highlighted = new Map<Element, string[]>()
  const frag = doc.createDocumentFragment()
  for (const v of views) {
    let el: HTMLElement
    if (v.ids.length > 0) {
      el = doc.createElement('span')
      el.className = 'hl'
      el.style.setProperty('--tint', v.tint)
      if (v.bands) el.style.boxShadow = v.bands
      if (v.outline !== null) {
        el.classList.add('outlined')
        el.style.setProperty('--member-outline', v.outline)
      }
      el.dataset.author = v.author
      el.title = v.title
      el.setAttribute('role', 'presentation')
      highlighted.set(el, v.ids)
    } else el = doc.createElement(v.mark || v.current ? 'mark' : 'span')
    if (v.mark) el.classList.add('find')
    if (v.current) el.classList.add('current')
    el.dataset.s = String(v.start)
    el.textContent = v.text
    frag.append(el)
    for (const link of v.links) {
      const button = doc.createElement('button')
      button.className = 'link-mark'
      button.dataset.nontext = ''
      button.dataset.link = link.id
      button.setAttribute('aria-label', link.label)
      button.title = 'Follow the link'
      button.textContent = '◆'
      frag.append(button)
    }
  }
  para.replaceChildren(frag)
  return highlighted
}
