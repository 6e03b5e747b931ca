// Search folding: case, diacritics and look-alike letters folded one UTF-16 unit to one, so offsets survive.

/**
 * Letters that Unicode decomposition does not fold but readers treat as the same letter in search:
 * Turkish/Azerbaijani dotless ı and dotted İ, Azerbaijani schwa, stroked Latin letters, and
 * typographic apostrophes (so "l’armée" and "l'armée" match).
 */
const SPECIAL: Record<string, string> = {
  ı: 'i',
  İ: 'i',
  ə: 'e',
  Ə: 'e',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ħ: 'h',
  Ħ: 'h',
  '\u2019': "'",
  '\u2018': "'",
  '\u02bc': "'"
}

const COMBINING = /^\p{M}+$/u

// 0 means "not computed yet"; folding never produces U+0000 from anything but U+0000 itself.
const table = new Uint16Array(0x10000)

function compute(unit: number): number {
  const ch = String.fromCharCode(unit)
  const special = SPECIAL[ch]
  if (special !== undefined) return special.charCodeAt(0)
  const decomposed = ch.normalize('NFD')
  const base = decomposed.length > 1 && COMBINING.test(decomposed.slice(1)) ? decomposed[0] : ch
  const lower = base.toLowerCase()
  if (lower.length === 1) return lower.charCodeAt(0)
  const plain = ch.toLowerCase()
  return plain.length === 1 ? plain.charCodeAt(0) : unit
}

/** Folds one UTF-16 code unit. Surrogates are returned unchanged. */
export function foldUnit(unit: number): number {
  if (unit < 0x80) return unit >= 65 && unit <= 90 ? unit + 32 : unit
  if (unit >= 0xd800 && unit <= 0xdfff) return unit
  let folded = table[unit]
  if (folded === 0) {
    folded = compute(unit)
    table[unit] = folded
  }
  return folded
}

/** Runs of characters outside ASCII: the only ones foldUnit looks up. */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
const NON_ASCII = /[^\u0000-\u007f]+/g

/**
 * Folds text for search: lower case, diacritics removed, ı/İ→i, ə→e. The result has exactly the
 * same length as the input, so an offset in the folded text is the same offset in the original.
 */
export function fold(text: string): string {
  // ASCII folds to its lower case, which the engine makes natively a stretch at a time; only the
  // runs outside ASCII (none in most English text) go through foldUnit.
  let out = ''
  let at = 0
  let runs = 0
  NON_ASCII.lastIndex = 0
  for (let run = NON_ASCII.exec(text); run; run = NON_ASCII.exec(text)) {
    // Text in another script, or French (accented every few words), is mostly such runs: for the
    // rest of it, unit by unit is faster.
    if (++runs > 16 && runs * 64 > run.index) return out + foldUnits(text, at, text.length)
    if (run.index > at) out += text.slice(at, run.index).toLowerCase()
    out += foldUnits(text, run.index, run.index + run[0].length)
    at = run.index + run[0].length
  }
  return at === 0 ? text.toLowerCase() : out + text.slice(at).toLowerCase()
}

/** fold() unit by unit, of text[start..end). */
function foldUnits(text: string, start: number, end: number): string {
  let out = ''
  let runStart = start
  // Copy unchanged runs in one slice.
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i)
    const folded = foldUnit(unit)
    if (folded !== unit) {
      if (i > runStart) out += text.slice(runStart, i)
      out += String.fromCharCode(folded)
      runStart = i + 1
    }
  }
  return runStart === start ? text.slice(start, end) : out + text.slice(runStart, end)
}
