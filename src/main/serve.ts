// Entry point of serve mode: the archive core and the built renderer over HTTP on 127.0.0.1, for any browser.

import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { closeImportWorkers, warmImportWorkers } from './archive/importers'
import { readWorkerCount } from './archive/read-pool'
import { bundledRendererDir, bundledResourcesDir, defaultArchivePath } from './locations'
import { ArchiveSession, type SessionOptions } from './session'
import { ThreadedSession } from './writer/threaded-session'
import { startServer } from './transport/http'

/** What serve mode needs of its session, whichever thread writes. */
type ServedSession = Pick<
  ThreadedSession,
  'api' | 'jsonReads' | 'health' | 'writeW3CExport' | 'bundleFile' | 'stopImports' | 'stop'
> & { bodyCalls?: ThreadedSession['bodyCalls'] }

/** `--write-thread on|off` (default on, or PARALLAX_WRITE_THREAD=0 for off). */
function writeThread(flag: string | undefined): boolean {
  const value = flag ?? (process.env.PARALLAX_WRITE_THREAD === '0' ? 'off' : 'on')
  if (value !== 'on' && value !== 'off')
    throw new Error(`--write-thread must be on or off, not ${value}`)
  return value === 'on'
}

/** The archive opened on this thread, writes and all (`--write-thread off`). */
function openHere(
  options: Omit<SessionOptions, 'team' | 'log'>,
  log: (line: string) => void
): ServedSession {
  const session = ArchiveSession.open({
    ...options,
    team: { copiesDir: dirname(options.path) },
    log
  })
  warmImportWorkers()
  return {
    api: session.api,
    jsonReads: session.jsonReads,
    get health() {
      return session.archive.health
    },
    writeW3CExport: (scope, write) => session.archive.writeW3CExport(scope, write),
    bundleFile: () => session.bundleFile(),
    stopImports: closeImportWorkers,
    stop: () => session.stop()
  }
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
  const session = writeThread(values['write-thread'])
    ? await ThreadedSession.open({
        ...opening,
        copiesDir: dirname(path),
        logPrefix: 'parallax serve: ',
        warmImports: true,
        log
      })
    : openHere(opening, log)
  const server = await startServer({
    api: session.api,
    downloads: {
      w3c: (scope, write) => session.writeW3CExport(scope, write),
      bundle: () => session.bundleFile()
    },
    jsonReads: session.jsonReads,
    bodyCalls: session.bodyCalls,
    staticDir: bundledRendererDir(),
    port,
    token: values.token
  })
  const { health } = session
  if (health.state !== 'ok') console.log(`The archive is ${health.state}: ${health.reason}.`)
  console.log(`Parallax is serving ${path}`)
  console.log(`Open ${server.openUrl}`)
  const stop = (): void => {
    // Idle workers do not hold the process open, so without a handle of its own it could end
    // before they report their end: the archive, and the read pool's folder of large replies,
    // would be left unclosed.
    const hold = setInterval(() => undefined, 1000)
    // Imports still reading are refused with a clear line rather than cut off mid-write.
    void Promise.all([server.close(), session.stopImports()]).then(async () => {
      await session.stop()
      clearInterval(hold)
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`parallax serve: ${(error as Error)?.message ?? String(error)}`)
  process.exit(1)
})
