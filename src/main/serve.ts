// Entry point of serve mode: the archive core and the built renderer over HTTP on 127.0.0.1, for any browser.

import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Archive } from './archive/archive'
import { closeImportWorkers, warmImportWorkers } from './archive/importers'
import { bundledRendererDir, bundledResourcesDir, defaultArchivePath } from './locations'
import { warmUpExport } from './export/pdf'
import { TeamService, archiveApi } from './team/service'
import { startServer } from './transport/http'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      archive: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'no-sample': { type: 'boolean' }
    },
    strict: true
  })
  const path = resolve(values.archive ?? defaultArchivePath())
  mkdirSync(dirname(path), { recursive: true })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not ${values.port}`)
  const archive = Archive.open({
    path,
    resourcesDir: bundledResourcesDir(),
    withSample: !values['no-sample']
  })
  // Scheduled backups: checked now and every 10 minutes; one is made only when it is due.
  const backupIfDue = (): void => {
    try {
      archive.runScheduledBackup()
    } catch (error) {
      console.error(`parallax serve: scheduled backup failed: ${(error as Error).message}`)
    }
  }
  backupIfDue()
  setInterval(backupIfDue, 10 * 60_000).unref()
  // The first handout would wait seconds for the citation engine and the fonts: ready them while
  // the user is still reading.
  setTimeout(
    () => void warmUpExport(join(bundledResourcesDir(), 'fonts')).catch(() => {}),
    3000
  ).unref()
  warmImportWorkers()
  // A team copy syncs live for as long as it is served (its password from PGPASSWORD or ~/.pgpass).
  const team = new TeamService(archive, { copiesDir: dirname(path) })
  team.start()
  const server = await startServer({
    api: archiveApi(archive, team),
    downloads: { w3c: (scope, write) => archive.writeW3CExport(scope, write) },
    staticDir: bundledRendererDir(),
    port,
    token: values.token
  })
  console.log(`Parallax is serving ${path}`)
  console.log(`Open ${server.openUrl}`)
  const stop = (): void => {
    // Imports still reading are refused with a clear line rather than cut off mid-write.
    void Promise.all([server.close(), closeImportWorkers()]).then(async () => {
      await team.stop()
      archive.close()
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
