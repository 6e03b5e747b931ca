// Markdown nested absurdly deep (quotes, lists, emphasis) is refused with one clear line, quickly, and never overflows the stack.

import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { importMarkdown, markdownNesting } from '../../../../src/main/archive/importers/markdown'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('importMarkdown on hostile nesting', () => {
  const hostile: Record<string, string> = {
    'quotes.md': `${'>'.repeat(100_000)} deep\n`,
    'spaced.md': `${'> '.repeat(100_000)}deep\n`,
    'lists.md': Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n'),
    'stars.md': `${'*'.repeat(100_000)}x${'*'.repeat(100_000)}`
  }
  for (const [name, text] of Object.entries(hostile)) {
    it(`refuses ${name} with one line, not "Maximum call stack size exceeded"`, () => {
      let error: unknown
      try {
        importMarkdown(enc(text), name)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ArchiveError)
      expect((error as ArchiveError).message).toBe(
        `${name}: this Markdown nests quotes, lists or emphasis more than 100 levels deep (real documents stay under 10); it looks built to crash readers and was not imported.`
      )
    })
  }

  it('reads ordinary nesting, rules and emphasis as before', () => {
    const md =
      '# Title\n\n> quote\n> > nested\n\n- a\n  - b\n\n***\n\nSome *emph* and **strong** text.\n'
    expect(markdownNesting(md)).toBeLessThan(10)
    expect(importMarkdown(enc(md), 'n.md').text).toBe(
      'Title\n\nquote\n\nnested\n\n• a • b\n\nSome emph and strong text.'
    )
  })
})
