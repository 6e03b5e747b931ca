// The desktop app starts worker processes its own way (Electron's utilityProcess): the pool takes an injected spawner, and worker-side answers on process.parentPort.

import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ChildWorker, setProcessSpawner } from '../../../src/main/workers/child'
import { sourceWorker } from '../../../src/main/workers/locate'
import { WorkerPool } from '../../../src/main/workers/pool'

const PARENT_PORT_WORKER = sourceWorker(join(import.meta.dirname, 'parent-port-worker.ts'))

afterEach(() => {
  setProcessSpawner((script, maxHeapMb) => new ChildWorker(script, maxHeapMb))
})

describe('worker processes started by an injected spawner', () => {
  it('the pool uses the spawner, and a worker answering on process.parentPort is served like a fork', async () => {
    const seen: unknown[] = []
    let spawned = 0
    setProcessSpawner((script, maxHeapMb) => {
      spawned++
      const worker = new ChildWorker(script, maxHeapMb)
      worker.on('message', (message) => seen.push(message))
      return worker
    })
    const pool = new WorkerPool({
      worker: PARENT_PORT_WORKER,
      isolation: 'process',
      maxHeapMb: 64,
      timeoutMs: 20_000,
      size: 1
    })
    try {
      expect(await pool.call('echo', [{ text: 'Bakı', bytes: new Uint8Array([1, 2, 3]) }])).toEqual(
        {
          text: 'Bakı',
          bytes: new Uint8Array([1, 2, 3])
        }
      )
      await expect(pool.call('fail', [])).rejects.toThrow('refused on purpose')
      expect(spawned).toBe(1)
      expect(seen.length).toBe(2)
      expect(seen.every((m) => (m as { via?: string }).via === 'parentPort')).toBe(true)
    } finally {
      await pool.close()
    }
  })
})
