// The shipped fonts: loading from resources/fonts, per-character fallback chains, measuring, missing glyphs.

import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import * as fontkit from 'fontkit'
import { ArchiveError } from '../../../shared/errors'
import type { FontRole } from './model'

/** Font keys (as registered with pdfkit) and their files in the fonts folder. */
export const FONT_FILES: Readonly<Record<string, string>> = {
  serif: 'NotoSerif-Regular.ttf',
  'serif-italic': 'NotoSerif-Italic.ttf',
  'serif-bold': 'NotoSerif-Bold.ttf',
  sans: 'NotoSans-Regular.ttf',
  'sans-bold': 'NotoSans-Bold.ttf',
  naskh: 'NotoNaskhArabic-Regular.ttf',
  'naskh-bold': 'NotoNaskhArabic-Bold.ttf',
  dejavu: 'DejaVuSans.ttf',
  'dejavu-bold': 'DejaVuSans-Bold.ttf',
  'dejavu-oblique': 'DejaVuSans-Oblique.ttf'
}

// Noto for Latin/Greek/Cyrillic first, Naskh for Arabic, DejaVu for Armenian, Georgian, Hebrew, symbols.
const CHAINS: Readonly<Record<FontRole, readonly string[]>> = {
  serif: ['serif', 'naskh', 'dejavu'],
  serifItalic: ['serif-italic', 'naskh', 'dejavu-oblique', 'dejavu'],
  serifBold: ['serif-bold', 'naskh-bold', 'dejavu-bold', 'dejavu'],
  sans: ['sans', 'naskh', 'dejavu'],
  sansBold: ['sans-bold', 'naskh-bold', 'dejavu-bold', 'dejavu']
}

/** The character printed for one that no shipped font has (and reported). */
export const REPLACEMENT = '\uFFFD'

interface LoadedFont {
  key: string
  buffer: Buffer
  face: fontkit.Font
  /** The same font for pdfkit, with shaping results kept across documents (see shapingCache). */
  shaper: fontkit.Font
}

/** Words kept per font before its shaping cache starts over: this bounds the memory it takes. */
const SHAPES_KEPT = 20_000

interface Shape {
  glyphs: fontkit.Glyph[]
  positions: fontkit.GlyphPosition[]
}

function copyPositions(positions: readonly fontkit.GlyphPosition[]): fontkit.GlyphPosition[] {
  return positions.map((p) => ({
    xAdvance: p.xAdvance,
    yAdvance: p.yAdvance,
    xOffset: p.xOffset,
    yOffset: p.yOffset
  })) as fontkit.GlyphPosition[]
}

/** Every font's shaped words and composed figures, to forget them together. */
const shapeCaches: { clear(): void }[] = []

/** Forgets every shaped word (the next export shapes its words again): for the PDF benchmark. */
export function forgetShapes(): void {
  for (const shapes of shapeCaches) shapes.clear()
}

/**
 * A shaped string as pdfkit reads one: glyphs, positions it may scale, and their total advance.
 * pdfkit scales the positions as soon as it gets the run and reads the advance of every word of
 * every string it measures or draws, from its per-document cache: the sum is taken once, at the
 * first read, which comes after the scaling.
 */
class ShapedRun {
  private width: number | undefined

  constructor(
    readonly glyphs: fontkit.Glyph[],
    readonly positions: fontkit.GlyphPosition[]
  ) {}

  get advanceWidth(): number {
    if (this.width === undefined) {
      let width = 0
      for (const p of this.positions) width += p.xAdvance
      this.width = width
    }
    return this.width
  }
}

/**
 * Strings of these characters (figures and the punctuation around numbers: "¶12 ", "(3)", "1,000")
 * may be put together from their characters' shapes. A handout has thousands of numbers that occur
 * once (paragraph labels, note marks), and shaping each costs as much as shaping a word.
 */
const COMPOSABLE = /^[0-9 ()[\].,:;¶]+$/

/** fontkit's shaping of `text`, with positions of our own. */
function shapeWith(face: fontkit.Font, text: string, features?: unknown): Shape {
  const run = face.layout(text, features as string[] | undefined)
  return { glyphs: run.glyphs, positions: copyPositions(run.positions) }
}

function sameShape(a: Shape, b: Shape): boolean {
  if (a.glyphs.length !== b.glyphs.length) return false
  for (let i = 0; i < a.glyphs.length; i++) {
    const p = a.positions[i]
    const q = b.positions[i]
    if (
      a.glyphs[i].id !== b.glyphs[i].id ||
      p.xAdvance !== q.xAdvance ||
      p.yAdvance !== q.yAdvance ||
      p.xOffset !== q.xOffset ||
      p.yOffset !== q.yOffset
    ) {
      return false
    }
  }
  return true
}

