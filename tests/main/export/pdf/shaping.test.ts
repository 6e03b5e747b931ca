// Words are shaped once per process, figures from their characters: the PDF is the same either way.

import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as fontkit from 'fontkit'
import { describe, expect, it } from 'vitest'
import { composer, loadFonts } from '../../../../src/main/export/pdf/fonts'
import { renderHandout } from '../../../../src/main/export/pdf/render'
import type { HandoutInput } from '../../../../src/main/export/pdf/types'
import { FONTS_DIR, multiScriptHandout, seedHandout } from './fixtures'
import { tempDir } from './tools'

const dir = tempDir()

/**
 * The PDF with its streams uncompressed (qpdf --qdf), without what differs between any two
 * exports: the creation and modification dates and the file identifier.
 */
async function exported(input: HandoutInput, name: string): Promise<string> {
  const { pdf } = await renderHandout(input, { fontsDir: FONTS_DIR })
  const raw = join(dir, `${name}.pdf`)
  const qdf = join(dir, `${name}.qdf.pdf`)
  writeFileSync(raw, pdf)
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', raw, qdf])
  return readFileSync(qdf, 'latin1')
    .split('\n')
    .filter((line) => !/^\(D:\d{14}Z\)$|<xmp:\w*Date>|^\s*\/ID \[/.test(line))
    .join('\n')
}

describe('shaping cache', () => {
  const cases: [string, () => HandoutInput][] = [
    ['full', () => seedHandout('full')],
    ['excerpts', () => seedHandout('excerpts')],
    ['parallel', () => seedHandout('parallel')],
    ['many scripts', multiScriptHandout]
  ]
  for (const [name, input] of cases) {
    it(`a ${name} handout exported again, from words already shaped, is the same PDF`, async () => {
      const first = await exported(input(), `${name}-1`)
      // Text was drawn, and is drawn the same each time: a broken cache would move or drop glyphs.
      expect(first).toMatch(/\] TJ/)
      for (const n of [2, 3]) expect(await exported(input(), `${name}-${n}`)).toBe(first)
    })
  }
})

/** Glyph ids and positions of a shaped string, for comparing two ways of shaping it. */
function glyphsOf(run: { glyphs: fontkit.Glyph[]; positions: fontkit.GlyphPosition[] }): string[] {
  return run.glyphs.map((g, i) => {
    const p = run.positions[i]
    return `${g.id}@${p.xAdvance},${p.yAdvance},${p.xOffset},${p.yOffset}`
  })
}

describe('figures put together from their characters', () => {
  it('give every font the shapes fontkit gives the whole string', async () => {
    const fonts = await loadFonts(FONTS_DIR)
    const numbers: string[] = []
    for (let n = 0; n <= 2500; n += 7) {
      numbers.push(`¶${n} `, `(${n})`, `[${n}]`, `${n}: `, `${n}. `, `${n},000 `, `${n};`)
    }
    for (const font of fonts) {
      for (const text of numbers) {
        expect(glyphsOf(font.shaper.layout(text)), `${font.key} ${text}`).toEqual(
          glyphsOf(font.face.layout(text))
        )
      }
    }
  })

  it('are refused where a pair kerns or joins, so fontkit shapes that string', async () => {
    const [serif] = await loadFonts(FONTS_DIR)
    const letters = composer(serif.face, /^[A-Za-z]+$/)
    // Noto Serif kerns "AV" and "To", and joins "fi" into one glyph.
    for (const kerned of ['AVA', 'To', 'fit']) {
      expect(glyphsOf(serif.face.layout(kerned))).not.toEqual(
        glyphsOf({
          glyphs: [...kerned].flatMap((c) => serif.face.layout(c).glyphs),
          positions: [...kerned].flatMap((c) => serif.face.layout(c).positions)
        })
      )
      expect(letters.compose(kerned), kerned).toBeNull()
    }
    const plain = letters.compose('mum')
    expect(plain).not.toBeNull()
    expect(glyphsOf(plain!)).toEqual(glyphsOf(serif.face.layout('mum')))
    // Outside the alphabet: never composed.
    expect(letters.compose('m1m')).toBeNull()
  })
})
