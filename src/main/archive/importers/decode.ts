// Turns the bytes of a text file into a string: BOMs, UTF-8, UTF-16, legacy encodings detected by chardet, binaries refused.

import chardet from 'chardet'
import { ArchiveError } from '../../../shared/errors'

export interface Decoded {
  text: string
  /** WHATWG encoding name the bytes were read as ("utf-8", "windows-1251", …). */
  encoding: string
}

/** Signatures of common binary formats, so the refusal can say what the file is. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a Word, EPUB or OpenDocument file)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old-style Microsoft Office document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF executable)' },
  { bytes: [0x4d, 0x5a], what: 'a Windows program' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'a SQLite database' }
]

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b)
}

/** What a binary file is, if its first bytes say so. */
export function sniffBinary(bytes: Uint8Array): string | null {
  return SIGNATURES.find((s) => startsWith(bytes, s.bytes))?.what ?? null
}

function refuse(name: string, reason: string): ArchiveError {
  return new ArchiveError('UNSUPPORTED_FILE', `${name}: ${reason}`)
}

function decodeWith(bytes: Uint8Array, encoding: string, skip = 0): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(skip))
  } catch {
    return null
  }
}

/** Share of control bytes that never occur in text (NUL and C0 controls other than tab, newlines, form feed, escape). */
function controlShare(bytes: Uint8Array): number {
  let n = 0
  const len = Math.min(bytes.length, 65536)
  for (let i = 0; i < len; i++) {
    const b = bytes[i]
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) n++
  }
  return len === 0 ? 0 : n / len
}

/** UTF-16 without a BOM shows as mostly-zero odd (LE) or even (BE) bytes in Latin text. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null
  const len = Math.min(bytes.length, 4096)
  let evenZero = 0
  let oddZero = 0
  for (let i = 0; i + 1 < len; i += 2) {
    if (bytes[i] === 0) evenZero++
    if (bytes[i + 1] === 0) oddZero++
  }
  const pairs = len / 2
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return 'utf-16le'
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return 'utf-16be'
  return null
}

const LABELS: Record<string, string> = {
  'ISO-8859-1': 'windows-1252',
  'US-ASCII': 'utf-8',
  ASCII: 'utf-8'
}

/** Candidates chardet rates below this (0-100) are not considered at all. */
const MIN_CONFIDENCE = 10
/** Single-byte encodings always tried besides chardet's guesses (Western, Central European, Cyrillic, Turkish). */
const USUAL_ENCODINGS = ['windows-1252', 'windows-1250', 'windows-1251', 'koi8-r', 'windows-1254']
/** A decoding must score at least this (see plausibility) to be used. */
const MIN_PLAUSIBILITY = 0.5

// Letters that are everyday in the languages these encodings serve. A wrong decoding turns them
// into rarer letters (Ý ţ đ þ ŕ …), symbols or C1 controls, or mixes upper and lower case in words.
const COMMON_LETTERS = new Set(
  [
    'éèêëàâäáãåæçïîíìñôöóòõøœùûüúÿß',
    'şğıİ', // Turkish, Azerbaijani
    'ąćęłńśźżčďěňřšťůžőűășțľĺ', // Polish, Czech, Slovak, Hungarian, Romanian
    'абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў', // Cyrillic
    'αβγδεζηθικλμνξοπρστυφχψωάέήίόύώςϊϋ' // Greek
  ]
    .join('')
    .split('')
    .flatMap((c) => [c, c.toUpperCase()])
)
const NEUTRAL = /[\u00a0\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026«»°§€£¢©®№·•–]/

/**
 * How much a decoded text looks like real text, from about -2 to 1: the average over non-ASCII
 * characters of +1 for common letters, -1 for rare letters, -2 for symbols and controls, with a
 * further -2 for each upper-case letter right after a lower-case one inside a word.
 */
