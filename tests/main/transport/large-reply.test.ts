// Serve mode's large pooled replies over real HTTP: sent from a file the read worker wrote, byte for byte the one-thread answer, with nothing left in the temp folder however the sending ends.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReadPool } from '../../../src/main/archive/read-pool'
import { SPILL_BYTES, readJson } from '../../../src/main/archive/read-handlers'
import { startServer, type RunningServer } from '../../../src/main/transport/http'
import { viteWorker } from '../../../src/main/workers/locate'
import { Transfer } from '../../../src/main/workers/worker-side'
import { RESOURCES, apiOf, tempArchive, tempDir, type TempArchive } from '../../helpers/archive'
import { postApi, readBody, servePooled } from '../../helpers/http'

const TOKEN = 'large-reply-token-0123456789abcdef'
const TEST_WORKER = viteWorker(join(import.meta.dirname, 'held-read-worker.ts'))

let handle: TempArchive
let temp: string
let pool: ReadPool
let pooled: RunningServer
let oneThread: RunningServer
let bigId: string

beforeAll(async () => {
  handle = tempArchive({ sample: true })
  temp = join(handle.dir, 'temp')
  mkdirSync(temp)
  // A source of a few MB whose text crosses UTF-8's widths: accents, CJK, and pairs of UTF-16
  // code units (emoji, musical symbols).
  const pad = 'a'.repeat(1024 * 1024 - 64)
  const paragraphs = Array.from(
    { length: 3000 },
    (_, i) => `${i} Café naïve 漢字 😀 𝄞 ${'x😀'.repeat(i % 37)} ${'word '.repeat(100)}`
  )
  const source = await handle.archive.createSource({
    title: 'A long transcript',
    text: [pad, ...paragraphs].join('\n\n')
  })
  bigId = source.id
  pool = new ReadPool(
    { path: handle.path, resourcesDir: RESOURCES },
    { size: 2, worker: TEST_WORKER, tempDir: temp }
  )
  await pool.warm()
  pooled = await servePooled(handle, pool, TOKEN)
  oneThread = await startServer({ api: apiOf(handle.archive), staticDir: handle.dir, token: TOKEN })
}, 60_000)

afterAll(async () => {
  await pooled?.close()
  await oneThread?.close()
  await pool?.close()
  handle?.cleanup()
})

/** POST /api/<method> to `server`; the response as it starts. */
function post(server: RunningServer, method: string, args: unknown[]): Promise<IncomingMessage> {
  return postApi(server.port, TOKEN, method, args)
}

async function bytesOf(server: RunningServer, method: string, args: unknown[]): Promise<Buffer> {
  const res = await post(server, method, args)
  expect(res.statusCode).toBe(200)
  return readBody(res)
}

