// Titles made from other titles: a source's short title for tight places, a handout's default title from its sources.

import { LIMITS } from './limits'

/** A title cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function shortTitle(title: string, max = 40): string {
  const t = title.trim().replace(/\s+/g, ' ')
  if (t.length <= max) return t
  const cut = t.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  // A word boundary in the second half keeps whole words; a very long first word is cut inside.
  const end = space > max / 2 ? space : max - 1
  return `${cut.slice(0, end).replace(/[\s,;:.–—-]+$/, '')}…`
}

/**
 * A handout's title when none is given: its sources' titles joined, or, when they would not fit
 * the limit on handout titles, the first ones (shortened if need be) and "and N more".
 */
export function defaultHandoutTitle(
  titles: readonly string[],
  max: number = LIMITS.handoutTitle
): string {
  const clean = titles.map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean)
  if (clean.length === 0) return 'Untitled handout'
  const joined = clean.join(' / ')
  if (joined.length <= max) return joined
  const more = (n: number): string => (n > 0 ? ` and ${n} more` : '')
  // As many whole titles as fit beside "and N more"; at least the first, shortened to fit.
  let taken = 1
  while (
    taken < clean.length &&
    clean.slice(0, taken + 1).join(' / ').length + more(clean.length - taken - 1).length <= max
  )
    taken++
  const rest = more(clean.length - taken)
  const head = clean.slice(0, taken).join(' / ')
  return head.length + rest.length <= max ? head + rest : shortTitle(head, max - rest.length) + rest
}
