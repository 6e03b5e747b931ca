// Words are shaped once per process: a handout exported again, from remembered shapes, is the same PDF.

import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