/** The files in the temp folder and its subfolders (the reply folder itself is not counted). */
function filesInTemp(): string[] {
  return readdirSync(temp, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
}

/** Resolves once `ready()` holds (the server finishes its side after the client's). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('a large reply from a read worker', () => {
  it('arrives byte for byte as the one-thread server sends it, and leaves no file behind', async () => {
    const expected = await bytesOf(oneThread, 'getSource', [bigId])
    expect(expected.length).toBeGreaterThan(2 * SPILL_BYTES)
    const [first, second] = await Promise.all([
      bytesOf(pooled, 'getSource', [bigId]),
      bytesOf(pooled, 'getSource', [bigId])
    ])
    expect(first.equals(expected)).toBe(true)
    expect(second.equals(expected)).toBe(true)
    expect(JSON.parse(first.toString('utf8')).value.text).toContain('Café naïve 漢字 😀 𝄞')
    await until(() => filesInTemp().length === 0)
    // Small replies keep to bytes: no file is made for them.
    const small = await bytesOf(pooled, 'listSources', [])
    expect(small.equals(await bytesOf(oneThread, 'listSources', []))).toBe(true)
    expect(filesInTemp()).toEqual([])
  })

  it('stops, and deletes its file, when the client goes midway; the next reply is whole', async () => {
    const res = await post(pooled, 'getSource', [bigId])
    await new Promise<void>((resolve) => res.once('data', () => resolve()))
    res.destroy()
    await until(() => filesInTemp().length === 0)
    const expected = await bytesOf(oneThread, 'getSource', [bigId])
    expect((await bytesOf(pooled, 'getSource', [bigId])).equals(expected)).toBe(true)
    await until(() => filesInTemp().length === 0)
  })

  it('answers with the error, and leaves no file, when the worker fails while writing it', async () => {
    const res = await post(pooled, 'getSource', [bigId, 'fail-midway'])
    const reply = JSON.parse((await readBody(res)).toString('utf8'))
    expect(res.statusCode).toBe(500)
    expect(reply).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'ENOSPC: no space left on device, write' }
    })
    expect(filesInTemp()).toEqual([])
  })

  it('still answers, and leaves no file, when the worker dies while writing it', async () => {
    const expected = await bytesOf(oneThread, 'getSource', [bigId])
    const answered = await bytesOf(pooled, 'getSource', [bigId, 'crash-midway'])
    expect(answered.equals(expected)).toBe(true)
    expect(filesInTemp()).toEqual([])
  })

  it('cuts the connection, rather than leave the client waiting, when the file is short', async () => {
    const res = await post(pooled, 'getSource', [bigId, 'cut-short'])
    expect(res.statusCode).toBe(200)
    // Node says "aborted"; a client that checks Content-Length itself sees the bytes stop short.
    await expect(readBody(res)).rejects.toThrow(/aborted|the reply stopped after \d+ bytes/)
    await until(() => filesInTemp().length === 0)
    // The server goes on answering.
    const expected = await bytesOf(oneThread, 'getSource', [bigId])
    expect((await bytesOf(pooled, 'getSource', [bigId])).equals(expected)).toBe(true)
  })
})

describe('a large reply whose client left before it was ready', () => {
  it('is deleted unsent, and the connection leaves nothing open', async () => {
    const one = new ReadPool(
      { path: handle.path, resourcesDir: RESOURCES },
      { size: 1, worker: TEST_WORKER, tempDir: temp }
    )
    await one.warm()
    const server = await servePooled(handle, one, TOKEN)
    let open = 0
    server.server.on('connection', (socket) => {
      open++
      socket.on('close', () => open--)
    })
    try {
      const gate = join(tempDir(), 'release')
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/getSource',
        agent: false,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
      })
      req.on('error', () => undefined)
      req.end(JSON.stringify([bigId, `hold:${gate}`]))
      // The client leaves while the worker holds the read.
      await until(() => existsSync(`${gate}.held`))
      req.destroy()
      await until(() => open === 0)
      writeFileSync(gate, '')
      // The one worker answers this only after the held read has handed over its file.
      const expected = await bytesOf(oneThread, 'getSource', [bigId])
      expect((await bytesOf(server, 'getSource', [bigId])).equals(expected)).toBe(true)
      await until(() => filesInTemp().length === 0 && open === 0)
    } finally {
      await server.close()
      await one.close()
    }
  })
})

describe('the read pool’s folder of large replies', () => {
  it('is removed when the pool closes, and a dead process’s is removed by the next pool', async () => {
    const root = tempDir()
    // A folder left by a process that no longer runs.
    const ended = spawnSync(process.execPath, ['-e', '0']).pid
    const stale = join(root, `parallax-replies-${ended}-left`)
    mkdirSync(stale)
    const own = new ReadPool(
      { path: handle.path, resourcesDir: RESOURCES },
      { size: 1, worker: TEST_WORKER, tempDir: root }
    )
    try {
      await own.warm()
      const reply = await own.readJson('getSource', [bigId])
      expect(reply && 'path' in reply).toBe(true)
      expect(readdirSync(root)).toHaveLength(1)
      expect(readdirSync(root)[0]).toMatch(new RegExp(`^parallax-replies-${process.pid}-`))
    } finally {
      await own.close()
    }
    expect(readdirSync(root)).toEqual([])
  })
})

describe('a large reply written by readJson', () => {
  it('is the UTF-8 of the JSON reply, a character split across two pieces included', async () => {
    const dir = tempDir()
    // The reply's 1,048,576th UTF-16 unit, the last of the first piece, is the first half of 😀.
    const value = `${'a'.repeat(1024 * 1024 - '{"ok":true,"value":"'.length - 1)}😀 and é after`
    const spill = join(dir, 'reply.json')
    const target = { path: join(dir, 'unused.parallax'), resourcesDir: RESOURCES }
    const reply = await readJson(target, 'getSource', [], spill, async () => value)
    const json = JSON.stringify({ ok: true, value })
    expect(reply).toEqual({ path: spill, bytes: Buffer.byteLength(json) })
    expect(readFileSync(spill).equals(Buffer.from(json, 'utf8'))).toBe(true)
  })

  it('comes as bytes when the file cannot be written', async () => {
    const dir = tempDir()
    const value = 'é'.repeat(SPILL_BYTES)
    const target = { path: join(dir, 'unused.parallax'), resourcesDir: RESOURCES }
    const spill = join(dir, 'no-such-folder', 'reply.json')
    const reply = await readJson(target, 'getSource', [], spill, async () => value)
    expect(reply).toBeInstanceOf(Transfer)
    const bytes = (reply as Transfer<Uint8Array>).value
    expect(Buffer.from(bytes).equals(Buffer.from(JSON.stringify({ ok: true, value })))).toBe(true)
    expect(existsSync(spill)).toBe(false)
  })
})
