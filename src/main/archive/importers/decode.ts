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

/** Minimum chardet confidence (0-100) for a legacy encoding to be trusted on its own. */
const MIN_CONFIDENCE = 25

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

  for (const guess of chardet.analyse(bytes)) {
    if (guess.confidence < MIN_CONFIDENCE) break
    const encoding = LABELS[guess.name] ?? guess.name.toLowerCase()
    if (encoding === 'utf-8') continue
    const text = decodeWith(bytes, encoding)
    if (text !== null && !/[\u0080-\u009f]/.test(text)) return { text, encoding }
  }
  // Mostly ASCII with a few high bytes that are letters in Windows-1252: Western text.
  let high = 0
  for (const b of bytes) if (b >= 0x80) high++
  const western = decodeWith(bytes, 'windows-1252')
  if (western !== null && high / bytes.length < 0.2) {
    // eslint-disable-next-line no-control-regex -- removes every ASCII byte, controls included
    const extra = western.replace(/[\x00-\x7f]/g, '')
    if (/^[\p{L}\p{Sc}\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00a0«»°§]*$/u.test(extra)) {
      return { text: western, encoding: 'windows-1252' }
    }
  }
  throw refuse(
    name,
    'cannot tell which character encoding this text uses (it is not UTF-8, UTF-16, or a legacy encoding such as Windows-1252 or Windows-1251). Save it as UTF-8 and import it again.'
  )
}
