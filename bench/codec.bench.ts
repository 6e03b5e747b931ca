// Bytes in the API's JSON ({"$bytes": base64}): decoding and encoding a request that carries a 4 MB file, against plain JSON of the same text in the same run (npx tsx bench/codec.bench.ts).
//
// Serve mode decodes every upload (a file to import, a bundle sent as JSON) on the thread that
// answers every call; the page encodes what it sends. The floor is JSON.parse and JSON.stringify
// of the same text without turning base64 into bytes or back.

import { decodeJson, encodeJson } from '../src/shared/codec'
import { median } from './runner'

const ROUNDS = 15
const BYTES = 4_000_000

function time(fn: () => unknown): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

const data = Uint8Array.from({ length: BYTES }, (_, i) => (i * 7919 + (i >> 8)) % 256)
const value = [[{ name: 'scan.pdf', data }]]
const text = encodeJson(value)
const plain = JSON.parse(text) as unknown
const t = {
  decode: [] as number[],
  parse: [] as number[],
  encode: [] as number[],
  stringify: [] as number[]
}
for (let round = 0; round < ROUNDS; round++) {
  t.decode.push(time(() => decodeJson(text)))
  t.parse.push(time(() => JSON.parse(text)))
  t.encode.push(time(() => encodeJson(value)))
  t.stringify.push(time(() => JSON.stringify(plain)))
}
const [decode, parse, encode, stringify] = [t.decode, t.parse, t.encode, t.stringify].map(median)
console.log(
  `A request carrying ${(BYTES / 1e6).toFixed(0)} MB of bytes (${(text.length / 1e6).toFixed(1)} MB of JSON), median of ${ROUNDS}, ${new Date().toISOString().slice(0, 10)}`
)
console.log(
  `decode ${decode.toFixed(1)} ms against JSON.parse ${parse.toFixed(1)} ms: ${(decode / parse).toFixed(2)}x`
)
console.log(
  `encode ${encode.toFixed(1)} ms against JSON.stringify ${stringify.toFixed(1)} ms: ${(encode / stringify).toFixed(2)}x`
)
