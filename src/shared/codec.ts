// JSON encoding for the HTTP face (and the desktop's pooled reads): Uint8Array travels as {"$bytes": "<base64>"}; everything else is plain JSON.

import type { ApiResponse } from './api'

const CHUNK = 0x8000

/** What this runtime decodes and encodes base64 with natively, where it can. */
interface NativeBase64 {
  /** Uint8Array.fromBase64 and Uint8Array.prototype.toBase64 (recent browsers). */
  fromBase64?: (text: string) => Uint8Array
  /** Node's Buffer (the main process, serve mode, workers). */
  buffer?: {
    from(text: string, encoding: 'base64'): Uint8Array
    from(data: ArrayBufferLike, offset: number, length: number): { toString(e: 'base64'): string }
  }
}

const native: NativeBase64 = {
  fromBase64: (Uint8Array as unknown as NativeBase64).fromBase64?.bind(Uint8Array),
  buffer: (globalThis as unknown as { Buffer?: NativeBase64['buffer'] }).Buffer
}

/** Base64 of `bytes`: natively where the runtime can, else through btoa. */
export function toBase64(bytes: Uint8Array): string {
  const own = (bytes as Uint8Array & { toBase64?: () => string }).toBase64
  if (typeof own === 'function') return own.call(bytes)
  if (native.buffer)
    return native.buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

const ASCII_SPACE = /[\t\n\f\r ]/
const ASCII_SPACES = /[\t\n\f\r ]+/g

/**
 * The memory `bytes` views when they view all of it and it is an ArrayBuffer (not shared): memory
 * that can be handed on whole (moved to another thread) without taking it from other views, which
 * a small Node Buffer (a view into a pool) or a slice would. null otherwise.
 */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer | null {
  const { buffer } = bytes
  return buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === buffer.byteLength
    ? buffer
    : null
}

/**
 * The bytes of base64 `text`, as atob reads it (the "forgiving" decode: ASCII spaces skipped, the
 * padding optional), natively where the runtime can. Throws a SyntaxError where atob would.
 */
export function fromBase64(text: string): Uint8Array {
  if (native.fromBase64) return native.fromBase64(text)
  if (native.buffer) {
    let clean = ASCII_SPACE.test(text) ? text.replace(ASCII_SPACES, '') : text
    if (clean.length % 4 === 0) {
      if (clean.endsWith('==')) clean = clean.slice(0, -2)
      else if (clean.endsWith('=')) clean = clean.slice(0, -1)
    }
    const bytes = native.buffer.from(clean, 'base64')
    // Node's decoder skips what is not base64 (then fewer bytes come out than the length says)
    // and reads '-' and '_' as digits; atob refuses all of them.
    if (
      clean.length % 4 === 1 ||
      bytes.byteLength !== Math.floor((clean.length * 3) / 4) ||
      clean.includes('-') ||
      clean.includes('_')
    ) {
      throw new SyntaxError('The string to be decoded is not correctly encoded.')
    }
    // Bytes of their own: a small Buffer is a view into a pool that other Buffers share.
    const own = ownBuffer(bytes)
    return own ? new Uint8Array(own) : new Uint8Array(bytes)
  }
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Whether a value holds bytes anywhere; most answers do not, and skip the slower replacer. */
function hasBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true
  if (typeof value !== 'object' || value === null) return false
  if (Array.isArray(value)) return value.some(hasBytes)
  for (const key in value) if (hasBytes((value as Record<string, unknown>)[key])) return true
  return false
}

/** JSON.stringify with Uint8Array (and Node Buffers) as {"$bytes": base64}. */
export function encodeJson(value: unknown): string {
  if (!hasBytes(value)) return JSON.stringify(value)
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key]
    if (raw instanceof Uint8Array) return { $bytes: toBase64(raw) }
    return v
  })
}

/** Deepest nesting of arrays and objects accepted; the API's real values stay under 10. */
export const MAX_JSON_DEPTH = 1000

/**
 * How deep arrays and objects nest in JSON text, stopping once past `limit`: a linear scan that
 * skips string contents (a base64 string is passed over by one native search).
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0
  let max = 0
  const token = /[[\]{}"]/g
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const c = m[0]
    if (c === '"') {
      let end = text.indexOf('"', token.lastIndex)
      // A quote preceded by an odd number of backslashes is escaped: keep looking.
      while (end > 0) {
        let slashes = 0
        while (text.charCodeAt(end - 1 - slashes) === 92) slashes++
        if (slashes % 2 === 0) break
        end = text.indexOf('"', end + 1)
      }
      if (end < 0) break
      token.lastIndex = end + 1
    } else if (c === '[' || c === '{') {
      if (++depth > max) max = depth
      if (max > limit) return max
    } else depth--
  }
  return max
}

/**
 * JSON.parse that turns {"$bytes": base64} back into Uint8Array. Throws SyntaxError on bad JSON
 * or base64, and on nesting deeper than MAX_JSON_DEPTH (which would overflow the stack of the
 * reviver and of any code walking the value).
 */
export function decodeJson(text: string): unknown {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new SyntaxError(
      `it nests arrays and objects more than ${MAX_JSON_DEPTH.toLocaleString('en')} levels deep`
    )
  }
  return decodeAnswer(text)
}

/**
 * decodeJson for what Parallax itself encoded (its answers, as the page and the preload read
 * them): its values nest a few levels, so the text is not scanned for depth first.
 */
export function decodeAnswer(text: string): unknown {
  if (!text.includes('"$bytes"')) return JSON.parse(text)
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      const keys = Object.keys(o)
      if (keys.length === 1 && keys[0] === '$bytes' && typeof o.$bytes === 'string') {
        try {
          return fromBase64(o.$bytes)
        } catch {
          throw new SyntaxError('invalid base64 in $bytes')
        }
      }
    }
    return v
  })
}

/**
 * A large read's answer in the desktop app: where the page fetches it, once (an app:// address the
 * main process answers by streaming the file a read worker wrote), and how many bytes it holds.
 */
export interface ReplyLink {
  $reply: string
  bytes: number
}

/** Whether an IPC answer is a ReplyLink rather than the answer itself. */
export function isReplyLink(raw: unknown): raw is ReplyLink {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false
  const link = raw as Partial<ReplyLink>
  return typeof link.$reply === 'string' && typeof link.bytes === 'number'
}

/**
 * An IPC answer as the page's preload receives it: the envelope itself, or (a read the pool
 * answered) the envelope as JSON in UTF-8, as serve mode sends it over HTTP.
 */
export function readIpcResponse(raw: unknown): ApiResponse {
  return raw instanceof Uint8Array
    ? (decodeAnswer(new TextDecoder().decode(raw)) as ApiResponse)
    : (raw as ApiResponse)
}

/**
 * Like readIpcResponse, but a ReplyLink is first fetched with `load` (the preload's fetch). A link
 * that cannot be read, or whose reply is not whole, is answered as an IO error, never as a
 * truncated value.
 */
export async function readIpcReply(
  raw: unknown,
  load: (url: string) => Promise<Uint8Array>
): Promise<ApiResponse> {
  if (!isReplyLink(raw)) return readIpcResponse(raw)
  let bytes: Uint8Array
  try {
    bytes = await load(raw.$reply)
    if (bytes.byteLength !== raw.bytes) {
      throw new Error(
        `${bytes.byteLength.toLocaleString('en')} of ${raw.bytes.toLocaleString('en')} bytes arrived`
      )
    }
  } catch (error) {
    return {
      ok: false,
      error: { code: 'IO', message: `The answer could not be read (${(error as Error).message}).` }
    }
  }
  return readIpcResponse(bytes)
}
