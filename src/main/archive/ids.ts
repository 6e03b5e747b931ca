// Record ids: the time they were made, then a random part, in an unambiguous alphabet: unique across copies, so archives merge cleanly, and in order of making, so new records land together in every index keyed by id.

import { randomFillSync } from 'node:crypto'

/** Digits and capitals without 0, 1 and O; in ascending character order, so ids sort as their numbers do. */
const ALPHABET = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ'
const BASE = ALPHABET.length
/** The time part: milliseconds since 2020 in 8 characters (33^8 ms, until 2064; longer after). */
const EPOCH = Date.UTC(2020, 0, 1)
const TIME_LENGTH = 8
/** The random part: 6 characters, 33^6 (about 1.3 billion) values for the same millisecond. */
const RANDOM_LENGTH = 6
const RANDOM_VALUES = BASE ** RANDOM_LENGTH
/** Largest multiple of RANDOM_VALUES a 32-bit draw can take without favouring small values. */
const FAIR_LIMIT = Math.floor(2 ** 32 / RANDOM_VALUES) * RANDOM_VALUES

/**
 * Random words drawn from the system 256 at a time: a bulk import makes two ids a file, and one
 * call into the system's generator per id cost more than the id's share of the write.
 */
const pool = new Uint32Array(256)
let used = pool.length

function randomPart(): number {
  for (;;) {
    if (used === pool.length) {
      randomFillSync(pool)
      used = 0
    }
    const draw = pool[used++]
    if (draw < FAIR_LIMIT) return draw % RANDOM_VALUES
  }
}

function encode(value: number, length: number): string {
  let out = ''
  for (let rest = value; rest > 0; rest = Math.floor(rest / BASE)) out = ALPHABET[rest % BASE] + out
  return out.padStart(length, ALPHABET[0])
}

let lastTime = -1
let lastRandom = 0

/**
 * A new record id such as "8RT5WQ2MK7HX3P": ids this process makes are strictly increasing (two
 * in the same millisecond, or with the clock set back, follow the last one's random part up by
 * one), and ids of other copies differ by their random part. Ids made by random draws alone (the
 * 8 characters of archives made before) scattered every new record across the whole of each index
 * keyed by id: a bulk import into an archive of 100,000 sources wrote most of those indexes' pages
 * at every commit.
 */
export function newId(): string {
  let time = Math.max(Date.now() - EPOCH, lastTime)
  let random: number
  if (time === lastTime) {
    random = lastRandom + 1
    if (random === RANDOM_VALUES) {
      time++
      random = randomPart()
    }
  } else random = randomPart()
  lastTime = time
  lastRandom = random
  return encode(time, TIME_LENGTH) + encode(random, RANDOM_LENGTH)
}

export function nowIso(): string {
  return new Date().toISOString()
}
