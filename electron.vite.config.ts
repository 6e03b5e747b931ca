// Build of the three parts: main (desktop entry, serve mode, CLI), preload, renderer (Svelte 5).

import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { WORKER_ENTRIES } from './src/main/workers/entries'

/** One main input per worker thread, so out/main/<name>.js exists for WorkerPool to start. */
const workerInputs = Object.fromEntries(
  Object.entries(WORKER_ENTRIES).map(([name, file]) => [name, resolve('src/main', file)])
)

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          serve: resolve('src/main/serve.ts'),
          cli: resolve('src/main/cli.ts'),
          ...workerInputs
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve('src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [svelte()],
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') }
    }
  }
})
