// npm run cli: rebuilds the main bundle when a source file is newer than it, then runs the CLI with the given arguments.

import { spawnSync } from 'node:child_process'
import { CLI_BUNDLE, buildMainIfStale } from './main-bundle.mjs'

const status = buildMainIfStale()
if (status !== 0) process.exit(status)
const run = spawnSync(process.execPath, [CLI_BUNDLE, ...process.argv.slice(2)], {
  stdio: 'inherit'
})
process.exit(run.status ?? 1)
