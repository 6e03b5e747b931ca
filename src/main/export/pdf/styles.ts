// Typographic constants of a handout: text styles, page frames and the tag colour helpers.

import type { Frame } from './flow'
import type { TextStyle } from './model'
import type { HandoutInput } from './types'

export const INK = '#1a1a1a'
export const MUTED = '#555555'
export const RULE = '#9a9a9a'

/** Page sizes in points. */
export const PAGE_SIZES: Readonly<Record<HandoutInput['pageSize'], [number, number]>> = {
  A4: [595.28, 841.89],
  Letter: [612, 792]
}

/** The text styles of a handout; sizes in points. */
export const S = {
  body: { role: 'serif', size: 10.5, color: INK },
  bodyItalic: { role: 'serifItalic', size: 10.5, color: INK },
  bodyBold: { role: 'serifBold', size: 10.5, color: INK },
  column: { role: 'serif', size: 9.5, color: INK },
  note: { role: 'serif', size: 8.5, color: INK },
  noteItalic: { role: 'serifItalic', size: 8.5, color: INK },
  noteBold: { role: 'serifBold', size: 8.5, color: INK },
  title: { role: 'sansBold', size: 19, color: INK },
  subtitle: { role: 'sans', size: 12, color: MUTED },
  byline: { role: 'sans', size: 9.5, color: MUTED },
  h2: { role: 'sansBold', size: 13, color: INK },
  h3: { role: 'sansBold', size: 10.5, color: INK },
  label: { role: 'sans', size: 8, color: MUTED },
  labelBold: { role: 'sansBold', size: 8, color: MUTED },
  relation: { role: 'serifItalic', size: 8.5, color: MUTED }
} satisfies Record<string, TextStyle>

/**
 * The bracketed tag letter before a passage: the passage's own style, so that it is drawn in the
 * same text object (a text object per colour or size change is most of the cost of a page).
 */
export function markerStyle(base: TextStyle, _color: string): TextStyle {
  return base
}

/** A superscript note number for text of style `base`. */
export function superscript(base: TextStyle, color = INK): TextStyle {
  return {
    role: 'sans',
    size: round(base.size * 0.62),
    color: color === 'x' ? INK : INK,
    rise: round(base.size * 0.36)
  }
}

/** The body frame of a page: a generous right margin leaves room for students' notes. */
export function frameFor(input: HandoutInput): Frame {
  const [width, height] = PAGE_SIZES[input.pageSize]
  const parallel = input.layout === 'parallel'
  const left = parallel ? 54 : 78
  const right = parallel ? 54 : 86
  return { left, width: width - left - right, top: 72, bottom: height - 66 }
}

/** The light tint of a tag colour, printed behind text (mixed 72% with white). */
export function tint(hex: string): string {
  return mix(hex, '#ffffff', 0.72)
}

/** The stronger tint behind tag letters (mixed 45% with white): a mid grey in greyscale. */
export function chipTint(hex: string): string {
  return mix(hex, '#ffffff', 0.45)
}

/** A dark shade of a tag colour for letters and underlines (reads as dark grey in greyscale). */
export function shade(hex: string): string {
  return mix(hex, '#000000', 0.35)
}

/** True for a `#rrggbb` colour. */
export function isColor(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value)
}

// Mixed colours by their inputs: every highlight asks for the same few tints.
const mixed = new Map<string, string>()

function mix(a: string, b: string, t: number): string {
  const key = `${a}|${b}|${t}`
  let out = mixed.get(key)
  if (out === undefined) {
    out = mixNew(a, b, t)
    if (mixed.size < 4096) mixed.set(key, out)
  }
  return out
}

function mixNew(a: string, b: string, t: number): string {
  const ca = parse(a)
  const cb = parse(b)
  const out = ca.map((v, i) => Math.round(v + (cb[i] - v) * t))
  return '#' + out.map((v) => v.toString(16).padStart(2, '0')).join('')
}

function parse(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}
