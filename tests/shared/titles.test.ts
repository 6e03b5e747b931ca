// Default handout titles fit the archive's limit; short titles cut at words.

import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/shared/limits'
import { defaultHandoutTitle, shortTitle } from '../../src/shared/titles'

describe('defaultHandoutTitle', () => {
  it('joins a few titles as they are', () => {
    expect(defaultHandoutTitle(['News report', 'Bataille de Bakou'])).toBe(
      'News report / Bataille de Bakou'
    )
  })

  it('names the first titles and how many more when all would not fit', () => {
    const titles = Array.from({ length: 40 }, (_, i) => `Letter ${i + 1} from the Baku front, 1918`)
    const title = defaultHandoutTitle(titles)
    expect(title.length).toBeLessThanOrEqual(LIMITS.handoutTitle)
    expect(title).toMatch(/^Letter 1 from the Baku front, 1918 \/ Letter 2 /)
    const shown = title.split(' / ').length
    expect(title).toMatch(new RegExp(` and ${40 - shown} more$`))
  })

  it('shortens a single title that is longer than the limit', () => {
    const title = defaultHandoutTitle(['word '.repeat(200), 'Second'])
    expect(title.length).toBeLessThanOrEqual(LIMITS.handoutTitle)
    expect(title).toMatch(/… and 1 more$/)
  })

  it('has a title for a handout without sources', () => {
    expect(defaultHandoutTitle([])).toBe('Untitled handout')
  })
})

describe('shortTitle', () => {
  it('keeps short titles and cuts long ones at a word with an ellipsis', () => {
    expect(shortTitle('Bataille de Bakou')).toBe('Bataille de Bakou')
    const s = shortTitle('Commemoration of the 107th anniversary of the liberation of Baku', 30)
    expect(s.length).toBeLessThanOrEqual(30)
    expect(s).toBe('Commemoration of the 107th…')
  })
})
