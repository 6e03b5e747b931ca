// Entry point of serve mode: the archive core and the built renderer over HTTP on 127.0.0.1, for any browser.

import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { closeImportWorkers, warmImportWorkers } from './archive/importers'
import { readWorkerCount } from './archive/read-pool'
import { bundledRendererDir, bundledResourcesDir, defaultArchivePath } from './locations'
import { ArchiveSession } from './session'
import { startServer } from './transport/http'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      archive: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'no-sample': { type: 'boolean' },
      'read-only': { type: 'boolean' },
      'read-workers': { type: 'string' }
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
  // so no call waits behind them; writes stay on this thread's connection, one at a time.
  const session = ArchiveSession.open({
    path,
    resourcesDir: bundledResourcesDir(),
    withSample: !values['no-sample'],
    readOnly: values['read-only'],
    background: true,
    readWorkers,
    team: { copiesDir: dirname(path) },
    log: (line) => console.error(`parallax serve: ${line}`)
  })
  warmImportWorkers()
  const server = await startServer({
    api: session.api,
    downloads: { w3c: (scope, write) => session.archive.writeW3CExport(scope, write) },
    jsonReads: session.jsonReads,
    staticDir: bundledRendererDir(),
    port,
    token: values.token
  })
  const { health } = session.archive
  if (health.state !== 'ok') console.log(`The archive is ${health.state}: ${health.reason}.`)
  console.log(`Parallax is serving ${path}`)
  console.log(`Open ${server.openUrl}`)
  const stop = (): void => {
    // Idle workers do not hold the process open, so without a handle of its own it could end
    // before they report their end: the archive, and the read pool's folder of large replies,
    // would be left unclosed.
    const hold = setInterval(() => undefined, 1000)
    // Imports still reading are refused with a clear line rather than cut off mid-write.
    void Promise.all([server.close(), closeImportWorkers()]).then(async () => {
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
