// ThreadChannel: one worker thread taking many calls at once; a call waiting there holds up no other, and the thread's end fails what was in it.

import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../src/shared/errors'
import { sourceWorker } from '../../../src/main/workers/locate'
import { WorkerStoppedError } from '../../../src/main/workers/pool'
import { ThreadChannel } from '../../../src/main/workers/thread-channel'

const FIXTURE = sourceWorker(join(import.meta.dirname, 'fixture-worker.ts'))
const channels: ThreadChannel[] = []

function channel(onExit?: (reason: Error) => void): ThreadChannel {
  const c = new ThreadChannel(FIXTURE, { onExit })
  channels.push(c)
  return c
}

afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()))
})

describe('ThreadChannel', () => {
  it('answers a call while another waits in the same thread, each by its own id', async () => {
    const c = channel()
    let settled = false
    const held = c.call<string>('held', []).finally(() => (settled = true))
    expect(await c.call('sum', [2, 3])).toBe(5)
    expect(await c.call('echo', [{ a: [1, 'two'] }])).toEqual({ a: [1, 'two'] })
    expect(settled).toBe(false)
    expect(await c.call('release', [])).toBe('done')
    expect(await held).toBe('released')
  })

  it('brings ArchiveErrors back intact, and moves buffers it is given', async () => {
    const c = channel()
    const error = await c.call('refuse', ['not this file']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ArchiveError)
    expect(error).toMatchObject({ code: 'UNSUPPORTED_FILE', message: 'not this file' })
    const bytes = new Uint8Array(1024).fill(9)
    expect(await c.call<Uint8Array>('echo', [bytes], [bytes.buffer])).toEqual(
      new Uint8Array(1024).fill(9)
    )
    expect(bytes.byteLength).toBe(0)
    expect(await c.call('echo', ['still here'])).toBe('still here')
  })

  it('a call whose arguments cannot be copied fails alone; the thread carries on', async () => {
    const c = channel()
    await expect(c.call('echo', [() => 1])).rejects.toThrow()
    expect(await c.call('echo', [7])).toBe(7)
  })

  it('when the thread ends, the calls in it fail with a WorkerStoppedError, and so does every later call', async () => {
    const ends: Error[] = []
    const c = channel((reason) => ends.push(reason))
    const held = c.call('held', []).catch((e: unknown) => e)
    const exit = c.call('exit', []).catch((e: unknown) => e)
    for (const call of [held, exit]) {
      const error = await call
      expect(error).toBeInstanceOf(WorkerStoppedError)
      expect((error as Error).message).toMatch(/exit code 3/)
    }
    expect(c.isEnded).toBe(true)
    expect(ends).toHaveLength(1)
    await expect(c.call('echo', [1])).rejects.toBeInstanceOf(WorkerStoppedError)
  })

  it('close ends the thread and fails what waits in it', async () => {
    const c = channel()
    const held = expect(c.call('held', [])).rejects.toThrow(/shutting down/)
    await c.close()
    await held
    expect(c.isEnded).toBe(true)
  })
})
