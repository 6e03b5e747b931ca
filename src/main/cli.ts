// Entry point of the headless CLI (`npm run cli -- COMMAND`), over the same archive core as the app.

import { mkdirSync } from 'node:fs'
import { runCli } from './cli/run'
import { defaultUserDataDir } from './locations'

if (!process.argv.includes('--archive')) mkdirSync(defaultUserDataDir(), { recursive: true })

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`parallax: ${(error as Error)?.message ?? String(error)}`)
    process.exitCode = 1
  }
)
