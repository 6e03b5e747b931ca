// A read worker for tests: the real read handlers, plus a search that waits for a file, a search that crashes, large replies that fail as a test asks, and a log of who answered.

import { appendFileSync, existsSync, truncateSync, writeFileSync } from 'node:fs'
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

/**
 * The real readJson, or a large reply that goes wrong as getSource's second argument asks: the
 * worker fails after writing part of the file ('fail-midway'), dies there ('crash-midway'), hands
 * over a file shorter than it says ('cut-short'), or waits for a file first ('hold:<path>',
 * after making <path>.held).
 */
async function testReadJson(
  target: ReadTarget,
  method: string,
  args: unknown[],
  spill: string | null
): Promise<unknown> {
  const how = method === 'getSource' ? args[1] : undefined
  if (typeof how === 'string' && how.startsWith('hold:')) {
    // "<path>.held" says the read has begun and waits for <path>.
    writeFileSync(`${how.slice('hold:'.length)}.held`, '')
    await until(how.slice('hold:'.length))
  }
  if (spill && how === 'fail-midway') {
    writeFileSync(spill, '{"ok":true,"value":{"text":"The first')
    throw new Error('ENOSPC: no space left on device, write')
  }
  if (spill && how === 'crash-midway') {
    writeFileSync(spill, '{"ok":true,"value":{"text":"The first')
    process.exit(70)
  }
  const reply = await readJson(target, method, how ? args.slice(0, 1) : args, spill, heldRead)
  if (how === 'cut-short' && 'path' in reply) truncateSync(reply.path, Math.floor(reply.bytes / 2))
  return reply
}

handleCalls({ warm, read: heldRead, readJson: testReadJson })
