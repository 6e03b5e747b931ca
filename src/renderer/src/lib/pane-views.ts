// A registry of the rendered panes, so linked scrolling and link following can measure and move them.

import type { TextPosition } from '../../../shared/model'

export interface PaneView {
  scroller: HTMLElement
  /** Viewport y (relative to the scroller's top) of a span, if rendered; null otherwise. */
  yOf(span: TextPosition): number | null
  /** Scrolls so the span's top sits `y` pixels below the scroller's top (rendering it first). */
  alignTo(span: TextPosition, y: number): Promise<void>
}

export const paneViews = new Map<number, PaneView>()
