// The starter codebook's colours stay apart for readers with protanopia, deuteranopia and tritanopia.

import {
  differenceCiede2000,
  filterDeficiencyDeuter,
  filterDeficiencyProt,
  filterDeficiencyTrit,
  interpolate,
  parse,
  type Color
} from 'culori'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { STARTER_PALETTE, colourName, inkOn } from '../../src/shared/palette'
import { RESOURCES } from '../helpers/archive'

const deltaE = differenceCiede2000()
/** Normal vision and the Machado (2009) simulations of the three dichromacies, at full severity. */
const VISIONS: [string, (c: Color) => Color][] = [
  ['normal', (c) => c],
  ['protanopia', filterDeficiencyProt(1)],
  ['deuteranopia', filterDeficiencyDeuter(1)],
  ['tritanopia', filterDeficiencyTrit(1)]
]
const PAPER = '#fffefb'
/** A swatch or key badge: the colour itself; a highlight band: the colour at 40 % over the page. */
const SWATCH = 11
const BAND = 7

function band(hex: string): Color {
  return interpolate([PAPER, hex], 'rgb')(0.4)
}

/** The closest two colours of `hexes` under any vision, as a swatch and as a band. */
function closest(hexes: string[]): { swatch: number; band: number; pair: string } {
  let swatch = Infinity
  let bandMin = Infinity
  let pair = ''
  for (let i = 0; i < hexes.length; i++)
    for (let j = i + 1; j < hexes.length; j++)
      for (const [vision, see] of VISIONS) {
        const s = deltaE(see(parse(hexes[i])!), see(parse(hexes[j])!))
        const b = deltaE(see(band(hexes[i])), see(band(hexes[j])))
        if (s < swatch || b < bandMin) pair = `${hexes[i]} / ${hexes[j]} (${vision})`
        swatch = Math.min(swatch, s)
        bandMin = Math.min(bandMin, b)
      }
  return { swatch, band: bandMin, pair }
}

describe('starter colours', () => {
  it('the starter palette keeps every pair apart under each simulated deficiency', () => {
    const c = closest(STARTER_PALETTE.map((p) => p.hex))
    expect(c.swatch, c.pair).toBeGreaterThanOrEqual(SWATCH)
    expect(c.band, c.pair).toBeGreaterThanOrEqual(BAND)
  })

  it('the sample archive’s codebook uses colours that stay apart, each with a key', () => {
    const manifest = JSON.parse(
      readFileSync(join(RESOURCES, 'sample-archive', 'manifest.json'), 'utf8')
    ) as { codebook: { name: string; color: string; key: number }[] }
    const c = closest(manifest.codebook.map((t) => t.color.toLowerCase()))
    expect(c.swatch, c.pair).toBeGreaterThanOrEqual(SWATCH)
    expect(c.band, c.pair).toBeGreaterThanOrEqual(BAND)
    for (const t of manifest.codebook) expect(t.key, t.name).toBeGreaterThan(0)
  })

  it('colours have names, and keys drawn on them are readable', () => {
    expect(colourName('#CC3311')).toBe('Red')
    expect(colourName('#123456')).toBe('#123456')
    expect(inkOn('#88ccee')).toBe('#000000')
    expect(inkOn('#333333')).toBe('#ffffff')
  })
})
