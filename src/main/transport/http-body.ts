// Reading request bodies in serve mode: size limits answered with 413 (never a reset), and few large bodies at once.

import type { IncomingMessage } from 'node:http'

/** Largest JSON request body: a 50 MB import file as base64, with room for JSON. */
export const MAX_BODY = 72 * 1024 * 1024
/** Largest raw upload (a bundle sent as application/octet-stream): a bundle holds at most 1 GB unpacked. */
export const MAX_UPLOAD = 1024 * 1024 * 1024
/** A body above this size (or of unknown size) waits for a large-body slot before it is read. */
export const LARGE_BODY = 8 * 1024 * 1024
/**
 * Bytes read and discarded after a body passed its limit, so the client finishes sending and reads
 * the 413 instead of meeting a reset; a client that sends even more than this is cut off.
 */
const DRAIN_LIMIT = 2 * MAX_UPLOAD

/**
 * The request body as the pieces it arrived in, or 'too-large' when it passes `limit`. A body of
 * up to LARGE_BODY bytes is kept as Node hands it over, each piece a buffer of its own (Node copies
 * every piece out of the socket's read), so a body passed on to another thread moves there and is
 * never copied here: a 5 MB import copied into one buffer on this thread doubled the memory outside
 * V8's heap that it allocated, and with it the full collections that pause every call (see
 * BENCHMARKS.md, eighteenth session). A larger body of known size is copied into one buffer as it
 * comes, so that its pieces are not all held beside the whole at the end (an upload may be 1 GB).
 * An oversized body is read to its end and discarded, and only then answered: a server that
 * answers early and stops reading leaves the client writing into a closed socket, which it
 * reports as a reset instead of the 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer[] | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    const known = Number.isSafeInteger(declared)
    // Every byte up to `size` is written before it is read: no need to clear it first.
    const whole =
      known && declared > LARGE_BODY && declared <= limit ? Buffer.allocUnsafeSlow(declared) : null
    const parts: Buffer[] = []
    let size = 0
    let over = known && declared > limit
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (over) {
        if (size > DRAIN_LIMIT) {
          req.destroy()
          resolve('too-large')
        }
        return
      }
      if (size > limit || (whole && size > whole.length)) {
        over = true
        parts.length = 0
        return
      }
      if (whole) chunk.copy(whole, size - chunk.length)
      else parts.push(chunk)
    })
    req.on('end', () => {
      if (over) resolve('too-large')
      else resolve(whole ? [whole.subarray(0, size)] : parts)
    })
    req.on('error', reject)
  })
}

/** A body's pieces as one buffer (the one piece itself when there is one). */
export function joinBody(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : Buffer.concat(parts)
}

/**
 * Lets at most `slots` large bodies be read and handled at once; the others wait (their bytes stay
 * in the socket, unread), and one that waits longer than `waitMs` is turned away (503). Bounds the
 * server's memory when many large requests arrive together.
 */
export class LargeBodyGate {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly slots: number,
    private readonly waitMs: number
  ) {}

  /** A release function once a slot is free, or null when none freed up in time. */
  enter(): Promise<(() => void) | null> {
    const release = (): void => {
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
    if (this.active < this.slots) {
      this.active++
      return Promise.resolve(once(release))
    }
    return new Promise((resolve) => {
      const turn = (): void => {
        clearTimeout(timer)
        resolve(once(release))
      }
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(turn)
        if (i >= 0) this.waiting.splice(i, 1)
        resolve(null)
      }, this.waitMs)
      this.waiting.push(turn)
    })
  }
}

function once(fn: () => void): () => void {
  let done = false
  return () => {
    if (!done) {
      done = true
      fn()
    }
  }
}

/** Whether a request's body must pass the large-body gate: above LARGE_BODY, or of unknown size. */
export function isLarge(req: IncomingMessage): boolean {
  const declared = Number(req.headers['content-length'])
  return !(Number.isSafeInteger(declared) && declared <= LARGE_BODY)
}
