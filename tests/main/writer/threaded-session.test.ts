// Serve mode's session with its writing connection in a thread of its own: reads never wait for a write, and the thread's calls behave as the main thread's did.

import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { ChildWorker, setProcessSpawner } from '../../../src/main/workers/child'
import { startServer } from '../../../src/main/transport/http'
import { viteWorker } from '../../../src/main/workers/locate'
import { ThreadedSession } from '../../../src/main/writer/threaded-session'
import {
  RESOURCES,
  backupThenWrite,
  restoreThenWrite,
  tempDir,
  titlesInFileAlone,
  utf8
} from '../../helpers/archive'
import { postApi, readBody } from '../../helpers/http'

const sessions: ThreadedSession[] = []

async function open(
  options: Partial<Parameters<typeof ThreadedSession.open>[0]> = {}
): Promise<ThreadedSession> {
  const session = await ThreadedSession.open({
    path: join(tempDir(), 'served.parallax'),
    resourcesDir: RESOURCES,
    withSample: true,
    readWorkers: 1,
    copiesDir: tempDir(),
    logPrefix: 'test: ',
    ...options
  })
  sessions.push(session)
  return session
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()))
  setProcessSpawner((script, maxHeapMb) => new ChildWorker(script, maxHeapMb))
})

describe('ThreadedSession', () => {
  // Two threads load the archive core through Vite here: seconds each on a busy machine.
  it('answers reads, archiveInfo too, while a write waits for the archive in the writing thread', async () => {
    const session = await open()
    await session.readWorkersReady()
    const { api } = session
    const tags = await api.listTags()
    const [source] = await api.listSources()
    // Another process takes the archive's write lock and keeps it until told: the next write
    // waits for it in the writing thread (up to the busy timeout).
    const holder = fork(join(import.meta.dirname, '..', 'archive', 'hold-write-lock.mjs'), [
      session.path,
      'until-told'
    ])
    try {
      await new Promise<void>((ok, fail) => {
        holder.once('message', () => ok())
        holder.once('exit', (code) => fail(new Error(`lock holder exited with ${code}`)))
      })
      let settled = false
      const write = api.createTag({ name: 'Held', color: '#117733' }).finally(() => {
        settled = true
      })
      expect(await api.listTags()).toEqual(tags)
      const info = await api.archiveInfo()
      expect(info).toMatchObject({ tags: tags.length, sources: 2, undo: null })
      expect((await api.getSource(source.id)).text.length).toBeGreaterThan(100)
      expect((await api.search('Baku')).hits.length).toBeGreaterThan(0)
      expect(settled).toBe(false)
      holder.send('commit')
      const made = await write
      expect((await api.listTags()).map((t) => t.id)).toContain(made.id)
      expect(await api.archiveInfo()).toMatchObject({
        tags: tags.length + 1,
        undo: 'New tag “Held”',
        redo: null,
        health: { state: 'ok' }
      })
      await api.undo()
      expect(await api.archiveInfo()).toMatchObject({
        tags: tags.length,
        undo: null,
        redo: 'New tag “Held”'
      })
    } finally {
      holder.kill()
    }
  }, 120_000)

  it('reads see every write, and a restored backup is what the read workers read next', async () => {
    const session = await open()
    const { api } = session
    await session.readWorkersReady()
    const before = await api.listSources()
    await api.backupNow()
    const made = await api.createSource({ title: 'Telegram', text: 'Enzeli, noon.' })
    expect((await api.getSource(made.id)).text).toBe('Enzeli, noon.')
    expect((await api.search('enzeli')).hits.map((h) => h.sourceId)).toEqual([made.id])
    expect((await api.archiveInfo()).undo).toMatch(/Telegram/)
    await api.restoreBackup()
    await session.readWorkersReady()
    expect((await api.listSources()).map((s) => s.id).sort()).toEqual(
      before.map((s) => s.id).sort()
    )
    expect((await api.search('enzeli')).hits).toEqual([])
    expect(await api.archiveInfo()).toMatchObject({ sources: 2, undo: null })
  }, 120_000)

  it('over HTTP, decodes bodies in the writing thread: uploads import, bad bodies get a clear 400 and change nothing', async () => {
    const session = await open()
    const server = await startServer({
      api: session.api,
      jsonReads: session.jsonReads,
      bodyCalls: session.bodyCalls,
      downloads: { bundle: () => session.bundleFile() },
      staticDir: tempDir(),
      token: 'threaded-token'
    })
    try {
      const call = async (
        method: string,
        body: string
      ): Promise<{ status: number; json: { ok: boolean; error?: unknown } }> => {
        const res = await fetch(`${server.url}/api/${method}`, {
          method: 'POST',
          headers: { authorization: 'Bearer threaded-token', 'content-type': 'application/json' },
          body
        })
        return { status: res.status, json: (await res.json()) as { ok: boolean; error?: unknown } }
      }
      const before = (await session.api.listSources()).length
      expect(await call('createTag', '{"name":"x"}')).toEqual({
        status: 400,
        json: {
          ok: false,
          error: {
            code: 'INVALID_ARGUMENT',
            message: 'The body must be a JSON array of the arguments of createTag.'
          }
        }
      })
      const broken = await call('importFiles', '[[{"name":"a.txt","data":')
      expect(broken.status).toBe(400)
      expect(broken.json.error).toMatchObject({ message: /^The request body is not valid JSON: / })
      const refused = await call('importFiles', '[[{"name":"a.txt","data":{"$bytes":"!!"}}]]')
      expect(refused.status).toBe(400)
      expect((await session.api.listSources()).length).toBe(before)

      const text = Buffer.from('Letter from Enzeli\n\nThe flotilla sailed at dawn.').toString(
        'base64'
      )
      const res = await postApi(server.port, 'threaded-token', 'importFiles', [
        [{ name: 'letter.txt', data: { $bytes: text } }]
      ])
      expect(res.statusCode).toBe(200)
      const reply = JSON.parse((await readBody(res)).toString('utf8'))
      expect(reply.value.imported).toHaveLength(1)
      expect((await session.api.search('flotilla')).hits).toHaveLength(1)
      expect((await session.api.archiveInfo()).sources).toBe(before + 1)

      // A body of many pieces (a 3 MB file, about 4 MB of JSON) reaches the thread whole, in order.
      const paragraphs = Array.from(
        { length: 30_000 },
        (_, i) => `Paragraph ${i} of the long report.`
      )
      const report = ['Opening words of Kars', ...paragraphs, 'Closing words of Ardahan'].join(
        '\n\n'
      )
      const big = await postApi(server.port, 'threaded-token', 'importFiles', [
        [{ name: 'report.txt', data: { $bytes: Buffer.from(report).toString('base64') } }]
      ])
      expect(big.statusCode).toBe(200)
      const [imported] = JSON.parse((await readBody(big)).toString('utf8')).value.imported
      expect((await session.api.getSource(imported.id)).text).toBe(report)

      // The bundle comes as a download a read worker wrote, and carries the letter just imported.
      const download = await fetch(
        `${server.url}/api/export/archive.parallax-bundle?name=Class.parallax-bundle`,
        {
          headers: { authorization: 'Bearer threaded-token' }
        }
      )
      expect(download.status).toBe(200)
      expect(download.headers.get('content-type')).toBe('application/zip')
      expect(download.headers.get('content-disposition')).toMatch(
        /filename="Class.parallax-bundle"/
      )
      const copy = Archive.open({ path: join(tempDir(), 'copy.parallax'), resourcesDir: RESOURCES })
      try {
        await copy.importBundle(new Uint8Array(await download.arrayBuffer()))
        expect((await copy.listSources()).map((s) => s.title).sort()).toEqual(
          (await session.api.listSources()).map((s) => s.title).sort()
        )
      } finally {
        copy.close()
      }
    } finally {
      await server.close()
    }
  }, 120_000)

  it("the desktop face moves an import's file bytes to the writing thread; the plain api leaves the caller's bytes as they were", async () => {
    const session = await open({ withSample: false })
    const letter = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))
    const kept = letter('Kept: the garrison held the station at Baladjary.')
    expect(
      (await session.api.importFiles([{ name: 'kept.txt', data: kept }])).imported
    ).toHaveLength(1)
    expect(Buffer.from(kept).toString()).toMatch(/^Kept: /)

    // As the app's IPC hands them over: each file its own buffer, never used again by the caller.
    const moved = [
      letter('Moved: the steamers left Petrovsk.'),
      letter('Moved: the Centrocaspian met.')
    ]
    // A slice of a larger buffer is copied, never taken from under its other views.
    const slab = Buffer.from('Sliced: the Dunsterforce landed at Enzeli.|the rest of the slab')
    const slice = slab.subarray(0, slab.indexOf('|'))
    const report = await session.handOverApi.importFiles([
      { name: 'a.txt', data: moved[0] },
      { name: 'b.txt', data: moved[1] },
      { name: 'c.txt', data: slice }
    ])
    expect(report.imported.map((s) => s.title).sort()).toEqual(['a', 'b', 'c'])
    expect(moved.map((m) => m.byteLength)).toEqual([0, 0])
    expect(slab.toString()).toMatch(/\|the rest of the slab$/)
    expect((await session.api.search('Centrocaspian')).hits).toHaveLength(1)

    // What is not a list of files still gets the archive's own answer.
    await expect(
      session.handOverApi.importFiles(
        42 as unknown as Parameters<typeof session.api.importFiles>[0]
      )
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    const bundle = await session.api.exportBundle()
    const other = await open({ withSample: false })
    const merged = await other.handOverApi.importBundle(bundle)
    expect(bundle.byteLength).toBe(0)
    expect(merged.sources.added).toBe(4)
    expect((await other.api.search('Petrovsk')).hits).toHaveLength(1)
  }, 120_000)

  it('a backup is copied in a worker of the writing thread: a write asked for after it is answered before it', async () => {
    const session = await open({ background: true })
    const { made, order } = await backupThenWrite(session.api)
    expect(order).toEqual(['write', 'backup'])
    expect(made.reason).toBe('manual')
    expect(existsSync(made.path)).toBe(true)
  }, 120_000)

  it('stop closes the read workers before the writing connection, which leaves no write-ahead log beside the file', async () => {
    const session = await open()
    await session.readWorkersReady()
    await session.api.createSource({ title: 'Telegram', text: 'Enzeli, noon.' })
    expect((await session.api.search('enzeli')).hits).toHaveLength(1)
    expect(existsSync(`${session.path}-wal`)).toBe(true)
    await session.stop()
    expect(existsSync(`${session.path}-wal`)).toBe(false)
    const reopened = Archive.open({ path: session.path, resourcesDir: RESOURCES })
    expect((await reopened.listSources()).map((s) => s.title)).toContain('Telegram')
    reopened.close()
  }, 120_000)

  it('a write reaches the archive file itself within moments, not only its write-ahead log, before and after a restored backup', async () => {
    const session = await open({ readWorkers: 0 })
    const { api } = session
    const titlesInFile = (): string[] => titlesInFileAlone(session.path)
    await api.createSource({ title: 'Telegram', text: 'Enzeli, noon.' })
    await expect.poll(titlesInFile, { timeout: 60_000 }).toContain('Telegram')
    await restoreThenWrite(api, session.path)
  }, 180_000)

  it('with relayProcesses, the import workers are processes this thread starts, and their answers, refusals and duplicates reach the writing thread as in one thread', async () => {
    let spawned = 0
    setProcessSpawner((script, maxHeapMb) => {
      spawned++
      return new ChildWorker(script, maxHeapMb)
    })
    const session = await open({ host: { relayProcesses: true } })
    const { api } = session
    const before = await api.listSources()
    const letter = 'Letter from Enzeli\n\nThe flotilla sailed at dawn.'
    // A request the writing thread would refuse is refused before any file is read.
    await expect(
      api.importFiles([{ name: 'letter.txt', data: utf8(letter) }], { batch: 42 as never })
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /options\.batch/ })
    expect(spawned).toBe(0)
    expect(await api.listSources()).toHaveLength(before.length)

    const report = await api.importFiles(
      [
        { name: 'letter.txt', data: utf8(letter) },
        { name: 'broken.docx', data: utf8('PK this is not a zip archive at all') },
        { name: 'copy.txt', data: utf8(`\uFEFF${letter.replace(/\n/g, '\r\n')}`) }
      ],
      { batch: 'drop-1' }
    )
    expect(report.imported.map((s) => s.title)).toEqual(['Letter from Enzeli'])
    expect(report.failed).toEqual([
      {
        name: 'broken.docx',
        code: 'UNSUPPORTED_FILE',
        message: expect.stringMatching(/^broken\.docx: this Word file is damaged/)
      }
    ])
    // The same text again (with a BOM and CRLF) names the source its twin just became.
    expect(report.duplicates).toEqual([
      { name: 'copy.txt', sourceId: report.imported[0].id, title: 'Letter from Enzeli' }
    ])
    expect(spawned).toBeGreaterThan(0)
    expect((await api.listSources()).length).toBe(before.length + 1)
    expect((await api.search('flotilla')).hits).toHaveLength(1)
    expect((await api.archiveInfo()).undo).toBe('Import “Letter from Enzeli”')
    await api.undo()
    expect(await api.listSources()).toHaveLength(before.length)
  }, 120_000)

  it('when the writing thread dies, the call in it fails and the next one opens the archive in a new thread', async () => {
    const lines: string[] = []
    const session = await open({
      worker: viteWorker(join(import.meta.dirname, 'crashing-writer.ts')),
      log: (line) => lines.push(line)
    })
    const { api } = session
    const kept = await api.createTag({ name: 'Kept', color: '#332288' })
    // Over HTTP the call that died with the thread is answered, in one line, not left hanging.
    const server = await startServer({
      api,
      jsonReads: session.jsonReads,
      bodyCalls: { ...session.bodyCalls, methods: new Set(['crash']) },
      staticDir: tempDir(),
      token: 'crash-token'
    })
    try {
      const res = await postApi(server.port, 'crash-token', 'crash', [])
      expect(res.statusCode).toBe(500)
      const reply = JSON.parse((await readBody(res)).toString('utf8'))
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'INTERNAL',
          message:
            "The archive's thread stopped (exit code 7), so this change may not have been saved; the archive is opened again for the next one."
        }
      })
    } finally {
      await server.close()
    }
    const next = await api.createTag({ name: 'After', color: '#882255' })
    const names = (await api.listTags()).map((t) => t.id)
    expect(names).toEqual(expect.arrayContaining([kept.id, next.id]))
    expect(lines.join('\n')).toMatch(/opened again in a new one/)
    // The new thread's history starts afresh.
    expect((await api.archiveInfo()).undo).toBe('New tag “After”')
  }, 120_000)
})
