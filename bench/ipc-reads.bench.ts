// The desktop app's main thread answering large reads over IPC with a read pool (a 20 MB source, 20,000 annotations) three ways, in the same run (npx tsx bench/ipc-reads.bench.ts): the worker's answer cloned to this thread and serialised for the page (as before the read pool replied in JSON), the worker's JSON bytes moved here and passed on as one block, and now a large reply as a link the page fetches, its file streamed a piece at a time.
//
// Electron sends an IPC reply with V8's serializer (structured clone), which v8.serialize is, and
// copies each piece of a streamed app:// answer into the page's pipe, which posting it to a worker
// thread stands in for; what the page does with it happens in the renderer's process, not here.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { serialize, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Worker, type TransferListItem } from 'node:worker_threads'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as PoolModule from '../src/main/archive/read-pool'
import type * as DispatchModule from '../src/main/transport/dispatch'
import type * as LinksModule from '../src/main/transport/reply-links'
import type * as ServiceModule from '../src/main/team/service'
import { isReplyLink } from '../src/shared/codec'
import { buildCorpus } from './corpus'
import { ROOT, loadModule, median } from './runner'

/** The page's side of a streamed answer: a thread that reads a stream to its end. */
const PAGE = `
const { parentPort } = require('node:worker_threads')
parentPort.on('message', async (stream) => {
  let bytes = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
  }
  parentPort.postMessage(bytes)
})`

const ROUNDS = 7

// Each call starts from a settled heap, so that none pays for the garbage the one before it left.
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const { ReadPool, jsonReads, withReadPool } = await loadModule<typeof PoolModule>(
    'src/main/archive/read-pool.ts'
  )
  const { ReplyLinks, linkedReads } = await loadModule<typeof LinksModule>(
    'src/main/transport/reply-links.ts'
  )
  const { dispatch, dispatchReady } = await loadModule<typeof DispatchModule>(
    'src/main/transport/dispatch.ts'
  )
  const { TeamService, archiveApi } = await loadModule<typeof ServiceModule>(
    'src/main/team/service.ts'
  )
  const dir = mkdtempSync(join(tmpdir(), 'parallax-ipc-reads-'))
  const archive = Archive.open({
    path: join(dir, 'ipc.parallax'),
    resourcesDir: join(ROOT, 'resources')
  })
  // A book-length transcript of 20 MB (just under the longest text a source may hold).
  const documents = buildCorpus(4_000_000).documents.map((d) => d.text)
  let text = ''
  for (let i = 0; text.length < 20_000_000; i++) text += `${documents[i % documents.length]}\n\n`
  text = text.slice(0, text.lastIndexOf('\n\n', 19_800_000))
  const { id } = await archive.createSource({ title: 'Transcript', text })
  const api = archiveApi(archive, new TeamService(archive, { copiesDir: dir }))
  const pool = new ReadPool(
    { path: archive.path, resourcesDir: join(ROOT, 'resources') },
    { size: 1 }
  )
  await pool.warm()
  const pooled = withReadPool(api, pool)
  // The reads as the desktop app passed them on before links: always bytes, never a file.
  const bytes = {
    methods: jsonReads(() => pool).methods,
    read: (method: string, args: unknown[]) => pool.readJson(method, args, false)
  }
  const links = new ReplyLinks()
  const linked = linkedReads(
    jsonReads(() => pool),
    links
  )
  const page = new Worker(PAGE, { eval: true })
  /** Streams a linked reply to the page thread, as the app:// handler does, until it has it all. */
  const fetchLinked = (url: string): Promise<unknown> => {
    const body = links.respond({ method: 'GET', url })?.body
    if (!body) throw new Error(`no reply at ${url}`)
    const done = new Promise((resolve) => page.once('message', resolve))
    page.postMessage(body, [body as unknown as TransferListItem])
    return done
  }
  // Many small objects: 20,000 annotations on the source.
  const tag = await api.createTag({ name: 'Claim', color: '#d9480f' })
  for (let i = 0; i < 20_000; i++) {
    const start = (i * 997) % (text.length - 200)
    await api.createAnnotation({
      sourceId: id,
      target: { start, end: start + 40 },
      tagIds: [tag.id],
      note: `Note ${i}`
    })
  }

  /**
   * One call as the main process answers it, to the page having it all, from a settled heap: this
   * thread's CPU time and longest stall, in ms (a timer after the last step lets the loop note a
   * stall at the very end).
   */
  const measure = async (answer: () => Promise<void>): Promise<{ cpu: number; stall: number }> => {
    collect()
    const loop = monitorEventLoopDelay({ resolution: 1 })
    loop.enable()
    const t0 = process.threadCpuUsage()
    await answer()
    await new Promise((resolve) => setTimeout(resolve, 2))
    const t = process.threadCpuUsage(t0)
    loop.disable()
    return { cpu: (t.user + t.system) / 1000, stall: loop.max / 1e6 }
  }
  const paths = {
    cloned: (m: string, a: unknown[]) => async () => void serialize(await dispatch(pooled, m, a)),
    bytes: (m: string, a: unknown[]) => async () =>
      void serialize(await dispatchReady(pooled, bytes, m, a)),
    link: (m: string, a: unknown[]) => async () => {
      const raw = await dispatchReady(pooled, linked, m, a)
      serialize(raw)
      if (isReplyLink(raw)) await fetchLinked(raw.$reply)
    }
  }
  const calls: [string, string, unknown[]][] = [
    ['a 20 MB source', 'getSource', [id]],
    ['20,000 annotations', 'listAnnotations', [{ sourceId: id }]]
  ]
  const results = new Map<string, { cpu: number[]; stall: number[] }>()
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, method, args] of calls) {
        for (const [name, path] of Object.entries(paths)) {
          const m = await measure(path(method, args))
          const key = `${label}: ${name}`
          const r = results.get(key) ?? { cpu: [], stall: [] }
          r.cpu.push(m.cpu)
          r.stall.push(m.stall)
          results.set(key, r)
        }
      }
    }
  } finally {
    links.close()
    await page.terminate()
    await pool.close()
    archive.close()
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(
    `Reads over IPC with a read pool, ${new Date().toISOString().slice(0, 10)}: the main thread, median of ${ROUNDS}; ratios to the answer cloned from the worker`
  )
  for (const [label] of calls) {
    const base = results.get(`${label}: cloned`)!
    for (const name of Object.keys(paths)) {
      const r = results.get(`${label}: ${name}`)!
      console.log(
        `${`${label}, ${name}`.padEnd(34)}${median(r.cpu).toFixed(1).padStart(7)} ms CPU (${(median(r.cpu) / median(base.cpu)).toFixed(2)})` +
          `${median(r.stall).toFixed(1).padStart(7)} ms longest stall (${(median(r.stall) / median(base.stall)).toFixed(2)})`
      )
    }
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
