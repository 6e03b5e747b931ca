// Serve mode's answers: JSON bodies with the headers every answer carries.

import { createReadStream, rmSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { pipeline } from 'node:stream'
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

/** A JSON reply written to a file (a large read's, by a read worker), to send and then delete. */
export interface ReplyFile {
  path: string
  bytes: number
}

/** Pieces a reply file is sent in: this thread never holds more of it than a few of these. */
const PIECE = 64 * 1024

/**
 * Sends a reply file in pieces as the client takes them, then deletes it, however the sending
 * ends. The status line is out before the file is read: if reading fails midway, or the client
 * goes, the connection is cut (a client sees a reply shorter than its Content-Length, never a
 * truncated answer that looks whole).
 */
export function sendFile(res: ServerResponse, reply: ReplyFile, log: (m: string) => void): void {
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': reply.bytes,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  })
  const file = createReadStream(reply.path, { highWaterMark: PIECE })
  pipeline(file, res, (error) => {
    rmSync(reply.path, { force: true })
    // A file shorter than it said: cut the connection rather than leave the client waiting.
    if (!error && file.bytesRead !== reply.bytes) res.destroy()
    // A client that left is no failure of ours; anything else is worth a line.
    if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
      log(`sending a reply failed: ${error.message}`)
  })
}
