// npm run cli: rebuilds the main bundle when a source file is newer than it, then runs the CLI with the given arguments.

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const bundle = join(root, 'out', 'main', 'cli.js')

function newest(dir) {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const stale =
  !existsSync(bundle) ||
  ['src/main', 'src/shared'].some((d) => newest(join(root, d)) > statSync(bundle).mtimeMs)
if (stale) {
  const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
const run = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(run.status ?? 1)
