// Serve mode's HTTP face: the built renderer and POST /api/<method>, on loopback, behind a random token.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { normalize } from 'node:path'
import { API_METHODS, DOWNLOAD_PATHS, type ArchiveApi } from '../../shared/api'
import { encodeJson } from '../../shared/codec'
import { toErrorPayload, type ErrorCode } from '../../shared/errors'
import {
  argsOfBody,
  dispatchReady,
  encodedAnswer,
  failure,
  type BodyCalls,
  type Logger,
  type ReadyReads
} from './dispatch'
import { send, sendError, sendFile, type ReplyFile } from './http-reply'
import { serveStatic } from './http-static'

export { CONTENT_SECURITY_POLICY } from './http-static'
import { disposition, streamDownload, type Downloads } from './http-download'
import { LargeBodyGate, MAX_BODY, MAX_UPLOAD, isLarge, joinBody, readBody } from './http-body'

/** Methods whose one argument, bytes, may be sent as the raw body (application/octet-stream). */
const RAW_UPLOADS: ReadonlySet<string> = new Set(['importBundle'])

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOTHING_TO_UNDO: 409,
  READ_ONLY: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_FILE: 422,
  NOT_AN_ARCHIVE: 422,
  NEWER_ARCHIVE: 422,
  BUSY: 503
}

export interface ServeOptions {
  api: ArchiveApi
  /** Folder of the built renderer (out/renderer). */
  staticDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token (tests); a random one otherwise. */
  token?: string
  log?: Logger
  /** Large bodies (over 8 MB) read and handled at once; more wait their turn (default 2). */
  largeBodies?: number
  /** Longest a large body waits for its turn before a 503 (default 60 s). */
  largeBodyWaitMs?: number
  /** Exports streamed by GET (the W3C download of a large archive). */
  downloads?: Downloads
  /**
   * Reads answered elsewhere as ready JSON replies (a read pool's workers, which encode them), so
   * that encoding a large answer never holds up this thread; null from `read` means "call the api".
   */
  jsonReads?: JsonReads
  /**
   * Calls whose body goes undecoded to where they run, and whose answer comes back encoded (the
   * writing thread's): this thread then never parses an upload or encodes a write's answer.
   */
  bodyCalls?: BodyCalls
}

/** The reply `{"ok":true,"value":…}` in UTF-8: bytes, or a file (a large reply) that the server sends in pieces and deletes. */
export type JsonReads = ReadyReads<Uint8Array | ReplyFile>

export interface RunningServer {
  url: string
  /** The URL to open in a browser: carries the token. */
  openUrl: string
  token: string
  port: number
  server: Server
  close(): Promise<void>
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? randomBytes(24).toString('hex')
  const tokenBytes = Buffer.from(token)
  const log = options.log ?? ((m: string) => console.error(m))
  const staticRoot = normalize(options.staticDir)
  let port = options.port ?? 0
  const gate = new LargeBodyGate(options.largeBodies ?? 2, options.largeBodyWaitMs ?? 60_000)

  const hasToken = (req: IncomingMessage, url: URL): boolean => {
    const header = req.headers.authorization
    const given = header?.startsWith('Bearer ')
      ? header.slice(7)
      : ((req.headers['x-parallax-token'] as string | undefined) ??
        url.searchParams.get('token') ??
        '')
    const givenBytes = Buffer.from(given)
    return givenBytes.length === tokenBytes.length && timingSafeEqual(givenBytes, tokenBytes)
  }

