// Serve mode's limits answered as such: 413 for an oversized body (not a reset), 400 for absurd nesting, large bodies taken a few at a time, bundles uploaded raw.

import { request as httpRequest, type ClientRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleReply } from '../../../src/main/archive/read-pool'
import { startServer, type RunningServer } from '../../../src/main/transport/http'
import { encodeJson } from '../../../src/shared/codec'
import { apiOf, tempArchive, type TempArchive } from '../../helpers/archive'
import { bloatedDocx } from '../../helpers/hostile-files'

const TOKEN = 'limits-token-0123456789abcdef'
let handle: TempArchive
const servers: RunningServer[] = []

beforeAll(() => {
  handle = tempArchive({ sample: true })
})

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  handle.cleanup()
})

async function serve(options: { largeBodies?: number; largeBodyWaitMs?: number } = {}) {
  const server = await startServer({
    api: apiOf(handle.archive),
    downloads: {
      w3c: (scope, write) => handle.archive.writeW3CExport(scope, write),
      bundle: () => bundleReply(null, apiOf(handle.archive))
    },
    staticDir: handle.dir,
    token: TOKEN,
    log: () => undefined,
    ...options
  })
  servers.push(server)
  return server
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } }
}

/** Starts a POST; the caller writes the body and ends it. Resolves with the parsed answer. */
function post(
  server: RunningServer,
  method: string,
  type: string,
  length?: number
): { req: ClientRequest; reply: Promise<Reply> } {
  let req!: ClientRequest
  const reply = new Promise<Reply>((resolve, reject) => {
    req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${method}`,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': type,
          ...(length === undefined ? {} : { 'content-length': String(length) })
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8'))
          })
        )
      }
    )
    req.on('error', reject)
  })
  return { req, reply }
}

/** Writes `megabytes` MB of `fill` with backpressure, then ends the request. */
async function writeMegabytes(req: ClientRequest, megabytes: number, fill = 'a'): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024, fill)
  for (let i = 0; i < megabytes; i++) {
    if (!req.write(chunk)) await new Promise((resolve) => req.once('drain', resolve))
  }
  req.end()
}

describe('serve mode limits', () => {
  it('answers a 100 MB body with 413 and its message, not a connection reset', async () => {
    const server = await serve()
    for (const length of [100 * 1024 * 1024, undefined]) {
      const { req, reply } = post(server, 'listSources', 'application/json', length)
      await writeMegabytes(req, 100)
      const answer = await reply
      expect(answer.status).toBe(413)
      expect(answer.body.error).toEqual({
        code: 'TOO_LARGE',
        message: 'The request is larger than 72 MB.'
      })
    }
  }, 60_000)

  it('answers JSON nested 5,000 levels with 400, not a stack overflow', async () => {
    const server = await serve()
    for (const body of [
      `[${'['.repeat(5000)}${']'.repeat(5000)}]`,
      `[${'['.repeat(5000)}{"$bytes":"AA=="}${']'.repeat(5000)}]`
    ]) {
      const { req, reply } = post(server, 'listSources', 'application/json')
      req.end(body)
      const answer = await reply
      expect(answer.status).toBe(400)
      expect(answer.body.error?.message).toBe(
        'The request body is not valid JSON: it nests arrays and objects more than 1,000 levels deep'
      )
    }
  })

  it('takes a bundle larger than the JSON limit as a raw upload, and passes the core’s verdict on', async () => {
    const server = await serve()
    const bundle = await handle.archive.exportBundle()
    const ok = post(server, 'importBundle', 'application/octet-stream', bundle.length)
    ok.req.end(Buffer.from(bundle))
    const report = await ok.reply
    expect(report.status).toBe(200)
    expect(report.body.ok).toBe(true)
    // 80 MB of bytes that are not a bundle: read whole (over the 72 MB JSON limit), refused by the core.
    const big = post(server, 'importBundle', 'application/octet-stream', 80 * 1024 * 1024)
    await writeMegabytes(big.req, 80)
    const refused = await big.reply
    expect(refused.status).toBe(422)
    expect(refused.body.error?.message).toMatch(/not a Parallax bundle/)
  }, 60_000)

  it('reads at most the allowed number of large bodies at once; one that cannot wait gets 503', async () => {
    const server = await serve({ largeBodies: 1, largeBodyWaitMs: 0 })
    const first = post(server, 'listSources', 'application/json', 12 * 1024 * 1024)
    first.req.write('[')
    // The first holds the only slot while its body is still coming.
    const second = post(server, 'listSources', 'application/json', 10 * 1024 * 1024)
    void writeMegabytes(second.req, 10, ' ')
    const busy = await second.reply
    expect(busy.status).toBe(503)
    expect(busy.headers['retry-after']).toBe('5')
    expect(busy.body.error?.message).toBe(
      'Parallax is busy reading other large requests; try again in a moment.'
    )
    const rest = Buffer.alloc(12 * 1024 * 1024 - 2, ' ')
    first.req.end(Buffer.concat([rest, Buffer.from(']')]))
    expect((await first.reply).status).toBe(200)
  }, 60_000)

  it('queues large bodies beyond the allowed number and answers them all', async () => {
    const server = await serve({ largeBodies: 2 })
    const calls = Array.from({ length: 5 }, () => {
      const call = post(server, 'listSources', 'application/json', 9 * 1024 * 1024)
      call.req.end(
        Buffer.concat([Buffer.from('['), Buffer.alloc(9 * 1024 * 1024 - 2, ' '), Buffer.from(']')])
      )
      return call.reply
    })
    const answers = await Promise.all(calls)
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
  }, 60_000)

  it('streams the W3C export as a download, the same text exportAnnotations returns', async () => {
    const server = await serve()
    const en = (await handle.archive.listSources()).find((s) => s.language === 'en')!
    await handle.archive.createAnnotation({ sourceId: en.id, target: { quote: 'Baku' } })
    const expected = await handle.archive.exportAnnotations('w3c', { sourceId: en.id })
    const res = await fetch(
      `${server.url}/api/export/annotations.jsonld?token=${TOKEN}&sourceId=${en.id}&name=${encodeURIComponent('Bakı notes.jsonld')}`
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Bak_ notes.jsonld"; filename*=UTF-8''Bak%C4%B1%20notes.jsonld`
    )
    expect(await res.text()).toBe(expected)
    const missing = await fetch(
      `${server.url}/api/export/annotations.jsonld?token=${TOKEN}&sourceId=NOPE2345`
    )
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })

  it('sends the bundle as a download, the bytes exportBundle gives, to the token only', async () => {
    const server = await serve()
    const url = `${server.url}/api/export/archive.parallax-bundle`
    expect((await fetch(url)).status).toBe(401)
    const res = await fetch(
      `${url}?token=${TOKEN}&name=${encodeURIComponent('Bakı.parallax-bundle')}`
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Bak_.parallax-bundle"; filename*=UTF-8''Bak%C4%B1.parallax-bundle`
    )
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
    // The same records as the bundle the API returns (the manifest's export time aside).
    const { readBundle } = await import('../../../src/main/archive/bundle')
    const sent = readBundle(bytes)
    const direct = readBundle(await handle.archive.exportBundle())
    expect(sent.rows).toEqual(direct.rows)
    expect(sent.manifest.counts).toEqual(direct.manifest.counts)
    expect((await fetch(url + `?token=${TOKEN}`, { method: 'POST' })).status).toBe(405)
  })

  it('answers other requests while importFiles reads a Word file of 190 MB XML (the server used to die)', async () => {
    const server = await serve()
    const body = encodeJson([[{ name: 'bloated.docx', data: await bloatedDocx(190) }]])
    const importing = post(server, 'importFiles', 'application/json')
    importing.req.end(body)
    let imported = false
    void importing.reply.then(() => (imported = true))
    const list = post(server, 'listSources', 'application/json')
    list.req.end('[]')
    expect((await list.reply).status).toBe(200)
    expect(imported).toBe(false)
    const report = (await importing.reply).body.value as { imported: { title: string }[] }
    expect(report.imported.map((s) => s.title)).toEqual(['Bloated'])
  }, 120_000)
})
