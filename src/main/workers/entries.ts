// The worker threads Parallax starts, by name: each is one bundle entry (out/main/<name>.js) built from one source file.

/**
 * Worker entry points: the name is the bundle's file name without `.js` (electron.vite.config.ts
 * builds one main input per entry here), the value the source file, relative to src/main. Add a
 * line here to make a new worker startable by `WorkerPool` in the build and in tests alike.
 */
export const WORKER_ENTRIES = {
  'import-worker': 'archive/importers/worker-entry.ts'
} as const

export type WorkerName = keyof typeof WORKER_ENTRIES
