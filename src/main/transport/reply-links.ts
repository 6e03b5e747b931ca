// The desktop app's large read answers: the file a read worker wrote, fetched once by the page from an app:// address and streamed a piece at a time.

import { randomBytes } from 'node:crypto'
import { createReadStream, openSync, rm } from 'node:fs'
import { Readable } from 'node:stream'
import type { ReplyLink } from '../../shared/codec'
import { APP_ORIGIN } from '../app-url'
import type { ReadyReads } from './dispatch'
import type { ReplyFile } from './http-reply'

/** Where reply files are fetched from: app://parallax/_reply/<token>. */
export const REPLY_PREFIX = `${APP_ORIGIN}/_reply/`

/** Bytes read from a reply file at a time (each piece goes to the page before the next is read). */
const PIECE = 1024 * 1024

/** How long a reply waits to be fetched before its file is deleted (a page that reloaded meanwhile). */
const DEFAULT_TTL_MS = 5 * 60_000

interface Waiting {
  file: ReplyFile
  timer: NodeJS.Timeout
}

/**
 * Reply files the page may fetch, each once, under an address nobody can guess. The IPC answer
 * to a large read is then a ReplyLink of a few bytes; the answer itself goes from the read worker's
 * file to the page in pieces of 1 MB, read by the app:// handler as the page takes them, so the
 * main process never holds a whole 20 MB answer nor makes garbage of its size at once (which
 * stalled it while every other call waited). Serve mode sends the same files over HTTP (sendFile).
 */
export class ReplyLinks {
  private readonly waiting = new Map<string, Waiting>()

  constructor(private readonly ttlMs = DEFAULT_TTL_MS) {}

  /** Files waiting to be fetched (for tests). */
  get size(): number {
    return this.waiting.size
  }

  /** Takes charge of `file` (deleting it when fetched, expired or closed) and gives its link. */
  link(file: ReplyFile): ReplyLink {
    const token = randomBytes(16).toString('hex')
    const timer = setTimeout(() => this.drop(token), this.ttlMs)
    timer.unref()
    this.waiting.set(token, { file, timer })
    return { $reply: `${REPLY_PREFIX}${token}`, bytes: file.bytes }
  }

  /**
   * The answer to an app:// request: null when it is not a reply's address (the renderer's files
   * answer it); 404 for a reply unknown, already fetched or expired; else the file, streamed and
   * deleted once sent (or once the page stops reading it).
   */
  respond(request: { method: string; url: string }): Response | null {
    if (!request.url.startsWith(REPLY_PREFIX)) return null
    const token = request.url.slice(REPLY_PREFIX.length)
    const entry = request.method === 'GET' ? this.waiting.get(token) : undefined
    if (!entry) return new Response('Not found', { status: 404 })
    this.waiting.delete(token)
    clearTimeout(entry.timer)
    let fd: number
    try {
      fd = openSync(entry.file.path, 'r')
    } catch {
      remove(entry.file)
      return new Response('Not found', { status: 404 })
    }
    const stream = createReadStream('', { fd, highWaterMark: PIECE })
    stream.on('close', () => remove(entry.file))
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(entry.file.bytes),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff'
      }
    })
  }

  /** Deletes every file still waiting (the app quits). */
  close(): void {
    for (const token of [...this.waiting.keys()]) this.drop(token)
  }

  private drop(token: string): void {
    const entry = this.waiting.get(token)
    if (!entry) return
    this.waiting.delete(token)
    clearTimeout(entry.timer)
    remove(entry.file)
  }
}

function remove(file: ReplyFile): void {
  rm(file.path, { force: true }, () => undefined)
}

/**
 * The desktop app's reads from serve mode's: a reply the read pool wrote to a file comes as its
 * ReplyLink, one in bytes as those bytes (Electron passes them to the page as one block).
 */
export function linkedReads(
  reads: ReadyReads<Uint8Array | ReplyFile>,
  links: ReplyLinks
): ReadyReads<Uint8Array | ReplyLink> {
  return {
    methods: reads.methods,
    read: async (method, args) => {
      const reply = await reads.read(method, args)
      return reply === null || reply instanceof Uint8Array ? reply : links.link(reply)
    }
  }
}
