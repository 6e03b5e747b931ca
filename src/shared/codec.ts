// JSON encoding for the HTTP face: Uint8Array travels as {"$bytes": "<base64>"}; everything else is plain JSON.

const CHUNK = 0x8000

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
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

/** JSON.parse that turns {"$bytes": base64} back into Uint8Array. Throws SyntaxError on bad JSON or base64. */
export function decodeJson(text: string): unknown {
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
