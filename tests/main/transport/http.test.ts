// Serve mode over real HTTP: token, Host check, the JSON envelope and status codes, bytes in JSON, static files and their CSP.

import { mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  startServer,
  type RunningServer
} from '../../../src/main/transport/http'
import { API_METHODS } from '../../../src/shared/api'
import { apiOf, snapshot, tempArchive, tempDir, type TempArchive } from '../../helpers/archive'

const TOKEN = 'test-token-0123456789abcdef'
const INDEX_HTML = '<!doctype html><title>Parallax</title><p>renderer</p>'
const SECRET = 'secret-outside-the-static-folder'

let handle: TempArchive
let server: RunningServer
let dir: string
const logged: string[] = []

beforeAll(async () => {
  handle = tempArchive({ sample: true })
  dir = tempDir('parallax-http-')
  const staticDir = join(dir, 'static')
  mkdirSync(join(staticDir, 'assets'), { recursive: true })
  writeFileSync(join(staticDir, 'index.html'), INDEX_HTML)
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), SECRET)
  writeFileSync(join(dir, 'package.json'), `{"name":"${SECRET}"}`)
  server = await startServer({
    api: apiOf(handle.archive),
    staticDir,
    token: TOKEN,
    log: (m) => logged.push(m)
  })
})

afterAll(async () => {
  await server.close()
  handle.cleanup()
})

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  text: string
  json: () => unknown
}

