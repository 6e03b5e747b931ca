// The desktop app's IPC face with a read pool: pooled reads come as the worker's JSON reply, in bytes when small and as a one-time app:// link to its file when large (streamed, then deleted), which the preload reads to the same answer the archive gives; other calls, refusals and a closed pool come as envelopes.

import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReadPool, jsonReads } from '../../../src/main/archive/read-pool'
import { dispatchReady } from '../../../src/main/transport/dispatch'
import { REPLY_PREFIX, ReplyLinks, linkedReads } from '../../../src/main/transport/reply-links'
import type { ArchiveApi } from '../../../src/shared/api'
import { isReplyLink, readIpcReply, type ReplyLink } from '../../../src/shared/codec'
import {
  RESOURCES,
  apiOf,
  snapshot,
  tempArchive,
  tempDir,
  type TempArchive
} from '../../helpers/archive'

let handle: TempArchive
let api: ArchiveApi
let pool: ReadPool
let links: ReplyLinks
let bigId: string
let scratch: string

beforeAll(async () => {
  handle = tempArchive({ sample: true })
  api = apiOf(handle.archive)
  scratch = tempDir('parallax-reply-links-')
  const paragraph = 'The oil fields of Baku changed hands twice in the autumn of 1918. '.repeat(30)
  const text = `A long dossier\n\n${Array.from({ length: 1600 }, (_, i) => `${i}. ${paragraph}`).join('\n\n')}`
  const report = await api.importFiles([
    { name: 'dossier.txt', data: new TextEncoder().encode(text) }
  ])
  bigId = report.imported[0].id
  pool = new ReadPool({ path: handle.path, resourcesDir: RESOURCES }, { size: 1 })
  links = new ReplyLinks()
  await pool.warm()
}, 60_000)

afterAll(async () => {
  links?.close()
  await pool?.close()
  handle?.cleanup()
})

