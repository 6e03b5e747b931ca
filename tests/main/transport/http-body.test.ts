// Reading request bodies: what arrives is the body sent, in pieces that can move to another thread, and bodies over the limit are refused whole.

import { createServer, request, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { LARGE_BODY, joinBody, readBody } from '../../../src/main/transport/http-body'

/** Starts a server that reads one body with `limit`, sends it `body`, and gives back what readBody returned. */
async function readSent(
  body: Buffer,
  limit: number,
  headers: Record<string, string | number> = { 'content-length': body.length }
): Promise<Buffer[] | 'too-large'> {
  let read!: Promise<Buffer[] | 'too-large'>
  const server = createServer((req: IncomingMessage, res) => {
    read = readBody(req, limit)
    void read.then(() => res.end('read'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', agent: false, headers },
        (res) => {
          res.resume()
          res.on('end', resolve)
        }
      )
      req.on('error', reject)
      // In several writes, as a browser sends a large body.
      for (let at = 0; at < body.length; at += 1_000_000)
        req.write(body.subarray(at, at + 1_000_000))
      req.end()
    })
    return await read
  } finally {
    server.close()
  }
}

function bodyOf(size: number): Buffer {
  const body = Buffer.alloc(size)
  for (let i = 0; i < size; i += 4) body.writeUInt32LE(i, i)
  return body
}

describe('readBody', () => {
  it('keeps an ordinary body as the pieces it came in, each a buffer of its own, which join into the body sent', async () => {
    const body = bodyOf(5_000_000)
    const parts = await readSent(body, 72 * 1024 * 1024)
    if (parts === 'too-large') throw new Error('refused')
    expect(parts.length).toBeGreaterThan(1)
    // Buffers of their own move to the writing thread instead of being copied.
    for (const part of parts) {
      expect(part.byteOffset).toBe(0)
      expect(part.byteLength).toBe(part.buffer.byteLength)
    }
    expect(Buffer.compare(Buffer.from(joinBody(parts)), body)).toBe(0)
  })

  it('reads a body larger than LARGE_BODY into one buffer, and one of unknown size into pieces', async () => {
    const body = bodyOf(LARGE_BODY + 1_000_000)
    const known = await readSent(body, 72 * 1024 * 1024)
    if (known === 'too-large') throw new Error('refused')
    expect(known).toHaveLength(1)
    expect(Buffer.compare(known[0], body)).toBe(0)
    const chunked = await readSent(body, 72 * 1024 * 1024, { 'transfer-encoding': 'chunked' })
    if (chunked === 'too-large') throw new Error('refused')
    expect(Buffer.compare(Buffer.from(joinBody(chunked)), body)).toBe(0)
  })

  it('refuses a body over the limit, whether its size was declared or not', async () => {
    const body = bodyOf(3_000_000)
    expect(await readSent(body, 2_000_000)).toBe('too-large')
    expect(await readSent(body, 2_000_000, { 'transfer-encoding': 'chunked' })).toBe('too-large')
  })
})
