// Calls that wait behind others: a cheap call's latency over real HTTP while a common word's search or a 20 MB source is read, without and with the read pool, and a common word's search at a large archive size
// (npx tsx bench/read-pool.bench.ts [MB]; default 100, or PARALLAX_BENCH_MB; 400 takes about 6 minutes to build here;
// PARALLAX_BENCH_ARCHIVE=path keeps the archive between runs; PARALLAX_BENCH_SERVE=path/serve.js serves from
// another build; PARALLAX_BENCH_TRACE_GC=1 keeps the server's --trace-gc lines).

import { fork } from 'node:child_process'
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import type * as ArchiveModule from '../src/main/archive/archive'
import { importBatches } from '../src/shared/import-batches'
import { buildCorpus, letters } from './corpus'
import { ROOT, loadModule, median } from './runner'

const MB = Number(process.argv[2] ?? process.env.PARALLAX_BENCH_MB ?? 100)
const BIG_SOURCE_MB = 20
const COMMON = ['the', 'and', 'of']
const LIMIT = 200
/** Cheap calls sent one after another while one heavy call runs. */
const TOKEN = 'bench-token-0123456789abcdef'

/**
 * The client: two threads of their own, so that neither this script's heap nor receiving the heavy
 * answer (20 MB of data events) holds up the cheap calls being timed, as a browser's network
 * process would not (the server is a process of its own). One sends the heavy call and raises a
 * shared flag when its answer is in; the other sends cheap calls one after another until then,
 * and reports their latencies.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads')
const { request } = require('node:http')
const { performance } = require('node:perf_hooks')
const { port, token, call, role, flag } = workerData
const state = new Int32Array(flag)
function post([method, args]) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/' + method, agent: false,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' } }, (res) => {
      res.on('data', () => undefined)
      res.on('end', () => res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(method)))
    })
    req.on('error', reject)
    req.end(JSON.stringify(args))
  })
}
;(async () => {
  // state[1]: the cheap thread is up; state[0]: 1 while the heavy call runs, 2 once answered.
  if (role === 'heavy') {
    while (Atomics.load(state, 1) === 0) await new Promise((r) => setTimeout(r, 1))
    const t0 = performance.now()
    const sent = post(call)
    Atomics.store(state, 0, 1)
    await sent
    Atomics.store(state, 0, 2)
    parentPort.postMessage({ heavyMs: performance.now() - t0 })
    return
  }
  Atomics.store(state, 1, 1)
  while (Atomics.load(state, 0) === 0) await new Promise((r) => setTimeout(r, 1))
  await new Promise((r) => setTimeout(r, 2))
  const latencies = []
  while (Atomics.load(state, 0) === 1) latencies.push(await post(call))
  parentPort.postMessage({ latencies })
})()
`

interface Overlap {
  heavyMs: number
  cheapMax: number
  cheapMedian: number
  cheap: number
  /** The server thread's longest stall meanwhile (event loop delay), ms. */
  stallMs: number
  /** Its longest GC pause meanwhile, ms. */
  gcMaxMs: number
}

/** Serve mode running in a child process, with loop-probe.mjs preloaded to report its stalls. */
interface Served {
  port: number
  /** Sends the probe a message and resolves with its answer. */
  ask(message: 'reset' | 'stall' | 'busy'): Promise<Record<string, number>>
  stop(): Promise<void>
}

/**
 * Starts out/main/serve.js on `path` with `workers` read workers and waits until it is idle (read
 * workers started, the full integrity check done). PARALLAX_BENCH_TRACE_GC=1 writes the server's
 * --trace-gc lines to a file beside the archive.
 */
