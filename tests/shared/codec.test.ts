// The API's JSON codec: bytes as {"$bytes": base64} both ways, decoded as atob reads base64 (and refused where atob refuses), natively or not.

import { describe, expect, it } from 'vitest'
import { decodeJson, encodeJson, fromBase64, toBase64 } from '../../src/shared/codec'

/** atob's reading of `text` as bytes, or the error it throws: the web's definition. */
function atobBytes(text: string): Uint8Array | 'refused' {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
  } catch {
    return 'refused'
  }
}

function ours(text: string): Uint8Array | 'refused' {
  try {
    return fromBase64(text)
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError)
    return 'refused'
  }
}

/** Bytes that cover every value, in a length that is not a multiple of three. */
function someBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7919 + (i >> 8)) % 256)
}

describe('base64', () => {
  it('encodes as btoa does and decodes back, at every length of padding', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = someBytes(length)
      const text = toBase64(bytes)
      expect(text).toBe(btoa(String.fromCharCode(...bytes)))
      expect(fromBase64(text)).toEqual(bytes)
    }
  })

  it('round-trips 4 MB, and a view into a larger buffer as its own bytes only', () => {
    const big = someBytes(4_000_001)
    // Compared as one block: element by element, 4 MB take the matcher seconds.
    expect(Buffer.compare(fromBase64(toBase64(big)), big)).toBe(0)
    const view = big.subarray(1000, 1010)
    expect(fromBase64(toBase64(view))).toEqual(Uint8Array.from(view))
  })

  it('reads and refuses exactly what atob reads and refuses', () => {
    const cases = [
      '',
      'QQ==',
      'QQ',
      'QUI=',
      'QUI',
      'QUJD',
      ' Q U J D ',
      'QUJD\nRUZH\r\n',
      'QUJD\tRQ==',
      'Q',
      'QUJDR',
      'QQ=',
      'Q===',
      'QQ==QQ==',
      '=QQ=',
      '%%%',
      'QUJD!',
      'QU-_',
      'QUJD\u00e9',
      'QUJD\u00a0'
    ]
    for (const text of cases) expect([text, ours(text)]).toEqual([text, atobBytes(text)])
  })

  it('gives bytes of their own, not a view into memory others share', () => {
    const bytes = fromBase64('QUJD')
    expect(bytes.byteOffset).toBe(0)
    expect(bytes.buffer.byteLength).toBe(3)
  })
})

describe('JSON with bytes', () => {
  it('carries bytes anywhere in a value as {"$bytes": base64} and back', () => {
    const value = { files: [{ name: 'a.txt', data: someBytes(1000) }], empty: new Uint8Array(0) }
    const text = encodeJson(value)
    expect(JSON.parse(text).files[0].data.$bytes).toBe(toBase64(someBytes(1000)))
    expect(decodeJson(text)).toEqual(value)
  })

  it('refuses bad base64 in $bytes as a SyntaxError', () => {
    expect(() => decodeJson('[{"$bytes":"%%%"}]')).toThrow(SyntaxError)
    expect(() => decodeJson('[{"$bytes":"Q"}]')).toThrow(/invalid base64/)
  })
})
