// Passages: cutting a text for the search index, and the packed form the import workers send back.

import { describe, expect, it } from 'vitest'
import { paragraphSpans } from '../../../src/shared/text/paragraphs'
import {
  MAX_PASSAGE,
  packPassages,
  passagesOf,
  spansOfPassages,
  unpackPassages
} from '../../../src/shared/text/passages'

const words = (n: number, from = 0): string =>
  Array.from({ length: n }, (_, i) => `word${from + i}`).join(' ')
/** A short paragraph, one cut into several passages, and one with no space to cut at. */
const TEXT = `Title line\n\n${words(900)}\n\n  \n\n${'x'.repeat(MAX_PASSAGE * 2 + 5)}\n\nEnd.`

describe('passagesOf', () => {
  it('cuts long paragraphs at a space, no passage over the limit, paragraphs numbered from 1', () => {
    const passages = passagesOf(TEXT)
    expect(passages.every((p) => p.end - p.start <= MAX_PASSAGE)).toBe(true)
    expect([...new Set(passages.map((p) => p.paragraph))]).toEqual([1, 2, 3, 4])
    const second = passages.filter((p) => p.paragraph === 2)
    expect(second.length).toBeGreaterThan(1)
    for (const p of second.slice(0, -1)) expect(TEXT[p.end]).toBe(' ')
    // The pieces of a paragraph meet end to end and cover it.
    expect(passages.map((p) => TEXT.slice(p.start, p.end)).join('')).toBe(
      paragraphSpans(TEXT)
        .map((s) => TEXT.slice(s.start, s.end))
        .join('')
    )
  })
})

describe('packed passages', () => {
  it('come back as they were, and give back the paragraph spans they were cut from', () => {
    const passages = passagesOf(TEXT)
    const packed = packPassages(passages)
    expect(packed).toBeInstanceOf(Int32Array)
    expect(unpackPassages(packed, TEXT.length)).toEqual(passages)
    expect(spansOfPassages(passages)).toEqual(paragraphSpans(TEXT))
    expect(unpackPassages(new Int32Array(0), 0)).toEqual([])
  })

  it('are refused unless they fit the text: wrong type, length, bounds, order or numbering', () => {
    const packed = packPassages(passagesOf(TEXT))
    const changed = (i: number, value: number): Int32Array => {
      const copy = packed.slice()
      copy[i] = value
      return copy
    }
    expect(unpackPassages([...packed], TEXT.length)).toBeNull()
    expect(unpackPassages({ length: 3, 0: 0, 1: 5, 2: 1 }, TEXT.length)).toBeNull()
    expect(unpackPassages(packed.slice(0, 4), TEXT.length)).toBeNull()
    // The text is shorter than the passages reach.
    expect(unpackPassages(packed, TEXT.length - 1)).toBeNull()
    // Empty or backwards passages; a first paragraph not numbered 1; a gap within a paragraph;
    // a paragraph number skipped; an overlap with the passage before.
    expect(unpackPassages(changed(1, packed[0]), TEXT.length)).toBeNull()
    expect(unpackPassages(changed(2, 2), TEXT.length)).toBeNull()
    expect(unpackPassages(changed(6, packed[6] + 1), TEXT.length)).toBeNull()
    expect(unpackPassages(changed(8, 4), TEXT.length)).toBeNull()
    expect(unpackPassages(changed(3, packed[1] - 1), TEXT.length)).toBeNull()
  })
})
