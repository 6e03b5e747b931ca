// The formats Parallax imports and the size limit, without loading any importer (the main thread needs only these).

import { ArchiveError } from '../../../shared/errors'
import { MAX_IMPORT_BYTES } from './types'

/** Extensions the import dialog offers (and the CLI picks from folders). */
export const IMPORT_EXTENSIONS = [
  'txt',
  'text',
  'md',
  'markdown',
  'html',
  'htm',
  'xhtml',
  'docx',
  'pdf',
  'epub'
]

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

/** Refuses a file over the import size limit, before any work (or copy to a worker) is done. */
export function checkImportSize(name: string, data: Uint8Array): void {
  if (data.byteLength > MAX_IMPORT_BYTES) {
    throw new ArchiveError(
      'TOO_LARGE',
      `${name}: the file is ${formatMb(data.byteLength)}; Parallax imports files up to ${formatMb(MAX_IMPORT_BYTES)}.`
    )
  }
}
