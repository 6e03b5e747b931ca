// WorkerPool: calls run in worker threads; a call over the memory cap or the time limit is refused, its worker replaced, the rest carry on.

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../src/shared/errors'
import { sourceWorker } from '../../../src/main/workers/locate'
import { WorkerLimitError, WorkerPool, WorkerStoppedError } from '../../../src/main/workers/pool'

const FIXTURE = sourceWorker(join(import.meta.dirname, 'fixture-worker.ts'))
const pools: WorkerPool[] = []

type Options = Partial<ConstructorParameters<typeof WorkerPool>[0]>

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: Error) => e
  )
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
})

describe.each(['thread', 'process'] as const)('WorkerPool of %s workers', (isolation) => {
  function pool(options: Options = {}): WorkerPool {
    const p = new WorkerPool({
      worker: FIXTURE,
      isolation,
      maxHeapMb: 64,
      timeoutMs: 20_000,
      ...options
    })
    pools.push(p)
    return p
  }

  it('closes its idle workers even when nothing else keeps the process alive', () => {
    // An idle worker does not hold the process open; close() must still see it end.
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tests/helpers/close-pool-child.ts', isolation],
      { encoding: 'utf8', timeout: 60_000 }
    )
    expect(run.stderr).not.toMatch(/unsettled top-level await|Error/)
    expect(run.stdout.trim().split('\n')).toEqual(['answered', 'closed'])
    expect(run.status).toBe(0)
  })

  it('answers calls from a worker thread, with ArchiveErrors intact and buffers moved back', async () => {
    const p = pool()
    expect(await p.call('echo', [{ a: [1, 'two'] }])).toEqual({ a: [1, 'two'] })
    expect(await p.call('sum', [2, 3])).toBe(5)
    const error = await rejection(p.call('refuse', ['x.docx: no']))
    expect(error).toBeInstanceOf(ArchiveError)
    expect((error as ArchiveError).code).toBe('UNSUPPORTED_FILE')
    expect((error as ArchiveError).details).toEqual({ why: 'test' })
    const bytes = await p.call<Uint8Array>('bytes', [1000])
    expect(bytes.length).toBe(1000)
    expect(await rejection(p.call('nope', []))).toHaveProperty(
      'message',
      'This worker has no method "nope".'
    )
  })

  // A thread run past its heap cap can abort the whole process on a busy machine (child.ts), so
  // only processes are trusted with that wall, and only they are run into it here.
  it.runIf(isolation === 'process')(
    'refuses a call over the memory cap, replaces the worker, and serves the next call',
    async () => {
      const p = pool({ maxHeapMb: 48 })
      const error = await rejection(p.call('hog', []))
      expect(error).toBeInstanceOf(WorkerLimitError)
      expect(error.message).toBe('needs more than 48 MB of memory')
      expect(await p.call('sum', [1, 1])).toBe(2)
    }
  )

  it('refuses a call over the time limit and keeps serving others meanwhile', async () => {
    const p = pool({ size: 2, timeoutMs: 1500 })
    const spinning = rejection(p.call('spin', []))
    // The other worker answers while the first spins.
    expect(await p.call('sum', [20, 22])).toBe(42)
    const error = await spinning
    expect(error).toBeInstanceOf(WorkerLimitError)
    expect(error.message).toBe('took longer than 1.5 s')
    expect(await p.call('sum', [1, 2])).toBe(3)
  })

  it('keeps at most `size` workers and queues the rest in order', async () => {
    const p = pool({ size: 2 })
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => p.call('sum', [i, 0])))
    expect(results).toEqual([0, 1, 2, 3, 4, 5])
    expect(p.workerCount).toBeLessThanOrEqual(2)
  })

  it('replaces a worker that exits, and rejects queued and running calls on close', async () => {
    const p = pool({ size: 1 })
    expect(await rejection(p.call('exit', []))).toBeInstanceOf(WorkerStoppedError)
    expect(await p.call('sum', [1, 1])).toBe(2)
    const running = rejection(p.call('spin', []))
    const queued = rejection(p.call('sum', [1, 1]))
    await p.close()
    for (const error of [await running, await queued]) {
      expect(error).toBeInstanceOf(WorkerStoppedError)
      expect(error.message).toMatch(/shutting down/)
    }
    expect(await rejection(p.call('sum', [1, 1]))).toBeInstanceOf(WorkerStoppedError)
  })
})