  /** A download that failed before its first byte, answered as a JSON error with its status. */
  const downloadFailed = (res: ServerResponse, error: unknown): void => {
    const payload = toErrorPayload(error)
    if (payload.code === 'INTERNAL') log(`download failed: ${(error as Error)?.stack}`)
    sendError(res, STATUS[payload.code] ?? 500, payload.code, payload.message)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // DNS-rebinding defence: only answer requests addressed to the loopback name we listen on.
    const hostHeader = req.headers.host ?? ''
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader)
    if (
      !m ||
      !LOOPBACK_HOSTS.has(m[1].toLowerCase()) ||
      (m[2] !== undefined && Number(m[2]) !== port)
    ) {
      return sendError(
        res,
        403,
        'INVALID_ARGUMENT',
        `Requests must be addressed to 127.0.0.1:${port}, not "${hostHeader}".`
      )
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendError(res, 405, 'INVALID_ARGUMENT', 'Only GET is allowed here.')
      return serveStatic(res, staticRoot, url.pathname)
    }
    if (!hasToken(req, url)) {
      return sendError(
        res,
        401,
        'INVALID_ARGUMENT',
        'Missing or wrong token: open the URL that `npm run serve` printed.'
      )
    }
    if (url.pathname === DOWNLOAD_PATHS.bundle && options.downloads?.bundle) {
      if (req.method !== 'GET') return sendError(res, 405, 'INVALID_ARGUMENT', 'Use GET here.')
      let file: ReplyFile
      try {
        file = await options.downloads.bundle()
      } catch (error) {
        return downloadFailed(res, error)
      }
      return sendFile(res, file, log, {
        'Content-Type': 'application/zip',
        'Content-Disposition': disposition(
          url.searchParams.get('name') || 'Archive.parallax-bundle'
        )
      })
    }
    if (url.pathname === DOWNLOAD_PATHS.w3c && options.downloads?.w3c) {
      if (req.method !== 'GET') return sendError(res, 405, 'INVALID_ARGUMENT', 'Use GET here.')
      const scope = {
        sourceId: url.searchParams.get('sourceId') ?? undefined,
        tagId: url.searchParams.get('tagId') ?? undefined
      }
      const produce = options.downloads.w3c
      return streamDownload(
        res,
        url.searchParams.get('name') || 'annotations.jsonld',
        'application/ld+json; charset=utf-8',
        (write) => produce(scope, write),
        (error) => downloadFailed(res, error)
      )
    }
    if (url.pathname === '/api' || url.pathname === '/api/') {
      if (req.method !== 'GET')
        return sendError(
          res,
          405,
          'INVALID_ARGUMENT',
          'Use GET /api to list methods, POST /api/<method> to call one.'
        )
      return send(res, 200, encodeJson({ ok: true, value: API_METHODS }))
    }
    const method = url.pathname.slice('/api/'.length)
    if (req.method !== 'POST') {
      return sendError(
        res,
        405,
        'INVALID_ARGUMENT',
        `Call ${method} with POST and a JSON array of arguments.`
      )
    }
    const type = req.headers['content-type'] ?? ''
    const raw = RAW_UPLOADS.has(method) && /^application\/octet-stream\b/i.test(type)
    if (!raw && !/^application\/json\b/i.test(type)) {
      return sendError(
        res,
        415,
        'INVALID_ARGUMENT',
        'The request body must be JSON (Content-Type: application/json).'
      )
    }
    if (isLarge(req)) {
      const release = await gate.enter()
      if (!release) {
        // Read and dropped first, so the client gets the answer rather than a reset.
        if ((await readBody(req, 0).catch(() => null)) === null) return
        return sendError(
          res,
          503,
          'UNAVAILABLE',
          'Parallax is busy reading other large requests; try again in a moment.',
          { 'Retry-After': '5' }
        )
      }
      // The slot is held until the answer is sent: the decoded body lives that long.
      res.on('close', release)
    }
    const limit = raw ? MAX_UPLOAD : MAX_BODY
    const body = await readBody(req, limit).catch(() => null)
    if (body === null) return
    if (body === 'too-large') {
      return sendError(
        res,
        413,
        'TOO_LARGE',
        `The request is larger than ${limit / 1024 / 1024} MB.`
      )
    }
    if (options.bodyCalls?.methods.has(method)) {
      // A call the thread never answered (it stopped, or Parallax is stopping) is answered here.
      const { json, code } = await options.bodyCalls
        .call(method, body, raw)
        .catch((thrown: unknown) => encodedAnswer(failure(method, thrown, log)))
      return send(res, code ? (STATUS[code as ErrorCode] ?? 500) : 200, json)
    }
    let args: unknown[]
    try {
      args = argsOfBody(method, joinBody(body), raw)
    } catch (error) {
      return sendError(res, 400, 'INVALID_ARGUMENT', (error as Error).message)
    }
    const answer = await dispatchReady(options.api, options.jsonReads, method, args, log)
    if (answer instanceof Uint8Array) return send(res, 200, answer)
    if (!('ok' in answer)) return sendFile(res, answer, log)
    const status = answer.ok ? 200 : (STATUS[answer.error.code as ErrorCode] ?? 500)
    send(res, status, encodeJson(answer))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${(error as Error)?.stack ?? String(error)}`)
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'The server failed to answer.')
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const displayHost = host.includes(':') ? `[${host}]` : host
  const base = `http://${displayHost}:${port}`
  return {
    url: base,
    openUrl: `${base}/?token=${token}`,
    token,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
