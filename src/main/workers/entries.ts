// The worker threads Parallax starts, by name: each is one bundle entry (out/main/<name>.js) built from one source file.

/**
 * Worker entry points: the name is the bundle's file name without `.js` (electron.vite.config.ts
 * builds one main input per entry here), the value the source file, relative to src/main. Add a
 * line here to make a new worker startable by `WorkerPool` in the build and in tests alike.
 */
export const WORKER_ENTRIES = {
  'import-worker': 'archive/importers/worker-entry.ts',
  'read-worker': 'archive/read-worker.ts',
  'writer-worker': 'writer/worker.ts',
  'checkpoint-worker': 'archive/checkpoint-worker.ts'
} as const

export type WorkerName = keyof typeof WORKER_ENTRIES

/**
 * Entries whose modules use Vite's features (import.meta.glob, ?raw imports: the archive core).
 * Run from sources (tests, benchmarks), they start through Vite's module runner; built, they are
 * plain bundles like the others.
 */
export const VITE_ENTRIES: ReadonlySet<WorkerName> = new Set<WorkerName>([
  'read-worker',
  'writer-worker'
])
