// Writes during a backup: the same small writes made while a backup is copied in a worker of its own (as the app
// and serve mode copy them) and while it is copied on the writing connection (as before), in one run
// (npx tsx bench/backup.bench.ts, after `npm run build`; BACKUP_ARCHIVE=path measures a copy of an existing archive instead of
// one of 100,000 sources built for it).

import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as ReadPoolModule from '../src/main/archive/read-pool'
import { makeLibraryArchive } from './library-archive'
import { ROOT, loadModule, median } from './runner'

const ROUNDS = 3
/** The built read worker, as the app starts it (from sources it would load through Vite). */
const READ_WORKER = { filename: join(ROOT, 'out/main/read-worker.js'), execArgv: [] }

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const { backupInWorker } = await loadModule<typeof ReadPoolModule>(
    'src/main/archive/read-pool.ts'
  )
  const dir = mkdtempSync(join(tmpdir(), 'parallax-backup-bench-'))
  const path = join(dir, 'bench.parallax')
  try {
    if (process.env.BACKUP_ARCHIVE) copyFileSync(process.env.BACKUP_ARCHIVE, path)
    else await makeLibraryArchive(ROOT, path, 100_000)
    const mb = statSync(path).size / 1e6
    const archive = Archive.open({ path, resourcesDir: join(ROOT, 'resources') })
    const tag = await archive.createTag({ name: 'Checked', color: '#336699' })
    let n = 0
    /** One small write, as a person makes them: a tag's note changed. */
    const write = async (): Promise<void> => {
      await archive.updateTag(tag.id, { description: `Checked ${n++}` })
    }

    /**
     * Writes one after the other (as calls arrive) while `copy` runs: how long the copy took, and
     * the longest any write waited from being asked to being answered.
     */
    const during = async (
      copy: () => Promise<unknown>
    ): Promise<{ copy: number; wait: number }> => {
      let done = false
      let wait = 0
      // The first write is asked as the copy begins: on the writing connection it is answered
      // only once the whole copy is made.
      const t0 = performance.now()
      const copied = copy().finally(() => (done = true))
      await write()
      wait = performance.now() - t0
      const writes = (async () => {
        await new Promise((r) => setTimeout(r, 2))
        while (!done) {
          const asked = performance.now()
          await write()
          wait = Math.max(wait, performance.now() - asked)
          // The next call comes a moment later, as calls do (and the copy's answer gets in).
          await new Promise((r) => setTimeout(r, 2))
        }
      })()
      await copied
      const copyMs = performance.now() - t0
      await writes
      return { copy: copyMs, wait }
    }

    const target = { path, resourcesDir: join(ROOT, 'resources') }
    const worker: { copy: number; wait: number }[] = []
    const connection: { copy: number; wait: number }[] = []
    for (let i = 0; i < ROUNDS; i++) {
      worker.push(await during(() => backupInWorker(target, 'manual', READ_WORKER)))
      connection.push(await during(async () => archive.backup('manual')))
    }
    archive.close()
    const m = (xs: { copy: number; wait: number }[], k: 'copy' | 'wait'): number =>
      median(xs.map((x) => x[k]))
    console.log(
      `Parallax backup benchmark, ${new Date().toISOString().slice(0, 10)}: a ${mb.toFixed(0)} MB archive, median of ${ROUNDS}`
    )
    console.log(
      `copy in a worker       ${m(worker, 'copy').toFixed(0).padStart(6)} ms   longest write wait ${m(worker, 'wait').toFixed(1).padStart(7)} ms`
    )
    console.log(
      `copy on the connection ${m(connection, 'copy').toFixed(0).padStart(6)} ms   longest write wait ${m(connection, 'wait').toFixed(1).padStart(7)} ms`
    )
    console.log(
      `longest wait, worker / connection: ${(m(worker, 'wait') / m(connection, 'wait')).toFixed(3)}; aim (no call waits over 20 ms): ${m(worker, 'wait') <= 20 ? 'met' : 'MISSED'}`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