function joinShapes(parts: Shape[]): Shape {
  const glyphs: fontkit.Glyph[] = []
  const positions: fontkit.GlyphPosition[] = []
  for (const part of parts) {
    for (const glyph of part.glyphs) glyphs.push(glyph)
    for (const position of part.positions) positions.push(position)
  }
  return { glyphs, positions }
}

/**
 * Shapes figures and their punctuation character by character where the font allows it: each
 * neighbouring pair is checked once per font (its shape must equal its two characters' shapes side
 * by side: no kerning, ligature or contextual form between them); a string with any pair that
 * fails, or with a character outside `alphabet`, is left to fontkit: compose returns null.
 */
export function composer(
  face: fontkit.Font,
  alphabet: RegExp = COMPOSABLE
): {
  compose: (text: string) => Shape | null
  clear: () => void
} {
  const singles = new Map<string, Shape>()
  const pairs = new Map<string, boolean>()
  const single = (char: string): Shape => {
    let shape = singles.get(char)
    if (!shape) singles.set(char, (shape = shapeWith(face, char)))
    return shape
  }
  const independent = (a: string, b: string): boolean => {
    let ok = pairs.get(a + b)
    if (ok === undefined) {
      ok = sameShape(shapeWith(face, a + b), joinShapes([single(a), single(b)]))
      pairs.set(a + b, ok)
    }
    return ok
  }
  return {
    compose(text) {
      if (!alphabet.test(text)) return null
      const parts: Shape[] = [single(text[0])]
      for (let i = 1; i < text.length; i++) {
        if (!independent(text[i - 1], text[i])) return null
        parts.push(single(text[i]))
      }
      return joinShapes(parts)
    },
    clear() {
      singles.clear()
      pairs.clear()
    }
  }
}

/**
 * The font with its shaping (fontkit's layout) remembered across documents. pdfkit keeps a word
 * cache per document only, so every export, and every preview the composer redraws, would shape
 * the same words again: with this, a word is shaped once per process and font, and a number is put
 * together from its figures (composer). pdfkit scales the positions it is given in place, so each
 * call gets its own copy. Everything else is the font's own.
 */
