// Finds the file a worker thread runs: the built bundle's entry, or the TypeScript source run through tsx.

import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { VITE_ENTRIES, WORKER_ENTRIES, type WorkerName } from './entries'

/** How to start one worker: the script and the Node options it needs. */
export interface WorkerScript {
  filename: string
  execArgv: string[]
  /** Arguments the script finds in process.argv (after the script's own name). */
  argv?: string[]
}

/** This module's own file: a .ts source under tests and tsx, a .js chunk inside the bundle. */
function thisFile(): string {
  // The CommonJS bundle rewrites import.meta.url from __filename; tsx in CommonJS mode has neither.
  const url = import.meta.url as string | undefined
  return url ? fileURLToPath(url) : __filename
}

/** A TypeScript worker file run through tsx's loader (tests of the pool use their own files). */
export function sourceWorker(filename: string): WorkerScript {
  const tsx = pathToFileURL(createRequire(thisFile()).resolve('tsx')).href
  return { filename, execArgv: ['--import', tsx] }
}

/**
 * A worker whose TypeScript source needs Vite (the archive core's import.meta.glob and ?raw
 * imports), started from sources: a small tsx script loads it through Vite's module runner.
 */
export function viteWorker(filename: string): WorkerScript {
  const dir = dirname(thisFile())
  return {
    ...sourceWorker(join(dir, 'vite-bootstrap.ts')),
    argv: [filename, join(dir, '..', '..', '..')]
  }
}

/**
 * Where the worker called `name` lives in the environment running this code: the same script
 * and Node options serve a worker thread and a forked worker process (WorkerPool's isolation).
 *
 * - Built (electron-vite, the desktop app, serve mode, the CLI): every entry of WORKER_ENTRIES is a
 *   main input in electron.vite.config.ts, so out/main/<name>.js exists beside the entry bundles;
 *   this module is inlined into out/main/<entry>.js or a chunk in out/main/chunks/, hence both
 *   folders are looked in. Inside an asar archive Electron's fs finds it the same way.
 * - Sources (vitest, `npx tsx bench/…`): the .ts file under src/main runs in the worker with tsx's
 *   loader (`--import <tsx>`), resolved from this package's node_modules so any cwd works.
 */
export function workerScript(name: WorkerName): WorkerScript {
  const here = thisFile()
  const dir = dirname(here)
  if (/\.[cm]?ts$/.test(here)) {
    const source = join(dir, '..', WORKER_ENTRIES[name])
    return VITE_ENTRIES.has(name) ? viteWorker(source) : sourceWorker(source)
  }
  for (const folder of [dir, dirname(dir)]) {
    const filename = join(folder, `${name}.js`)
    if (existsSync(filename)) return { filename, execArgv: [] }
  }
  throw new Error(
    `The worker ${name}.js is missing beside ${here}; rebuild with \`npm run build\` (electron.vite.config.ts builds it from WORKER_ENTRIES).`
  )
}
