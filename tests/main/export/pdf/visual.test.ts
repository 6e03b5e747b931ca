// Rendered pages against reviewed reference images (tests/fixtures/pdf), with a small pixel tolerance.
// UPDATE_PDF_REFERENCES=1 rewrites the references; look at them before committing.

import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { renderHandout } from '../../../../src/main/export/pdf'
import type { HandoutInput } from '../../../../src/main/export/pdf'
import { FONTS_DIR, ROOT, seedHandout } from './fixtures'
import { tempDir } from './tools'

const REFERENCES = join(ROOT, 'tests/fixtures/pdf')
const dir = tempDir()

/** An 8-bit grey, RGB or RGBA PNG (pdftoppm writes RGB even with -gray) as grey pixels. */
function readGrayPng(file: string): { width: number; height: number; pixels: Uint8Array } {
  const png = readFileSync(file)
  let offset = 8
  let width = 0
  let height = 0
  let channels = 1
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('ascii', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[data[9]] ?? 0
      if (data[8] !== 8 || !channels || data[12] !== 0) throw new Error(`${file}: unsupported PNG`)
    } else if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const bytes = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]
      const a = x >= channels ? bytes[y * stride + x - channels] : 0
      const b = y > 0 ? bytes[(y - 1) * stride + x] : 0
      const c = x >= channels && y > 0 ? bytes[(y - 1) * stride + x - channels] : 0
      const p = a + b - c
      const pa = Math.abs(p - a)
      const pb = Math.abs(p - b)
      const pc = Math.abs(p - c)
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]
      bytes[y * stride + x] = (value + predictor) & 0xff
    }
  }
  const pixels = new Uint8Array(width * height)
  for (let i = 0; i < pixels.length; i++) {
    let sum = 0
    for (let k = 0; k < Math.min(channels, 3); k++) sum += bytes[i * channels + k]
    pixels[i] = Math.round(sum / Math.min(channels, 3))
  }
  return { width, height, pixels }
}

async function pagePng(name: string, input: HandoutInput, page: number): Promise<string> {
  const pdf = join(dir, `${name}.pdf`)
  writeFileSync(pdf, (await renderHandout(input, { fontsDir: FONTS_DIR })).pdf)
  const prefix = join(dir, `${name}-p${page}`)
  execFileSync('pdftoppm', [
    '-gray',
    '-png',
    '-r',
    '72',
    '-f',
    `${page}`,
    '-l',
    `${page}`,
    '-singlefile',
    pdf,
    prefix
  ])
  return `${prefix}.png`
}

const CASES: [string, () => HandoutInput, number][] = [
  ['full', () => seedHandout('full'), 1],
  ['parallel', () => seedHandout('parallel'), 2],
  ['excerpts', () => seedHandout('excerpts'), 1]
]

describe('reviewed page images', () => {
  it.each(CASES)(
    '%s layout matches its reference within tolerance',
    async (name, input, page) => {
      const actual = await pagePng(name, input(), page)
      const reference = join(REFERENCES, `${name}-page${page}.png`)
      if (process.env.UPDATE_PDF_REFERENCES) {
        copyFileSync(actual, reference)
        return
      }
      expect(existsSync(reference), `${reference} missing: run with UPDATE_PDF_REFERENCES=1`).toBe(
        true
      )
      const a = readGrayPng(actual)
      const b = readGrayPng(reference)
      expect([a.width, a.height]).toEqual([b.width, b.height])
      let differing = 0
      for (let i = 0; i < a.pixels.length; i++)
        if (Math.abs(a.pixels[i] - b.pixels[i]) > 48) differing++
      // Anti-aliasing may move with poppler's version; a shifted line or a lost word does not fit in 0.5 %.
      expect(differing / a.pixels.length).toBeLessThan(0.005)
    },
    30_000
  )

  it('renders the same page the same way twice', async () => {
    const first = readGrayPng(await pagePng('again-1', seedHandout('full'), 2))
    const second = readGrayPng(await pagePng('again-2', seedHandout('full'), 2))
    expect(Buffer.from(first.pixels).equals(Buffer.from(second.pixels))).toBe(true)
  }, 30_000)
})
