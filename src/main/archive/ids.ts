// Record ids: 8 characters from an unambiguous alphabet (as Zotero item keys), random, so archives merge cleanly.

import { randomBytes } from 'node:crypto'

const ALPHABET = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ' // no 0/O, 1/I

export function newId(): string {
  const bytes = randomBytes(8)
  let id = ''
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length]
  return id
}

export function nowIso(): string {
  return new Date().toISOString()
}
