// Child process of the pool's tests: one call, then close() with nothing else keeping the process alive.
// Run from the checkout: node --import tsx tests/helpers/close-pool-child.ts thread|process
// Prints "closed" once close() settled; a close() that waits on something unref'd never prints it.

import { join } from 'node:path'
import { sourceWorker } from '../../src/main/workers/locate'
import { WorkerPool } from '../../src/main/workers/pool'

void (async () => {
  const isolation = process.argv[2] as 'thread' | 'process'
  const pool = new WorkerPool({
    worker: sourceWorker(join(import.meta.dirname, '..', 'main', 'workers', 'fixture-worker.ts')),
    isolation,
    maxHeapMb: 64,
    timeoutMs: 20_000
  })
  process.stdout.write(`${await pool.call('echo', ['answered'])}\n`)
  await pool.close()
  process.stdout.write('closed\n')
})()
