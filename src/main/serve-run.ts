// Serve mode once its options are read: the session (its writing thread started by serve.ts, or the
// archive opened here), the HTTP server, and stopping on a signal. Loaded after the writing thread
// has started, so the two load the archive's code at the same time.

import { dirname } from 'node:path'
import { closeImportWorkers, warmImportWorkers } from './archive/importers'
import { bundledRendererDir } from './locations'
import { ArchiveSession, type SessionOptions } from './session'
import { ThreadedSession } from './writer/threaded-session'
import type { StartedThread, ThreadedSessionOptions } from './writer/start-thread'
import { startServer } from './transport/http'

/** What serve mode needs of its session, whichever thread writes. */
type ServedSession = Pick<
  ThreadedSession,
  'api' | 'jsonReads' | 'health' | 'writeW3CExport' | 'bundleFile' | 'stopImports' | 'stop'
> & { bodyCalls?: ThreadedSession['bodyCalls'] }

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

/**
 * Serves the archive: through the writing thread `started` (with the options it was started
 * with), or, without one, opened on this thread (`--write-thread off`).
 */
export async function serve(
  opening: Omit<SessionOptions, 'team' | 'log'>,
  options: { port: number; token?: string; log: (line: string) => void },
  thread: { options: ThreadedSessionOptions; started: Promise<StartedThread> } | null
): Promise<void> {
  const { port, log } = options
  const path = opening.path
  const session: ServedSession = thread
    ? await ThreadedSession.open(thread.options, thread.started)
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
    token: options.token
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
