// Every script prints: Latin (Turkish, Azerbaijani), Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic.

import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderHandoutToFile } from '../../../../src/main/export/pdf'
import type { HandoutResult } from '../../../../src/main/export/pdf'
import { FONTS_DIR, WORDS, multiScriptHandout } from './fixtures'
import { normalise, pdffonts, pdftotext, qpdfCheck, tempDir } from './tools'

const file = join(tempDir(), 'scripts.pdf')
let result: HandoutResult

beforeAll(async () => {
  result = await renderHandoutToFile(multiScriptHandout(), file, { fontsDir: FONTS_DIR })
}, 30_000)

describe('multi-script handout', () => {
  it('recovers every word with pdftotext (right-to-left words in logical order)', () => {
    const text = normalise(pdftotext(file))
    for (const [language, word] of Object.entries(WORDS)) expect(text, language).toContain(word)
    // Whole right-to-left phrases come back in logical order too.
    expect(text).toContain('באקו היא')
    expect(text).toContain('باكو هي عاصمة')
  })

  it('sets right-to-left words from right to left, embedded ones between their neighbours', () => {
    // pdftotext -bbox lists words as drawn, letters in visual order: reversed for RTL words.
    const words = [
      ...pdftotext(file, ['-bbox']).matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]+)<\/word>/g)
    ]
    const x = (word: string): number => {
      const hit = words.find((m) => m[2] === word || m[2] === [...word].reverse().join(''))
      expect(hit, word).toBeDefined()
      return Number(hit![1])
    }
    expect(x('באקו')).toBeGreaterThan(x('היא'))
    expect(x('היא')).toBeGreaterThan(x('בירת'))
    expect(x('هي')).toBeGreaterThan(x('عاصمة'))
    expect(x('city')).toBeLessThan(x('fell'))
    const embedded = words.filter((m) => m[2].includes('وكاب')).map((m) => Number(m[1]))
    expect(embedded.some((e) => e > x('city') && e < x('fell'))).toBe(true)
  })

  it('embeds the Arabic and the DejaVu fallback fonts as subsets', () => {
    const names = pdffonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))
    expect(names).toEqual(
      expect.arrayContaining(['NotoSerif-Regular', 'NotoNaskhArabic-Regular', 'DejaVuSans'])
    )
    expect(qpdfCheck(file).status).toBe(0)
  })

  it('reports the characters no font has instead of drawing empty boxes', () => {
    expect(result.missingGlyphs).toEqual([
      { char: '巴', codePoint: 'U+5DF4', count: 1 },
      { char: '库', codePoint: 'U+5E93', count: 1 }
    ])
    // They print as U+FFFD, visibly.
    expect(pdftotext(file)).toContain('Chinese: \uFFFD\uFFFD')
  })
})
