// The desktop app's main thread answering a 20 MB source over IPC with a read pool, as it did (the worker's answer cloned to this thread, then serialised for the page) against now (the worker's JSON bytes moved here and passed on as one block), in the same run (npx tsx bench/ipc-reads.bench.ts).
//
// Electron sends an IPC reply with V8's serializer (structured clone), which v8.serialize is; what
// the page does with it happens in the renderer's process, not here.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { serialize } from 'node:v8'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as PoolModule from '../src/main/archive/read-pool'
import type * as DispatchModule from '../src/main/transport/dispatch'
import type * as ServiceModule from '../src/main/team/service'
import { buildCorpus } from './corpus'
import { ROOT, loadModule, median } from './runner'

const ROUNDS = 7

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const { ReadPool, byteReads, withReadPool } = await loadModule<typeof PoolModule>(
    'src/main/archive/read-pool.ts'
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
  const reads = byteReads(pool)

  /** One call as the IPC handler answers it: this thread's CPU time and longest stall, in ms. */
  const measure = async (
    answer: () => Promise<unknown>
  ): Promise<{ cpu: number; stall: number }> => {
    const loop = monitorEventLoopDelay({ resolution: 1 })
    loop.enable()
    const t0 = process.threadCpuUsage()
    serialize(await answer())
    const t = process.threadCpuUsage(t0)
    loop.disable()
    return { cpu: (t.user + t.system) / 1000, stall: loop.max / 1e6 }
  }
  const before = { cpu: [] as number[], stall: [] as number[] }
  const now = { cpu: [] as number[], stall: [] as number[] }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const old = await measure(() => dispatch(pooled, 'getSource', [id]))
      const ready = await measure(() => dispatchReady(pooled, reads, 'getSource', [id]))
      before.cpu.push(old.cpu)
      before.stall.push(old.stall)
      now.cpu.push(ready.cpu)
      now.stall.push(ready.stall)
    }
  } finally {
    await pool.close()
    archive.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const row = (label: string, m: { cpu: number[]; stall: number[] }): string =>
    `${label.padEnd(44)}${median(m.cpu).toFixed(1).padStart(8)} ms CPU${median(m.stall).toFixed(1).padStart(8)} ms longest stall`
  console.log(
    `A ${(text.length / 1e6).toFixed(0)} MB source read over IPC with a read pool, ${new Date().toISOString().slice(0, 10)}: this thread, median of ${ROUNDS}`
  )
  console.log(row('answer cloned from the worker, serialised', before))
  console.log(row('the worker’s JSON bytes passed on', now))
  console.log(
    `ratio ${(median(now.cpu) / median(before.cpu)).toFixed(2)} of the CPU, ${(median(now.stall) / median(before.stall)).toFixed(2)} of the longest stall`
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
