// Members as the reader shows them: initials for a chip, and an outline style per member for their highlights.

/** "Ana María Pérez" → "AP"; "ben" → "BE"; at most two letters, uppercase. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean)
  if (words.length === 0) return '?'
  const letters =
    words.length === 1
      ? [...words[0]].slice(0, 2)
      : [[...words[0]][0], [...words[words.length - 1]][0]]
  return letters.join('').toLocaleUpperCase()
}

/**
 * Outline styles told apart without colour (the tag colours stay the tint), one per member in
 * the order given; past four they repeat.
 */
export const OUTLINE_STYLES = ['solid', 'dashed', 'dotted', 'double'] as const

export function outlineStyle(author: string, authors: readonly string[]): string {
  const i = authors.indexOf(author)
  return OUTLINE_STYLES[(i < 0 ? 0 : i) % OUTLINE_STYLES.length]
}
