// Serve mode and CLI processes writing one archive together for a few seconds: writers wait their turn, nothing acknowledged is lost.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { CLI_BUNDLE, buildMainIfStale } from '../../../scripts/main-bundle.mjs'
import { tempDir } from '../../helpers/archive'
import { writerTrial } from '../../helpers/writer-trial'

beforeAll(() => {
  // Unit tests run before `npm run build` in `npm test`: (re)build once, when out/ is older than src/.
  expect(buildMainIfStale()).toBe(0)
  expect(existsSync(CLI_BUNDLE)).toBe(true)
}, 200_000)

it('serve mode, a CLI import and CLI annotations write one archive at once: every acknowledged write is there, none refused', async () => {
  const result = await writerTrial({
    cli: CLI_BUNDLE,
    serve: join(CLI_BUNDLE, '..', 'serve.js'),
    dir: tempDir(),
    ms: 8000
  })
  const seen = JSON.stringify({ ...result, refusals: result.refusals.slice(0, 5) })
  expect(result.integrity, seen).toBe('ok')
  expect(result.missing, seen).toEqual([])
  // On a crowded machine a writer may wait past the timeout; then it says so in one line, nothing else.
  const busy = /^(parallax \w+: )?(\S+: )?The archive is busy: another Parallax is writing to it/
  expect(
    result.refusals.filter((r) => !busy.test(r)),
    seen
  ).toEqual([])
  expect(result.httpDone, seen).toBeGreaterThan(0)
  expect(result.cliDone, seen).toBeGreaterThan(0)
  expect(result.imported, seen).toBeGreaterThan(0)
}, 120_000)
