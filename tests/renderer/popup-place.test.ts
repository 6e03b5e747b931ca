// The tag popup stays inside its pane, next to the part of the passage that is in view.

import { expect, it } from 'vitest'
import { placePopup } from '../../src/renderer/src/lib/popup-place'

const area = { left: 220, top: 100, right: 740, bottom: 700 }
const size = { width: 372, height: 90 }
const inside = (p: { x: number; y: number }): boolean =>
  p.x >= area.left &&
  p.x + size.width <= area.right &&
  p.y >= area.top &&
  p.y + size.height <= area.bottom

it('goes under the last line of the passage, inside the pane', () => {
  const p = placePopup([{ left: 240, top: 300, right: 300, bottom: 320 }], area, size)
  expect(inside(p)).toBe(true)
  expect(p.y).toBeGreaterThan(320)
  // Near the pane's left edge it does not spill over the sidebar.
  expect(p.x).toBeGreaterThanOrEqual(area.left)
})

it('goes above the passage when there is no room below', () => {
  const p = placePopup([{ left: 400, top: 650, right: 500, bottom: 670 }], area, size)
  expect(inside(p)).toBe(true)
  expect(p.y + size.height).toBeLessThanOrEqual(650)
})

it('follows the visible end of a selection whose end is scrolled away', () => {
  const rects = [
    { left: 250, top: 500, right: 700, bottom: 520 },
    { left: 250, top: 520, right: 700, bottom: 540 },
    { left: 250, top: 900, right: 400, bottom: 920 }
  ]
  const p = placePopup(rects, area, size)
  expect(inside(p)).toBe(true)
  expect(p.y).toBeGreaterThan(540)
})

it('waits at the pane edge a passage left by, never over the toolbar', () => {
  const above = placePopup([{ left: 300, top: -400, right: 400, bottom: -380 }], area, size)
  expect(inside(above)).toBe(true)
  expect(above.y).toBeLessThan(area.top + 20)
  const below = placePopup([{ left: 300, top: 1400, right: 400, bottom: 1420 }], area, size)
  expect(inside(below)).toBe(true)
  expect(below.y + size.height).toBeGreaterThan(area.bottom - 20)
})
