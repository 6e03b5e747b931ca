// Record ids: 8 characters from an unambiguous alphabet (as Zotero item keys), random, so archives merge cleanly.

import { randomFillSync } from 'node:crypto'

const ALPHABET = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ' // no 0/O, 1/I
const ID_LENGTH = 8

/**
 * Random bytes drawn from the system 512 ids at a time: a bulk import makes two ids a file, and one
 * call into the system's generator per id cost more than the id's share of the write.
 */
const pool = Buffer.alloc(ID_LENGTH * 512)
let used = pool.length

export function newId(): string {
  if (used === pool.length) {
    randomFillSync(pool)
    used = 0
  }
  let id = ''
  for (let i = used; i < used + ID_LENGTH; i++) id += ALPHABET[pool[i] % ALPHABET.length]
  used += ID_LENGTH
  return id
}

export function nowIso(): string {
  return new Date().toISOString()
}
