// Tells a file's format from its first bytes, for files whose name has no (or an unknown) extension.

import { readZip } from './zip'

/** Formats that can be recognised by content. */
export type SniffedFormat = 'pdf' | 'docx' | 'epub' | 'html' | 'text'

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder('latin1').decode(bytes.subarray(start, end))
}

/** What a ZIP package holds, from its table of contents only (nothing is inflated but "mimetype"). */
function zipFormat(bytes: Uint8Array): SniffedFormat {
  try {
    const zip = readZip(bytes, 'sniff')
    if (zip.has('word/document.xml')) return 'docx'
    const mimetype = zip.has('mimetype') ? zip.text('mimetype') : null
    if (mimetype?.trim() === 'application/epub+zip' || zip.has('META-INF/container.xml')) {
      return 'epub'
    }
  } catch {
    // Not a readable ZIP: let the text importer say what it is.
  }
  return 'text'
}

/**
 * The format of a file by content: "%PDF-" in the first kilobyte, a ZIP with word/document.xml
 * (DOCX) or an EPUB mimetype/container, markup opening with a doctype or <html> (after an optional
 * BOM, XML declaration and comments), otherwise text (the text importer refuses binaries itself).
 */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (ascii(bytes, 0, 1024).includes('%PDF-')) return 'pdf'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return zipFormat(bytes)
  }
  // Dropping NUL bytes lets UTF-16 markup be recognised too.
  const head = ascii(
    bytes.subarray(0, 2048).filter((b) => b !== 0),
    0,
    2048
  ).replace(/^\u00ef\u00bb\u00bf|^\u00fe\u00ff|^\u00ff\u00fe/, '')
  const markup = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i
  return markup.test(head) ? 'html' : 'text'
}
