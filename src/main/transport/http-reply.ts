// Serve mode's answers: JSON bodies with the headers every answer carries.

import { close, open, read, rm } from 'node:fs'
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

/** A JSON reply written to a file (a large read's, by a read worker), to send and then delete. */
export interface ReplyFile {
  path: string
  bytes: number
}

/** Bytes of a reply file read and written at a time, into one buffer reused to the end. */
const PIECE = 256 * 1024

/**
 * Sends a reply file a piece at a time, each piece read when the previous one has gone to the
 * socket, then deletes it, however the sending ends. One buffer serves the whole reply: this
 * thread makes no garbage of the file's size, which its heap would stop to collect while other
 * calls wait. The status line is out before the file is read: if reading fails midway, or the
 * file is shorter than it said, the connection is cut (a client sees a reply shorter than its
 * Content-Length, never a truncated answer that looks whole). A client that goes stops it.
 */
export function sendFile(
  res: ServerResponse,
  reply: ReplyFile,
  log: (m: string) => void,
  headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' }
): void {
  res.writeHead(200, {
    ...headers,
    'Content-Length': reply.bytes,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  })
  const buffer = Buffer.allocUnsafe(Math.min(PIECE, Math.max(1, reply.bytes)))
  let fd: number | null = null
  let sent = 0
  let over = false
  const end = (error?: Error): void => {
    if (over) return
    over = true
    if (fd !== null) close(fd, () => undefined)
    rm(reply.path, { force: true }, () => undefined)
    if (error) {
      log(`sending a reply failed: ${error.message}`)
      res.destroy()
    }
  }
  // The client gone before the last byte: stop reading and delete the file.
  res.on('close', () => end())
  const next = (): void => {
    if (sent === reply.bytes) {
      res.end(() => end())
      return
    }
    // Never more than the file said it holds: bytes past Content-Length would corrupt the next
    // reply on the same connection.
    read(fd!, buffer, 0, Math.min(buffer.length, reply.bytes - sent), sent, (error, n) => {
      if (over) return
      if (error) return end(error)
      if (n === 0) return end(new Error(`the reply file ended at byte ${sent} of ${reply.bytes}`))
      sent += n
      // The callback comes once the piece has gone to the socket: the buffer is free again.
      res.write(n === buffer.length ? buffer : buffer.subarray(0, n), (failed) => {
        if (failed) end()
        else if (!over) next()
      })
    })
  }
  open(reply.path, 'r', (error, opened) => {
    if (over) {
      if (!error) close(opened, () => undefined)
      return
    }
    if (error) return end(error)
    fd = opened
    next()
  })
}
