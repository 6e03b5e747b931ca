// Starts a worker from its TypeScript source through Vite's module runner (tests, benchmarks): the archive core needs Vite's import.meta.glob and ?raw.

import { runnerImport } from 'vite'

/** Arguments: the worker's source file and the checkout's root (see locate.ts, viteWorker). */
const [file, root] = process.argv.slice(2)

// Calls that arrive while Vite loads wait in the thread's port until the worker listens.
runnerImport(file, { root, configFile: false, logLevel: 'error' }).catch((error: unknown) => {
  console.error(`The worker ${file} could not start: ${(error as Error)?.stack ?? String(error)}`)
  process.exit(1)
})