/** What the page's fetch of an app:// reply address gets: the protocol handler's answer. */
async function fetchReply(url: string, using = links): Promise<Uint8Array> {
  const response = using.respond({ method: 'GET', url })
  if (!response) throw new Error('not a reply address')
  if (!response.ok) throw new Error(`status ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

/** What the preload makes of the main process's answer, and in which form that answer came. */
async function call(
  method: string,
  args: unknown,
  over: ReadPool = pool
): Promise<{ form: 'bytes' | 'link' | 'envelope'; raw: unknown; response: unknown }> {
  const raw = await dispatchReady(
    api,
    linkedReads(
      jsonReads(() => over),
      links
    ),
    method,
    args
  )
  const form = raw instanceof Uint8Array ? 'bytes' : isReplyLink(raw) ? 'link' : 'envelope'
  return { form, raw, response: await readIpcReply(raw, fetchReply) }
}

/** Waits (on the state, not a clock) until `done` holds, for at most 10 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A reply file of `text` for links to take, as a read worker would have written it. */
function replyFile(name: string, text: string, bytes = Buffer.byteLength(text)) {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return { path, bytes }
}

describe('reads over IPC with a read pool', () => {
  it('hands a 3 MB source over as a link the page fetches once, to the archive’s own answer, and deletes its file', async () => {
    const { form, raw, response } = await call('getSource', [bigId])
    expect(form).toBe('link')
    const own = await api.getSource(bigId)
    expect(own.text.length).toBeGreaterThan(3_000_000)
    expect(response).toEqual({ ok: true, value: JSON.parse(JSON.stringify(own)) })
    const link = raw as ReplyLink
    expect(link.$reply.startsWith(REPLY_PREFIX)).toBe(true)
    expect(link.bytes).toBeGreaterThan(3_000_000)
    expect(links.size).toBe(0)
    // Fetched once: the same address again is refused, and the preload says so plainly.
    const again = await readIpcReply(raw, fetchReply)
    expect(again).toMatchObject({ ok: false, error: { code: 'IO' } })
    expect((again as { error: { message: string } }).error.message).toMatch(/status 404/)
  })

  it('passes a small answer on as the bytes the worker encoded', async () => {
    const { form, response } = await call('listSources', [])
    expect(form).toBe('bytes')
    expect(response).toEqual({
      ok: true,
      value: JSON.parse(JSON.stringify(await api.listSources()))
    })
  })

  it('gives bytes in an answer back as bytes (a bundle)', async () => {
    const { form, response } = await call('exportBundle', [])
    expect(form).not.toBe('envelope')
    expect(response).toMatchObject({ ok: true })
    const bundle = (response as { value: unknown }).value
    expect(bundle).toBeInstanceOf(Uint8Array)
    // A bundle is a zip: it starts with "PK".
    expect(Buffer.from((bundle as Uint8Array).subarray(0, 2)).toString('latin1')).toBe('PK')
  })

  it('answers a read of a source that is not there with the archive’s refusal', async () => {
    const { form, response } = await call('getSource', ['NOSUCH23'])
    expect(form).toBe('envelope')
    expect(response).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('answers calls the pool does not take, and malformed ones, on the main side as envelopes', async () => {
    const tags = await call('listTags', [])
    expect(tags.form).toBe('envelope')
    expect(tags.response).toEqual({ ok: true, value: await api.listTags() })
    const malformed = await call('getSource', bigId)
    expect(malformed.form).toBe('envelope')
    expect(malformed.response).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('reads on the main side once the pool has closed, and leaves the archive as it was', async () => {
    const before = snapshot(handle.archive)
    const closed = new ReadPool({ path: handle.path, resourcesDir: RESOURCES }, { size: 1 })
    await closed.close()
    const { form, response } = await call('listSources', [], closed)
    expect(form).toBe('envelope')
    expect(response).toMatchObject({ ok: true })
    expect((response as { value: unknown[] }).value).toHaveLength(3)
    expect(snapshot(handle.archive)).toEqual(before)
  })
})

describe('reply links', () => {
  it('answers only GETs of a link it gave, and leaves every other app:// address to the files', async () => {
    const own = new ReplyLinks()
    const file = replyFile('a.json', '{"ok":true,"value":1}')
    const link = own.link(file)
    expect(own.respond({ method: 'GET', url: 'app://parallax/index.html' })).toBeNull()
    expect(own.respond({ method: 'GET', url: 'app://elsewhere/_reply/x' })).toBeNull()
    expect(own.respond({ method: 'GET', url: `${REPLY_PREFIX}${'0'.repeat(32)}` })?.status).toBe(
      404
    )
    expect(own.respond({ method: 'POST', url: link.$reply })?.status).toBe(404)
    // A refused request does not use the link up.
    expect(await readIpcReply(link, (url) => fetchReply(url, own))).toEqual({ ok: true, value: 1 })
    await until(() => !existsSync(file.path))
    own.close()
  })

  it('says a reply shorter than announced could not be read, instead of a truncated answer', async () => {
    const own = new ReplyLinks()
    const file = replyFile('short.json', '{"ok":true,"value":"abc"}', 100)
    const response = await readIpcReply(own.link(file), (url) => fetchReply(url, own))
    expect(response).toMatchObject({ ok: false, error: { code: 'IO' } })
    expect((response as { error: { message: string } }).error.message).toMatch(/25 of 100 bytes/)
    own.close()
  })

  it('deletes a file the page stops reading midway', async () => {
    const own = new ReplyLinks()
    const file = replyFile('cut.json', JSON.stringify({ ok: true, value: 'x'.repeat(3_000_000) }))
    const response = own.respond({ method: 'GET', url: own.link(file).$reply })!
    const reader = response.body!.getReader()
    expect((await reader.read()).done).toBe(false)
    await reader.cancel()
    await until(() => !existsSync(file.path))
    own.close()
  })

  it('deletes files nobody fetched when they expire, and when closed', async () => {
    const brief = new ReplyLinks(20)
    const expired = replyFile('late.json', '{"ok":true,"value":2}')
    const link = brief.link(expired)
    await until(() => !existsSync(expired.path))
    expect(brief.size).toBe(0)
    expect(brief.respond({ method: 'GET', url: link.$reply })?.status).toBe(404)
    const own = new ReplyLinks()
    const left = replyFile('left.json', '{"ok":true,"value":3}')
    own.link(left)
    own.close()
    await until(() => !existsSync(left.path))
    expect(own.size).toBe(0)
  })
})
