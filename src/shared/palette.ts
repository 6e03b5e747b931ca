// Tag colours with names: the starter seven, told apart with the common colour-vision deficiencies, then more.

export interface NamedColour {
  name: string
  /** #rrggbb, lower case. */
  hex: string
}

/**
 * The starter codebook's colours, in the order new tags take them. Chosen by simulating
 * protanopia, deuteranopia and tritanopia (Machado 2009) so every pair stays apart as a swatch
 * and as a highlight band (tests/shared/palette.test.ts), and one hue family each for everyone
 * else. The tag's key letter or number stays the second cue.
 */
export const STARTER_PALETTE: readonly NamedColour[] = [
  { name: 'Red', hex: '#cc3311' },
  { name: 'Teal', hex: '#009988' },
  { name: 'Light blue', hex: '#88ccee' },
  { name: 'Orange', hex: '#e69f00' },
  { name: 'Violet', hex: '#7f4fc9' },
  { name: 'Sand', hex: '#ddcc77' },
  { name: 'Charcoal', hex: '#333333' }
]

/** More colours for larger codebooks; past the starter seven, some pairs look alike to some readers. */
export const MORE_COLOURS: readonly NamedColour[] = [
  { name: 'Blue', hex: '#0072b2' },
  { name: 'Green', hex: '#117733' },
  { name: 'Pink', hex: '#cc79a7' },
  { name: 'Wine', hex: '#882255' },
  { name: 'Olive', hex: '#999933' },
  { name: 'Grey', hex: '#8c8c8c' },
  { name: 'Vermilion', hex: '#d55e00' },
  { name: 'Indigo', hex: '#332288' },
  { name: 'Sea green', hex: '#44aa99' }
]

export const PALETTE: readonly NamedColour[] = [...STARTER_PALETTE, ...MORE_COLOURS]

/** A colour's name when it is one of the palette's, else its hex code. */
export function colourName(hex: string): string {
  const h = hex.toLowerCase()
  return PALETTE.find((c) => c.hex === h)?.name ?? h
}

/** Black or white, whichever reads better on `hex` (for a tag's key drawn on its colour). */
export function inkOn(hex: string): '#000000' | '#ffffff' {
  const channel = (i: number): number => {
    const v = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
  // The luminance where black and white have the same contrast ratio.
  return luminance > 0.179 ? '#000000' : '#ffffff'
}
