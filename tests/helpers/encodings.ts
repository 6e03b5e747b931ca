// Legacy-encoding bytes for import tests, built by inverting the WHATWG decoders of single-byte encodings.

const tables = new Map<string, Map<string, number>>()

function table(encoding: string): Map<string, number> {
  let map = tables.get(encoding)
  if (!map) {
    map = new Map()
    const decoder = new TextDecoder(encoding)
    for (let b = 0; b < 256; b++) {
      const ch = decoder.decode(Uint8Array.of(b))
      if (ch !== '\uFFFD' && !map.has(ch)) map.set(ch, b)
    }
    tables.set(encoding, map)
  }
  return map
}

/** Encodes text in a single-byte encoding ("windows-1252", "windows-1251", "koi8-r", …); throws on a character it lacks. */
export function encodeSingleByte(text: string, encoding: string): Uint8Array {
  const map = table(encoding)
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const b = map.get(text[i])
    if (b === undefined) throw new Error(`${JSON.stringify(text[i])} is not in ${encoding}`)
    out[i] = b
  }
  return out
}

/** UTF-16 bytes with a byte order mark. */
export function encodeUtf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2)
  const view = new DataView(out.buffer)
  view.setUint16(0, 0xfeff, endian === 'le')
  for (let i = 0; i < text.length; i++)
    view.setUint16(2 + i * 2, text.charCodeAt(i), endian === 'le')
  return out
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** A deterministic pseudo-random byte generator (xorshift32), so "random" test input is reproducible. */
export function pseudoRandom(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
}
