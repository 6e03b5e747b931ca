// A text's content hash: what revisions, duplicate checks, bundles and team sync know a text by.

import { createHash } from 'node:crypto'

/** SHA-256 of the text's UTF-8 bytes, in hex (64 characters). */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Whether `value` has the form hashText gives. */
export function isTextHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
}
