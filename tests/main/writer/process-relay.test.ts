// Worker processes started by one thread for a pool in another: answers, refusals, a heap overrun and the end of a process cross the relay as they do a fork's pipe.

import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../src/shared/errors'
import { ChildWorker, setProcessSpawner } from '../../../src/main/workers/child'
import { sourceWorker } from '../../../src/main/workers/locate'
import { WorkerLimitError, WorkerPool } from '../../../src/main/workers/pool'
import { ProcessHost, relayedSpawner } from '../../../src/main/writer/process-relay'

const FIXTURE = sourceWorker(join(import.meta.dirname, '..', 'workers', 'fixture-worker.ts'))

afterEach(() => {
  setProcessSpawner((script, maxHeapMb) => new ChildWorker(script, maxHeapMb))
})

describe('process relay', () => {
  it('serves a pool of process workers started by the host, and replaces one that ran out of memory', async () => {
    // The two halves as the writing thread and the main thread hold them, wired through
    // structuredClone as a thread's port would copy their messages.
    let started = 0
    const host = new ProcessHost(
      (notice) => relay.receive(structuredClone(notice)),
      (script, maxHeapMb) => {
        started++
        return new ChildWorker(script, maxHeapMb)
      }
    )
    const relay = relayedSpawner((request) => host.handle(structuredClone(request)))
    setProcessSpawner(relay.spawner)
    const pool = new WorkerPool({
      worker: FIXTURE,
      isolation: 'process',
      maxHeapMb: 64,
      timeoutMs: 60_000,
      size: 1
    })
    try {
      expect(await pool.call('echo', [{ text: 'Bakı', n: [1, 2] }])).toEqual({
        text: 'Bakı',
        n: [1, 2]
      })
      const refused = await pool.call('refuse', ['not this one']).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(ArchiveError)
      expect(refused).toMatchObject({ code: 'UNSUPPORTED_FILE', message: 'not this one' })
      expect(started).toBe(1)
      const overrun = await pool.call('hog', []).catch((e: unknown) => e)
      expect(overrun).toBeInstanceOf(WorkerLimitError)
      expect(overrun).toMatchObject({ limit: 'memory', amount: 64 })
      expect(await pool.call('sum', [2, 40])).toBe(42)
      expect(started).toBe(2)
    } finally {
      await pool.close()
      await host.close()
    }
  }, 120_000)
})
