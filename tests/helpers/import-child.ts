// Child process of the memory tests and benchmark: imports files into a new archive and prints the report as JSON.
// Run from the checkout: PARALLAX_REPORT_WORKER_RSS=1 node --import ./bench/peak-rss.mjs --import tsx tests/helpers/import-child.ts ARCHIVE FILE...
// (stderr then carries this process's peak and its import workers' peak)

import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { loadModule } from '../../bench/runner'

type ArchiveModule = typeof import('../../src/main/archive/archive')

void (async () => {
  const [path, ...files] = process.argv.slice(2)
  // Through Vite's module runner: the core's migrations use import.meta.glob.
  const { Archive } = await loadModule<ArchiveModule>('src/main/archive/archive.ts')
  const archive = Archive.open({ path, resourcesDir: resolve('resources') })
  const started = performance.now()
  const report = await archive.importFiles(
    files.map((file) => ({ name: basename(file), data: readFileSync(file) }))
  )
  const ms = performance.now() - started
  archive.close()
  process.stdout.write(
    JSON.stringify({
      ms,
      imported: report.imported.map((s) => ({ title: s.title, length: s.length })),
      failed: report.failed.map((f) => f.message)
    })
  )
  process.exit(0)
})()
