// npm run bench: builds, then runs every benchmark in bench/ one after the other (each prints its own ratios).

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const only = process.argv.slice(2)
const benches = [
  'search',
  'index-floor',
  'anchoring',
  'import-formats',
  'import-memory',
  'export-memory',
  'pdf-export',
  'first-export',
  'reader',
  'reference-import',
  'library',
  'import-small',
  'write-scale',
  'two-writers',
  'team',
  'agreement',
  'read-pool',
  'ipc-reads',
  'codec',
  'startup',
  'backup'
].filter((b) => only.length === 0 || only.includes(b))

const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'error'], {
  cwd: root,
  stdio: 'inherit'
})
if (build.status !== 0) process.exit(build.status ?? 1)
let failed = 0
for (const name of benches) {
  console.log(`\n== bench/${name}.bench.ts`)
  const run = spawnSync('npx', ['tsx', join('bench', `${name}.bench.ts`)], {
    cwd: root,
    stdio: 'inherit'
  })
  if (run.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
