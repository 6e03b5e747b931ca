// A worker entry for the pool's and the thread channel's tests: echoes, throws, hogs memory, spins, waits to be released, or exits.

import { ArchiveError } from '../../../src/shared/errors'
import { Transfer, handleCalls } from '../../../src/main/workers/worker-side'

/** Ends the call `held` waits in (for calls that must be in flight together). */
let release: (() => void) | null = null

handleCalls({
  held: () => new Promise<string>((resolve) => (release = () => resolve('released'))),
  release: () => {
    release?.()
    return 'done'
  },
  echo: (value: unknown) => value,
  sum: async (a: number, b: number) => a + b,
  refuse: (message: string) => {
    throw new ArchiveError('UNSUPPORTED_FILE', message, { why: 'test' })
  },
  hog: () => {
    const held: string[] = []
    for (;;) held.push(`${Math.random()}`.repeat(64))
  },
  spin: () => {
    for (;;) {
      // busy forever: only terminate() ends this
    }
  },
  exit: () => process.exit(3),
  bytes: (n: number) => {
    const out = new Uint8Array(n).fill(7)
    return new Transfer(out, [out.buffer])
  }
})
