// Serve mode's static files: the built renderer, under its Content Security Policy, never outside its folder.

import { createReadStream, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { sendError } from './http-reply'

/** The renderer's Content Security Policy; the same policy is in src/renderer/index.html. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf'
}

/** Answers GET of a file under `staticRoot` (a normalised path); "/" is index.html. */
export function serveStatic(res: ServerResponse, staticRoot: string, pathname: string): void {
  let rel: string
  try {
    rel = decodeURIComponent(pathname)
  } catch {
    return sendError(res, 400, 'INVALID_ARGUMENT', 'Malformed path.')
  }
  if (rel === '/' || rel === '') rel = '/index.html'
  const file = normalize(join(staticRoot, rel))
  if (!file.startsWith(staticRoot + sep))
    return sendError(res, 403, 'INVALID_ARGUMENT', 'Forbidden path.')
  let size: number
  try {
    const st = statSync(file)
    if (!st.isFile()) throw new Error('not a file')
    size = st.size
  } catch {
    return sendError(res, 404, 'NOT_FOUND', `No file ${rel}.`)
  }
  res.writeHead(200, {
    'Content-Type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': rel === '/index.html' ? 'no-store' : 'max-age=3600'
  })
  createReadStream(file).pipe(res)
}
