// A read worker for tests: the real read handlers, plus a search that waits for a file, a search that crashes, and a log of who answered.

import { appendFileSync, existsSync } from 'node:fs'
import { threadId } from 'node:worker_threads'
import { read, readJson, warm } from '../../../src/main/archive/read-handlers'
import type { ReadTarget } from '../../../src/main/archive/read-methods'
import { handleCalls } from '../../../src/main/workers/worker-side'

/** Resolves once `path` exists (the test makes it when the held read may finish). */
async function until(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 10))
}

/** The real read, held, crashed and logged as the test asks. */
async function heldRead(target: ReadTarget, method: string, args: unknown[]): Promise<unknown> {
  const query = args[0]
  if (method === 'search' && query === 'crash') process.exit(70)
  if (method === 'search' && typeof query === 'string' && query.startsWith('hold:')) {
    await until(query.slice('hold:'.length))
    args = ['baku', ...args.slice(1)]
  }
  // Which thread answered what, one line each: "<threadId> <method>".
  appendFileSync(`${target.path}.reads`, `${threadId} ${method}\n`)
  return read(target, method, args)
}

handleCalls({
  warm,
  read: heldRead,
  readJson: (target: ReadTarget, method: string, args: unknown[], spill: string | null) =>
    readJson(target, method, args, spill, heldRead)
})
