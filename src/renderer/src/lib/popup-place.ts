// Where the tag popup goes: beside the visible end of its passage, inside the pane's text area, never over the sidebar.

export interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

const GAP = 8

/**
 * The popup's top-left corner for a passage drawn as `rects` (client rectangles, in text order)
 * inside the visible `area` of its pane. It sits under the last line of the passage that is in
 * view (above it when there is no room below); a passage scrolled out of view puts it at the edge
 * it went out by. It always stays inside `area`.
 */
export function placePopup(
  rects: readonly Box[],
  area: Box,
  size: { width: number; height: number }
): { x: number; y: number } {
  const visible = rects.filter(
    (r) => r.bottom > area.top && r.top < area.bottom && r.right > area.left && r.left < area.right
  )
  const clampX = (x: number): number =>
    Math.max(area.left + GAP, Math.min(x, area.right - size.width - GAP))
  const clampY = (y: number): number =>
    Math.max(area.top + GAP, Math.min(y, area.bottom - size.height - GAP))
  if (visible.length === 0) {
    // Out of view: at the edge nearest the passage.
    const below = rects.length > 0 && rects[0].top >= area.bottom
    const x = rects.length > 0 ? rects[rects.length - 1].right - size.width / 2 : area.left
    return { x: clampX(x), y: below ? clampY(area.bottom) : clampY(area.top) }
  }
  const last = visible[visible.length - 1]
  const x = clampX(Math.min(last.right, area.right) - size.width / 2)
  const under = Math.min(last.bottom, area.bottom) + GAP
  if (under + size.height <= area.bottom - GAP) return { x, y: under }
  // No room below: just above that last visible line, still beside the end the user sees.
  return { x, y: clampY(Math.max(last.top, area.top) - GAP - size.height) }
}