export function plausibility(text: string): number {
  let score = 0
  let count = 0
  let previousLower = false
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    const isLetter = /\p{L}/u.test(ch)
    const upper = isLetter && ch !== ch.toLowerCase()
    if (upper && previousLower && code > 0x7f) score -= 2
    previousLower = isLetter && ch !== ch.toUpperCase()
    if (code < 0x80) continue
    count++
    if (COMMON_LETTERS.has(ch)) score += 1
    else if (NEUTRAL.test(ch)) continue
    else score -= isLetter ? 1 : 2
  }
  return count === 0 ? 1 : score / count
}

/** The most plausible single-byte decoding among chardet's guesses and the usual encodings. */
function bestLegacyDecoding(bytes: Uint8Array): Decoded | null {
  const guesses = chardet.analyse(bytes).filter((g) => g.confidence >= MIN_CONFIDENCE)
  const confidence = new Map<string, number>()
  for (const g of guesses) {
    const encoding = LABELS[g.name] ?? g.name.toLowerCase()
    if (encoding !== 'utf-8' && !confidence.has(encoding)) confidence.set(encoding, g.confidence)
  }
  for (const e of USUAL_ENCODINGS) if (!confidence.has(e)) confidence.set(e, 0)
  let best: (Decoded & { score: number; confidence: number }) | null = null
  for (const [encoding, conf] of confidence) {
    const text = decodeWith(bytes, encoding)
    if (text === null) continue
    const score = plausibility(text)
    if (
      !best ||
      score > best.score + 0.05 ||
      (Math.abs(score - best.score) <= 0.05 && conf > best.confidence)
    ) {
      best = { text, encoding, score, confidence: conf }
    }
  }
  if (!best || best.score < MIN_PLAUSIBILITY) return null
  // Text has spaces between its words; a run of high bytes without them is not text.
  const spaces = (best.text.match(/\s/g) ?? []).length
  if (best.text.length > 40 && spaces / best.text.length < 0.03) return null
  return { text: best.text, encoding: best.encoding }
}

/**
 * Decodes a text file. UTF-8 and UTF-16 with a BOM are read as such; BOM-less UTF-8 is tried first;
 * otherwise a legacy encoding is detected (chardet) and used if the detection is confident, or if
 * the text is mostly ASCII with a few accented letters (Windows-1252). Anything else is refused.
 */
export function decodeText(bytes: Uint8Array, name: string): Decoded {
  if (bytes.length === 0) throw refuse(name, 'the file is empty.')
  const binary = sniffBinary(bytes)
  if (binary) throw refuse(name, `this is ${binary}, not a text file.`)
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
    throw refuse(name, 'UTF-32 text is not supported; save it as UTF-8.')
  }
  const boms: [number[], string][] = [
    [[0xef, 0xbb, 0xbf], 'utf-8'],
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be']
  ]
  for (const [bom, encoding] of boms) {
    if (startsWith(bytes, bom)) {
      const text = decodeWith(bytes, encoding, bom.length)
      if (text === null)
        throw refuse(
          name,
          `the file starts with a ${encoding.toUpperCase()} byte order mark but is not valid ${encoding.toUpperCase()}.`
        )
      return { text, encoding }
    }
  }
  const utf16 = utf16WithoutBom(bytes)
  if (utf16) {
    const text = decodeWith(bytes, utf16)
    if (text !== null) return { text, encoding: utf16 }
  }
  if (controlShare(bytes) > 0.001 || bytes.includes(0)) {
    throw refuse(name, 'this looks like a binary file, not text (it contains control bytes).')
  }
  const utf8 = decodeWith(bytes, 'utf-8')
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' }

  const best = bestLegacyDecoding(bytes)
  if (best) return best
  throw refuse(
    name,
    'cannot tell which character encoding this text uses (it is not UTF-8, UTF-16, or a legacy encoding such as Windows-1252 or Windows-1251). Save it as UTF-8 and import it again.'
  )
}
