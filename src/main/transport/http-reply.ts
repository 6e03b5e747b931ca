// Serve mode's answers: JSON bodies with the headers every answer carries.

import type { ServerResponse } from 'node:http'
import { encodeJson } from '../../shared/codec'
import type { ErrorCode } from '../../shared/errors'

export function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  type = 'application/json; charset=utf-8',
  extra: Record<string, string> = {}
): void {
  res.writeHead(status, {
    ...extra,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  })
  res.end(body)
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, string> = {}
): void {
  send(res, status, encodeJson({ ok: false, error: { code, message } }), undefined, extra)
}
