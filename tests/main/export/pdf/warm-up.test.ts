// The idle warm-up before the first handout: it draws with the shipped fonts, and says so when it cannot.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { warmUpExport } from '../../../../src/main/export/pdf'
import { renderHandout } from '../../../../src/main/export/pdf/render'
import { FONTS_DIR, seedHandout } from './fixtures'
import { pdftotext, tempDir } from './tools'

describe('warm-up', () => {
  it('readies the renderer, and the handout drawn after it is complete', async () => {
    await expect(warmUpExport(FONTS_DIR)).resolves.toBeUndefined()
    const { pdf } = await renderHandout(seedHandout('parallel'), { fontsDir: FONTS_DIR })
    const file = join(tempDir(), 'after-warm-up.pdf')
    writeFileSync(file, pdf)
    const text = pdftotext(file)
    expect(text).toContain('Bataille de Bakou')
    expect(text).toContain('Bolshevik and Armenian gangs')
  })

  it('fails with a clear error when the fonts folder is missing', async () => {
    await expect(warmUpExport(join(tempDir(), 'no-fonts'))).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringMatching(/Font file .* cannot be read/)
    })
  })
})