function shapingCache(face: fontkit.Font): fontkit.Font {
  const shapes = new Map<string, Shape>()
  const numbers = composer(face)
  shapeCaches.push(shapes, numbers)
  const layout = (text: string, features?: unknown, ...rest: unknown[]): unknown => {
    // pdfkit passes a string and its features only; anything more is not ours to remember.
    if (rest.length > 0) {
      return (face.layout as (...args: unknown[]) => unknown)(text, features, ...rest)
    }
    const key = features === undefined ? text : `${JSON.stringify(features)}\u0000${text}`
    let shape = shapes.get(key)
    if (!shape) {
      if (shapes.size >= SHAPES_KEPT) shapes.clear()
      shape =
        (features === undefined ? numbers.compose(text) : null) ?? shapeWith(face, text, features)
      shapes.set(key, shape)
    }
    // Always our own run of plain positions, a fresh copy (pdfkit scales them in place); pdfkit
    // also sums these faster than fontkit's own position objects.
    return new ShapedRun(shape.glyphs, copyPositions(shape.positions))
  }
  return new Proxy(face, {
    get(target, property) {
      if (property === 'layout') return layout
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
}

// Fonts are read and parsed once per process: a handout export should not re-read 5 MB each time.
const cache = new Map<string, Promise<LoadedFont>>()

async function loadOne(dir: string, key: string, file: string): Promise<LoadedFont> {
  const path = resolve(join(dir, file))
  let pending = cache.get(path)
  if (!pending) {
    pending = readFile(path).then(
      (buffer) => {
        const face = fontkit.create(buffer)
        return { key, buffer, face, shaper: shapingCache(face) }
      },
      (error: NodeJS.ErrnoException) => {
        cache.delete(path)
        throw new ArchiveError('IO', `Font file ${path} cannot be read (${error.code ?? error}).`, {
          path
        })
      }
    )
    cache.set(path, pending)
  }
  return pending
}

/** Reads every shipped font of `fontsDir`; fails with IO naming the missing file. */
export async function loadFonts(fontsDir: string): Promise<LoadedFont[]> {
  return Promise.all(Object.entries(FONT_FILES).map(([key, file]) => loadOne(fontsDir, key, file)))
}

const LATIN = /^[\n\x20-\x7E\u00A0-\u00AC\u00AE-\u024F\u2013\u2014\u2018-\u201E\u2026]*$/
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/
const MARK = /^\p{M}$/u

/** The fonts of one document: registers them with pdfkit, picks a font per character, measures. */
export class FontBook {
  private readonly faces = new Map<string, fontkit.Font>()
  private readonly byRole = new Map<FontRole, Map<number, string | null>>()
  private readonly widths = new Map<string, Map<string, number>>()
  private readonly missing = new Map<string, number>()
  private readonly known = new Map<number, boolean>()
  private readonly metricsCache = new Map<string, { ascent: number; descent: number }>()
  private lastKey = ''
  private lastSize = 0
  private lastTable: Map<string, number> | null = null

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    fonts: LoadedFont[]
  ) {
    for (const font of fonts) {
      this.faces.set(font.key, font.face)
      // pdfkit takes an opened fontkit font as well as bytes (PDFFontFactory.open): sharing the
      // parsed font, and its shaped words, across exports saves redoing both for every handout.
      doc.registerFont(font.key, font.shaper as unknown as Buffer)
    }
  }

  /** The font key for `cp` in `role`; a combining mark stays in the previous font when it can. */
  fontFor(role: FontRole, cp: number, char: string, previous: string | null): string | null {
    if (previous && isCombining(cp, char) && this.faces.get(previous)?.hasGlyphForCodePoint(cp)) {
      return previous
    }
    let table = this.byRole.get(role)
    if (!table) this.byRole.set(role, (table = new Map()))
    let key = table.get(cp)
    if (key === undefined) {
      key = CHAINS[role].find((k) => this.faces.get(k)!.hasGlyphForCodePoint(cp)) ?? null
      if (key === null) key = [...this.faces.keys()].find((k) => this.has(k, cp)) ?? null
      table.set(cp, key)
    }
    return key
  }

  private has(key: string, cp: number): boolean {
    return this.faces.get(key)!.hasGlyphForCodePoint(cp)
  }

  /** True when some shipped font can draw `cp`. */
  canDraw(cp: number): boolean {
    let ok = this.known.get(cp)
    if (ok === undefined) {
      ok = [...this.faces.values()].some((f) => f.hasGlyphForCodePoint(cp))
      this.known.set(cp, ok)
    }
    return ok
  }

  /**
   * Makes text printable: tabs become spaces, controls and soft hyphens go, bidi controls stay
   * for the bidi pass, and characters no font has become U+FFFD and are counted in `missing`.
   */
  clean(text: string): string {
    // Fast path: Latin text without controls, which every body font has, is the common case.
    if (LATIN.test(text)) return text
    let out = ''
    let changed = false
    for (const char of text) {
      const cp = char.codePointAt(0)!
      if (cp === 9) {
        out += ' '
        changed = true
      } else if (cp === 10 || BIDI_CONTROLS.test(char)) {
        out += char
      } else if (cp < 32 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad) {
        changed = true
      } else if (cp >= 0xd800 && cp <= 0xdfff) {
        out += REPLACEMENT
        changed = true
      } else if (this.canDraw(cp)) {
        out += char
      } else {
        this.missing.set(char, (this.missing.get(char) ?? 0) + 1)
        out += REPLACEMENT
        changed = true
      }
    }
    return changed ? out : text
  }

  /** Advance width of `text` in font `key` at `size`, through pdfkit's own measuring. */
  width(key: string, size: number, text: string): number {
    if (key !== this.lastKey || size !== this.lastSize) {
      const id = `${key}\u0001${size}`
      let found = this.widths.get(id)
      if (!found) this.widths.set(id, (found = new Map()))
      this.lastTable = found
      this.lastKey = key
      this.lastSize = size
    }
    const table = this.lastTable!
    let w = table.get(text)
    if (w === undefined) {
      this.doc.font(key, size)
      w = this.doc.widthOfString(text)
      table.set(text, w)
    }
    return w
  }

  /** Ascent and descent (positive) per point of size, from the font's hhea table. */
  metrics(key: string): { ascent: number; descent: number } {
    let m = this.metricsCache.get(key)
    if (!m) {
      const face = this.faces.get(key)!
      m = { ascent: face.ascent / face.unitsPerEm, descent: -face.descent / face.unitsPerEm }
      this.metricsCache.set(key, m)
    }
    return m
  }

  /** The primary font key of a role. */
  primary(role: FontRole): string {
    return CHAINS[role][0]
  }

  /** Characters replaced because no font had them, for the export result. */
  missingGlyphs(): { char: string; codePoint: string; count: number }[] {
    return [...this.missing].map(([char, count]) => ({
      char,
      codePoint: 'U+' + char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'),
      count
    }))
  }
}

/** True for text in Latin letters and common punctuation, which every role's own font has. */
export function isLatin(text: string): boolean {
  return LATIN.test(text)
}

// Marks, joiners and variation selectors belong with the character before them.
function isCombining(cp: number, char: string): boolean {
  return cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || MARK.test(char)
}

/** True for characters the bidi pass consumes and that are never drawn. */
export function isBidiControl(char: string): boolean {
  return BIDI_CONTROLS.test(char)
}