async function serve(path: string, workers: number, writeThread: boolean): Promise<Served> {
  // PARALLAX_BENCH_SERVE: another build's serve.js (to compare builds with this benchmark).
  const script = process.env.PARALLAX_BENCH_SERVE ?? join(ROOT, 'out', 'main', 'serve.js')
  if (!existsSync(script))
    throw new Error('Run `npx electron-vite build` first (out/main/serve.js).')
  const traceGc = process.env.PARALLAX_BENCH_TRACE_GC === '1'
  const child = fork(
    script,
    [
      '--archive',
      path,
      '--port',
      '0',
      '--token',
      TOKEN,
      '--no-sample',
      '--read-workers',
      `${workers}`,
      '--write-thread',
      writeThread ? 'on' : 'off'
    ],
    {
      execArgv: [
        '--import',
        join(ROOT, 'bench', 'loop-probe.mjs'),
        ...(traceGc ? ['--trace-gc'] : [])
      ],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc']
    }
  )
  const gcLog = `${path}.gc-${workers}.log`
  if (traceGc) writeFileSync(gcLog, '')
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      if (traceGc) appendFileSync(gcLog, chunk)
      out += chunk.toString()
      const m = /Open http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
  const ask = (message: 'reset' | 'stall' | 'busy'): Promise<Record<string, number>> =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve(m as Record<string, number>))
      child.send(message)
    })
  // Until it settles, the server is starting workers and checking the whole file.
  for (let i = 0; i < 200; i++) if ((await ask('busy')).busy < 0.05) break
  if (traceGc) console.log(`Server GC trace (${workers} read workers): ${gcLog}`)
  return {
    port,
    ask,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

/** One heavy call alone, from a client thread: how long it takes with nothing beside it (ms). */
async function alone(server: Served, heavy: [string, unknown[]]): Promise<number> {
  const flag = new SharedArrayBuffer(8)
  // As if the cheap thread were up: the heavy call goes at once.
  Atomics.store(new Int32Array(flag), 1, 1)
  return new Promise<number>((resolve, reject) => {
    const client = new Worker(CLIENT, {
      eval: true,
      workerData: { port: server.port, token: TOKEN, call: heavy, role: 'heavy', flag }
    })
    client.once('error', reject)
    client.once('message', (answer: { heavyMs: number }) => {
      void client.terminate()
      resolve(answer.heavyMs)
    })
  })
}

/** One heavy call with cheap calls beside it, from the client thread. */
async function overlap(
  server: Served,
  heavy: [string, unknown[]],
  cheap: [string, unknown[]]
): Promise<Overlap> {
  await server.ask('reset')
  const flag = new SharedArrayBuffer(8)
  const run = <T>(role: 'heavy' | 'cheap', call: [string, unknown[]]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const client = new Worker(CLIENT, {
        eval: true,
        workerData: { port: server.port, token: TOKEN, call, role, flag }
      })
      client.once('error', reject)
      client.once('message', (answer: T) => {
        void client.terminate()
        resolve(answer)
      })
    })
  const [{ heavyMs }, { latencies }] = await Promise.all([
    run<{ heavyMs: number }>('heavy', heavy),
    run<{ latencies: number[] }>('cheap', cheap)
  ])
  const m = { heavyMs, latencies }
  const { stallMs, gcMaxMs } = await server.ask('stall')
  return {
    stallMs,
    gcMaxMs,
    heavyMs: m.heavyMs,
    cheapMax: Math.max(...m.latencies),
    cheapMedian: median(m.latencies),
    cheap: m.latencies.length
  }
}

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const kept = process.env.PARALLAX_BENCH_ARCHIVE
  const dir = mkdtempSync(join(tmpdir(), 'parallax-read-pool-'))
  const path = kept ?? join(dir, 'bench.parallax')
  const resourcesDir = join(ROOT, 'resources')
  const date = new Date().toISOString().slice(0, 10)
  console.log(`Parallax read pool benchmark, ${date}, Node ${process.version}`)
  console.log(
    `Load average at start: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`
  )
  try {
    const fresh = !existsSync(path)
    const archive = Archive.open({ path, resourcesDir })
    if (fresh) {
      const corpus = buildCorpus(MB * 1_000_000)
      const files = corpus.documents.map((d) => ({
        name: d.name,
        data: new TextEncoder().encode(d.text)
      }))
      const t0 = performance.now()
      for (const [i, end] of importBatches(files.map((f) => f.data.byteLength))) {
        await archive.importFiles(files.slice(i, end))
      }
      // One long source: a book-length transcript of 20 MB.
      const sentences = corpus.documents.slice(0, 400).map((d) => d.text)
      let text = ''
      for (let i = 0; text.length < BIG_SOURCE_MB * 1_000_000; i++)
        text += `${sentences[i % sentences.length]}\n\n`
      text = text.slice(0, text.lastIndexOf('\n\n', BIG_SOURCE_MB * 990_000))
      await archive.createSource({ title: 'Transcript', text })
      archive.database.pragma('wal_checkpoint(TRUNCATE)')
      console.log(
        `Built: ${corpus.description}; ${files.length} files, ${(corpus.bytes / 1e6).toFixed(0)} MB, and a ${BIG_SOURCE_MB} MB source, in ${((performance.now() - t0) / 1000).toFixed(0)} s`
      )
    }
    const db = archive.database
    const passages = db.prepare('SELECT count(*) FROM passages').pluck().get() as number
    const textMb =
      (db.prepare('SELECT sum(length(body)) FROM passages').pluck().get() as number) / 1e6
    const bigId = db.prepare("SELECT id FROM sources WHERE title = 'Transcript'").pluck().get()
    const smallId = db
      .prepare("SELECT id FROM sources WHERE title <> 'Transcript' LIMIT 1")
      .pluck()
      .get()
    console.log(`Archive: ${passages} passages, ${textMb.toFixed(0)} MB of passage text`)

    // 1. A common word's search: the bounded first pass against ranking every match (the query
    //    search ran before), on this thread.
    const everyMatch = db.prepare(`SELECT p.source_id, p.start, p.paragraph, p.body,
        highlight(passage_text, 0, char(1), char(2)) AS marked, s.title, s.language
      FROM passage_text JOIN passages p ON p.id = passage_text.rowid
        JOIN sources s ON s.id = p.source_id
      WHERE passage_text MATCH ? ORDER BY rank LIMIT ${LIMIT + 1}`)
    const count = db.prepare('SELECT count(*) FROM passage_text WHERE passage_text MATCH ?').pluck()
    for (const word of COMMON) {
      const matches = count.get(word) as number
      const ours: number[] = []
      const all: number[] = []
      for (let round = 0; round < 6; round++) {
        let t0 = performance.now()
        const results = await archive.search(word, { limit: LIMIT })
        if (round > 0) ours.push(performance.now() - t0)
        t0 = performance.now()
        everyMatch.all(word)
        if (round > 0) all.push(performance.now() - t0)
        if (round === 0 && results.scanned === undefined && matches > 5000)
          throw new Error('expected a bounded search')
      }
      console.log(
        `Search "${word}" (${matches} passages match), limit ${LIMIT}: first pass median ${median(ours).toFixed(1)} ms (max ${Math.max(...ours).toFixed(1)})   every match ranked ${median(all).toFixed(1)} ms   ratio ${(median(ours) / median(all)).toFixed(3)}`
      )
    }

    // 2. A cheap call while a heavy one runs, over HTTP, against serve mode as users run it
    //    (out/main/serve.js in a process of its own: this script's heap, its archive and the
    //    client are not in the server's thread), without read workers and then with them.
    await archive.setBackupSchedule({ everyHours: 0, keep: 10 })
    archive.close()
    // Imports as the app sends them (a request of 100 letters; one of a 4 MB file), each run with
    // texts of its own, so that none is a duplicate of one imported before.
    const letterTexts = letters(buildCorpus(1_000_000).documents.map((d) => d.text))
    const bigText = buildCorpus(4_100_000)
      .documents.map((d) => d.text)
      .join('\n\n')
    let imports = 0
    const importCall = (texts: string[]): [string, unknown[]] => {
      const n = imports++
      const files = texts.map((text, i) => ({
        name: `import-${n}-${i}.txt`,
        data: { $bytes: Buffer.from(`Run ${n}, file ${i}\n\n${text}`, 'utf8').toString('base64') }
      }))
      return ['importFiles', [files]]
    }
    const heavies: [string, () => [string, unknown[]]][] = [
      ['search "the"', () => ['search', ['the', { limit: LIMIT }]]],
      [`getSource ${BIG_SOURCE_MB} MB`, () => ['getSource', [bigId]]],
      ['import 100 letters', () => importCall(letterTexts.slice(0, 100))],
      ['import a 4 MB file', () => importCall([bigText.slice(0, 4_000_000)])]
    ]
    const cheaps: [string, [string, unknown[]]][] = [
      ['archiveInfo (not pooled)', ['archiveInfo', []]],
      ['getSource, small (pooled)', ['getSource', [smallId]]]
    ]
    const rows: string[] = []
    const alones: string[] = []
    for (const [mode, workers, writeThread] of [
      ['one thread', 0, false],
      ['read pool', 2, false],
      ['write thread', 2, true]
    ] as const) {
      const server = await serve(path, workers, writeThread)
      try {
        for (const [heavyName, heavy] of heavies) {
          // The heavy call alone first: what the writing thread costs the call itself.
          const times: number[] = []
          for (let i = 0; i < 4; i++) times.push(await alone(server, heavy()))
          const own = median(times.slice(1))
          alones.push(`${mode}\t${heavyName}\t${own}`)
          console.log(
            `${mode.padEnd(10)} ${heavyName.padEnd(22)} alone: median ${own.toFixed(0).padStart(5)} ms`
          )
          for (const [cheapName, cheap] of cheaps) {
            await overlap(server, heavy(), cheap) // warm-up
            const runs: Overlap[] = []
            for (let i = 0; i < 3; i++) runs.push(await overlap(server, heavy(), cheap))
            const worst = Math.max(...runs.map((r) => r.cheapMax))
            const med = median(runs.map((r) => r.cheapMedian))
            const heavyMs = median(runs.map((r) => r.heavyMs))
            const stall = Math.max(...runs.map((r) => r.stallMs))
            const gc = Math.max(...runs.map((r) => r.gcMaxMs))
            rows.push(
              `${mode}\t${heavyName}\t${cheapName}\t${heavyMs}\t${med}\t${worst}\t${stall}\t${gc}`
            )
            console.log(
              `${mode.padEnd(10)} ${heavyName.padEnd(22)} ${cheapName.padEnd(26)} heavy ${heavyMs.toFixed(0).padStart(5)} ms   cheap call median ${med.toFixed(1).padStart(6)} ms, worst ${worst.toFixed(1).padStart(6)} ms   server thread's longest stall ${stall.toFixed(1).padStart(6)} ms (GC pause ${gc.toFixed(1).padStart(5)} ms)`
            )
          }
        }
      } finally {
        await server.stop()
      }
    }
    console.log('')
    const field = (mode: string, heavy: string, cheap: string, i: number): number =>
      Number(rows.find((r) => r.startsWith(`${mode}\t${heavy}\t${cheap}`))!.split('\t')[i])
    const worstOf = (mode: string, heavy: string, cheap: string): number =>
      field(mode, heavy, cheap, 5)
    let met = true
    for (const [heavyName] of heavies) {
      for (const [cheapName] of cheaps) {
        const off = worstOf('one thread', heavyName, cheapName)
        const on = worstOf('read pool', heavyName, cheapName)
        const split = worstOf('write thread', heavyName, cheapName)
        const stall = field('write thread', heavyName, cheapName, 6)
        const gc = field('write thread', heavyName, cheapName, 7)
        if (stall > 20) met = false
        console.log(
          `Worst wait of ${cheapName} behind ${heavyName}: ${off.toFixed(1)} ms on one thread, ${on.toFixed(1)} ms with the pool (ratio ${(on / off).toFixed(3)}), ${split.toFixed(1)} ms with the pool and the writing thread (ratio ${(split / off).toFixed(3)}); the server thread stalled at most ${stall.toFixed(1)} ms (its longest GC pause ${gc.toFixed(1)} ms)`
        )
      }
    }
    for (const [heavyName] of heavies) {
      const own = (mode: string): number =>
        Number(alones.find((r) => r.startsWith(`${mode}\t${heavyName}\t`))!.split('\t')[2])
      console.log(
        `${heavyName} alone: ${own('read pool').toFixed(0)} ms written on the server thread, ${own('write thread').toFixed(0)} ms in the writing thread (ratio ${(own('write thread') / own('read pool')).toFixed(3)})`
      )
    }
    // A wait longer than the server thread's stall is the machine's cores being shared (by the
    // workers, this client, and whatever else runs), not a call held up behind another; so is a
    // stall much longer than the longest GC pause (the thread waited for a core).
    console.log(
      `Aim "no call waits more than 20 ms behind another" (server thread never stalls over 20 ms with the pool and the writing thread): ${met ? 'met' : 'MISSED'}`
    )
    console.log(
      `Load average at end: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
