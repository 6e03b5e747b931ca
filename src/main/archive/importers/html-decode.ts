// Decodes the bytes of an HTML or XHTML file by its BOM or declared charset, falling back to detection.

import { decodeText, sniffBinary, type Decoded } from './decode'
import { ArchiveError } from '../../../shared/errors'

/** How far into the file a charset declaration is looked for (browsers look at 1,024 bytes; old pages put long comments first). */
const PRESCAN_BYTES = 8192

/**
 * The charset a page declares near its start: `<meta charset>`, `<meta http-equiv="Content-Type"
 * content="…; charset=…">` or an XML declaration's `encoding`. Returns the label as written, or null.
 */
export function declaredCharset(bytes: Uint8Array): string | null {
  // Latin-1 maps bytes one to one, so ASCII markup is found whatever the real encoding is.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES))
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)
  if (xml) return xml[1].trim()
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0]
    const direct = /\bcharset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(tag)
    if (direct && !/\bcontent\s*=/i.test(tag.slice(0, direct.index))) return direct[1]
    if (/\bhttp-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag)
      const value = content ? (content[1] ?? content[2] ?? content[3]) : ''
      const charset = /charset\s*=\s*["']?([^\s"';]+)/i.exec(value)
      if (charset) return charset[1]
    }
    if (direct) return direct[1]
  }
  return null
}

/** The WHATWG name of an encoding label ("latin5" → "windows-1254"), or null if it is unknown. */
function encodingOf(label: string): string | null {
  try {
    return new TextDecoder(label.toLowerCase()).encoding
  } catch {
    return null
  }
}

/**
 * Decodes an HTML page: a BOM wins, then the declared charset (a UTF-16 declaration inside
 * ASCII-compatible markup means UTF-8, as browsers treat it); a page declared UTF-8 that is not
 * valid UTF-8, or one with no usable declaration, is decoded by detection like a text file.
 */
export function decodeHtml(bytes: Uint8Array, name: string): Decoded {
  if (bytes.length === 0) throw new ArchiveError('UNSUPPORTED_FILE', `${name}: the file is empty.`)
  const binary = sniffBinary(bytes)
  if (binary) {
    throw new ArchiveError('UNSUPPORTED_FILE', `${name}: this is ${binary}, not a web page.`)
  }
  const hasBom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  const label = hasBom ? null : declaredCharset(bytes)
  const declared = label ? encodingOf(label) : null
  if (declared) {
    const encoding = declared.startsWith('utf-16') ? 'utf-8' : declared
    if (encoding === 'utf-8') {
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
        return { text, encoding }
      } catch {
        // Declared UTF-8 but written in a legacy encoding: a common mistake; detect instead.
      }
    } else {
      return { text: new TextDecoder(encoding).decode(bytes), encoding }
    }
  }
  return decodeText(bytes, name)
}
