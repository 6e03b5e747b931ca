// Entry point of serve mode: the archive core and the built renderer over HTTP on 127.0.0.1, for any browser.

import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readWorkerCount } from './archive/read-methods'
import { bundledResourcesDir, defaultArchivePath } from './locations'
import {
  startWriterThread,
  type StartedThread,
  type ThreadedSessionOptions
} from './writer/start-thread'

/** `--write-thread on|off` (default on, or PARALLAX_WRITE_THREAD=0 for off). */
function writeThread(flag: string | undefined): boolean {
  const value = flag ?? (process.env.PARALLAX_WRITE_THREAD === '0' ? 'off' : 'on')
  if (value !== 'on' && value !== 'off')
    throw new Error(`--write-thread must be on or off, not ${value}`)
  return value === 'on'
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      archive: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'no-sample': { type: 'boolean' },
      'read-only': { type: 'boolean' },
      'read-workers': { type: 'string' },
      'write-thread': { type: 'string' }
    },
    strict: true
  })
  const path = resolve(values.archive ?? defaultArchivePath())
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not ${values.port}`)
  const readWorkers =
    values['read-workers'] === undefined
      ? readWorkerCount()
      : readWorkerCount({ PARALLAX_READ_WORKERS: values['read-workers'] })
  // A team copy syncs live for as long as it is served (its password from PGPASSWORD or ~/.pgpass).
  // Searches, sources, listings and exports are read by worker threads on their own connections,
  // and writes run on the archive's writing connection in a thread of its own, one at a time: so
  // this thread, which takes every request, waits for neither (as in the desktop app).
  // `--write-thread off` writes on this thread instead: benchmarks compare the two.
  const opening = {
    path,
    resourcesDir: bundledResourcesDir(),
    withSample: !values['no-sample'],
    readOnly: values['read-only'],
    background: true,
    readWorkers
  }
  const log = (line: string): void => console.error(`parallax serve: ${line}`)
  // The writing thread starts before this thread loads the archive's code and the server: each
  // loads its share at the same time (327 → 291 ms to the URL in bench/startup.bench.ts).
  let thread: { options: ThreadedSessionOptions; started: Promise<StartedThread> } | null = null
  if (writeThread(values['write-thread'])) {
    const options: ThreadedSessionOptions = {
      ...opening,
      copiesDir: dirname(path),
      logPrefix: 'parallax serve: ',
      warmImports: true,
      log
    }
    const started = startWriterThread(options)
    // Its failure is taken up where it is awaited (ThreadedSession.open).
    started.catch(() => {})
    thread = { options, started }
  }
  const { serve } = await import('./serve-run')
  await serve(opening, { port, token: values.token, log }, thread)
}

main().catch((error: unknown) => {
  console.error(`parallax serve: ${(error as Error)?.message ?? String(error)}`)
  process.exit(1)
})