/** A raw HTTP request, so the Host header and the path are sent exactly as given. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; token?: string | null } = {}
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers }
  const token = options.token === undefined ? TOKEN : options.token
  if (token !== null) headers.authorization = `Bearer ${token}`
  if (
    options.body !== undefined &&
    !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
  )
    headers['content-type'] = 'application/json'
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers,
        setHost: !('host' in headers)
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text)
          })
        })
      }
    )
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

function call(
  method: string,
  args: unknown[] | string,
  headers?: Record<string, string>
): Promise<Reply> {
  return send('POST', `/api/${method}`, {
    body: typeof args === 'string' ? args : JSON.stringify(args),
    headers
  })
}

function expectError(reply: Reply, status: number, code: string, message?: RegExp): void {
  expect(reply.status, reply.text).toBe(status)
  expect(reply.headers['content-type']).toMatch(/^application\/json/)
  const body = reply.json() as { ok: boolean; error: { code: string; message: string } }
  expect(body.ok).toBe(false)
  expect(body.error.code).toBe(code)
  expect(body.error.message.trim()).not.toBe('')
  expect(body.error.message).not.toContain('\n')
  if (message) expect(body.error.message).toMatch(message)
}

describe('the server', () => {
  it('listens on 127.0.0.1 and gives an open URL that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.openUrl).toBe(`${server.url}/?token=${TOKEN}`)
  })

  it('makes up a long random token when given none', async () => {
    const a = await startServer({ api: apiOf(handle.archive), staticDir: dir })
    const b = await startServer({ api: apiOf(handle.archive), staticDir: dir })
    try {
      expect(a.token).toMatch(/^[0-9a-f]{32,}$/)
      expect(a.token).not.toBe(b.token)
      expect(a.port).not.toBe(b.port)
    } finally {
      await a.close()
      await b.close()
    }
  })
})

describe('the token', () => {
  it('is required: GET /api without it is 401 with a JSON error', async () => {
    expectError(await send('GET', '/api', { token: null }), 401, 'INVALID_ARGUMENT', /token/)
  })

  it('must be the right one', async () => {
    expectError(await send('GET', '/api', { token: 'wrong' }), 401, 'INVALID_ARGUMENT')
    const sameLength = TOKEN.replace(/.$/, 'X')
    expectError(await send('GET', '/api', { token: sameLength }), 401, 'INVALID_ARGUMENT')
    expectError(
      await send('POST', '/api/listSources', { token: null, body: '[]' }),
      401,
      'INVALID_ARGUMENT'
    )
  })

  it('lists the contract methods with the token (header, X-Parallax-Token or ?token=)', async () => {
    for (const reply of [
      await send('GET', '/api'),
      await send('GET', '/api', { token: null, headers: { 'x-parallax-token': TOKEN } }),
      await send('GET', `/api?token=${TOKEN}`, { token: null })
    ]) {
      expect(reply.status).toBe(200)
      expect(reply.json()).toEqual({ ok: true, value: [...API_METHODS] })
    }
  })
})

describe('the Host check', () => {
  it('refuses a foreign host name with 403', async () => {
    const reply = await send('GET', '/api', { headers: { host: `evil.example:${server.port}` } })
    expectError(reply, 403, 'INVALID_ARGUMENT', /127\.0\.0\.1/)
  })

  it('refuses the loopback address on another port with 403', async () => {
    const other = server.port === 65535 ? 1024 : server.port + 1
    expectError(
      await send('GET', '/api', { headers: { host: `127.0.0.1:${other}` } }),
      403,
      'INVALID_ARGUMENT'
    )
  })

  it('refuses a request without a usable Host, and the static files too', async () => {
    expectError(
      await send('GET', '/', { headers: { host: 'evil.example' } }),
      403,
      'INVALID_ARGUMENT'
    )
  })

  it('allows localhost and 127.0.0.1 on our port', async () => {
    expect(
      (await send('GET', '/api', { headers: { host: `localhost:${server.port}` } })).status
    ).toBe(200)
    expect(
      (await send('GET', '/api', { headers: { host: `127.0.0.1:${server.port}` } })).status
    ).toBe(200)
  })
})

describe('calls', () => {
  it('POST /api/listSources with [] answers ok with the sources', async () => {
    const reply = await call('listSources', [])
    expect(reply.status).toBe(200)
    const body = reply.json() as { ok: true; value: { title: string }[] }
    expect(body.ok).toBe(true)
    expect(body.value).toHaveLength(2)
  })

  it('accepts an empty body as no arguments, and a JSON content type with a charset', async () => {
    const empty = await send('POST', '/api/archiveInfo', { body: '' })
    expect(empty.status).toBe(200)
    expect((empty.json() as { value: { sources: number } }).value.sources).toBeGreaterThan(0)
    const charset = await call('listTags', [], {
      'content-type': 'application/json; charset=utf-8'
    })
    expect(charset.status).toBe(200)
  })

  it('answers a body that is not JSON with 400 and a message', async () => {
    expectError(await call('listSources', '[oops'), 400, 'INVALID_ARGUMENT', /not valid JSON/)
  })

  it('answers JSON that is not an array with 400', async () => {
    expectError(await call('getSource', '{"id":"X"}'), 400, 'INVALID_ARGUMENT', /array/)
    expectError(await call('getSource', '"X"'), 400, 'INVALID_ARGUMENT', /array/)
  })

  it('answers bad base64 in $bytes with 400', async () => {
    expectError(
      await call('importFiles', '[[{"name":"a.txt","data":{"$bytes":"%%%"}}]]'),
      400,
      'INVALID_ARGUMENT'
    )
  })

  it('answers an unknown method with 404', async () => {
    expectError(await call('dropEverything', []), 404, 'NOT_FOUND', /dropEverything/)
    expectError(await call('constructor', []), 404, 'NOT_FOUND')
    expectError(await call('__proto__', []), 404, 'NOT_FOUND')
  })

  it('answers a wrong content type with 415', async () => {
    expectError(
      await call('listSources', '[]', { 'content-type': 'text/plain' }),
      415,
      'INVALID_ARGUMENT'
    )
    expectError(
      await call('listSources', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'INVALID_ARGUMENT'
    )
  })

  it('answers GET on a method with 405, and POST on /api with 405', async () => {
    expectError(await send('GET', '/api/listSources'), 405, 'INVALID_ARGUMENT', /POST/)
    expectError(await send('POST', '/api', { body: '[]' }), 405, 'INVALID_ARGUMENT')
  })

  it('passes NOT_FOUND from the core as 404 with the envelope', async () => {
    const reply = await call('getSource', ['NOPE2345'])
    expectError(reply, 404, 'NOT_FOUND', /No source/)
  })

  it('passes INVALID_ARGUMENT from the core as 400', async () => {
    expectError(
      await call('createSource', [{ title: '', text: 'x' }]),
      400,
      'INVALID_ARGUMENT',
      /title/
    )
    expectError(await call('search', ['-only']), 400, 'INVALID_ARGUMENT')
  })

  it('passes NOTHING_TO_UNDO as 409', async () => {
    expectError(await call('redo', []), 409, 'NOTHING_TO_UNDO')
  })

  it('imports a file sent as {"$bytes": base64}', async () => {
    const text = 'Sent over HTTP\n\nA source about the harbour of Baku.'
    const data = Buffer.from(text, 'utf8').toString('base64')
    const reply = await call('importFiles', [[{ name: 'http.txt', data: { $bytes: data } }]])
    expect(reply.status).toBe(200)
    const body = reply.json() as { ok: true; value: { imported: { id: string; title: string }[] } }
    expect(body.value.imported.map((s) => s.title)).toEqual(['Sent over HTTP'])
    const got = await call('getSource', [body.value.imported[0].id])
    expect((got.json() as { value: { text: string } }).value.text).toBe(text)
    await call('undo', [])
  })

  it('reports a bad file inside a successful import call', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]).toString(
      'base64'
    )
    const reply = await call('importFiles', [[{ name: 'photo.txt', data: { $bytes: png } }]])
    expect(reply.status).toBe(200)
    const body = reply.json() as { value: { failed: { message: string }[]; imported: unknown[] } }
    expect(body.value.imported).toEqual([])
    expect(body.value.failed[0].message).toMatch(/^photo\.txt: .*PNG/)
  })

  it('leaves the archive unchanged after malformed requests', async () => {
    const before = snapshot(handle.archive)
    await call('createSource', '[{"title": "half')
    await call('createSource', '{"title":"x","text":"y"}')
    await call('createSource', '[{"title":"x","text":"y"}]', { 'content-type': 'text/plain' })
    await send('GET', '/api/createSource')
    await send('POST', '/api/createSource', { token: null, body: '[{"title":"x","text":"y"}]' })
    await send('POST', '/api/createSource', {
      headers: { host: 'evil.example' },
      body: '[{"title":"x","text":"y"}]'
    })
    await call('createSource', [{ title: 'x', text: 'y', date: 'Sept 1918' }])
    await call('updateSource', ['NOPE2345', { title: 'x' }])
    await call('deleteSource', [])
    await call('saveVariantSet', [{ terms: ['only one'] }])
    expect(snapshot(handle.archive)).toEqual(before)
  })
})

describe('static files', () => {
  it('serves index.html at / with a Content-Security-Policy', async () => {
    const reply = await send('GET', '/', { token: null })
    expect(reply.status).toBe(200)
    expect(reply.text).toBe(INDEX_HTML)
    expect(reply.headers['content-type']).toMatch(/^text\/html/)
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'/)
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
  })

  it('serves assets with their type', async () => {
    const reply = await send('GET', '/assets/app.js', { token: null })
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toMatch(/javascript/)
  })

  it('answers a missing file with 404', async () => {
    expect((await send('GET', '/nope.js', { token: null })).status).toBe(404)
  })

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%5csecret.txt',
    '/%00/../secret.txt'
  ])('does not let %s out of the static folder', async (path) => {
    const reply = await send('GET', path, { token: null })
    expect(reply.status).not.toBe(200)
    expect(reply.text).not.toContain(SECRET)
  })

  it('refuses other methods than GET on static paths', async () => {
    expect((await send('POST', '/', { token: null, body: '[]' })).status).toBe(405)
  })
})

it('logs nothing unexpected (every failure above was an expected one)', () => {
  expect(logged).toEqual([])
})
