// Which contract reads the read pool answers off the main thread, and what a read worker is told to open.

import type { ArchiveApi } from '../../shared/api'

/**
 * The reads that can take long on a large archive (a common word's search, a 20 MB source, an
 * export, a handout, comparing coders over thousands of annotations): they run in the read pool's
 * workers. The cheap reads stay on the main thread, as do those that need its state (archiveInfo's
 * undo labels, watchChanges, team status).
 */
export const POOLED_METHODS = [
  'search',
  'listSources',
  'listSourcePage',
  'getSource',
  'listRevisions',
  'getRevision',
  'listAnnotations',
  'listAnnotationColumns',
  'listLinks',
  'exportAnnotations',
  'exportReferences',
  'exportBundle',
  'renderHandout',
  'renderHandoutDocx',
  'agreement',
  'compareCoders'
] as const satisfies readonly (keyof ArchiveApi)[]

export type PooledMethod = (typeof POOLED_METHODS)[number]

/**
 * Cheap reads a read worker answers as well, where the writing connection has a thread of its own
 * (ThreadedSession: the desktop app and serve mode): there they would otherwise wait behind a long
 * write, such as an import's. Where writes run on the thread that takes the calls (serve mode's
 * `--write-thread off`), they stay there (cheaper than a worker's round trip). archiveInfo is
 * answered there from a worker's `fileInfo` (its counts and name) and what only the writing
 * connection knows (undo, redo, author, health).
 */
export const CHEAP_READS = [
  'listTags',
  'getAnnotation',
  'listRelations',
  'listVariantSets',
  'listHandoutSets',
  'getHandoutSet',
  'listCitationStyles',
  'listBackups',
  'getBackupSchedule',
  'getSetting'
] as const satisfies readonly (keyof ArchiveApi)[]

/** Every read a read worker answers (fileInfo: archiveInfo less what the writing connection knows). */
export const WORKER_READS: ReadonlySet<string> = new Set([
  ...POOLED_METHODS,
  ...CHEAP_READS,
  'fileInfo'
])

/** The archive a read worker opens (read-only) to answer calls. */
export interface ReadTarget {
  path: string
  resourcesDir: string
}

/** Read workers unless PARALLAX_READ_WORKERS says otherwise (0 turns the pool off). */
export const DEFAULT_READ_WORKERS = 2

/** The number of read workers this process should run: PARALLAX_READ_WORKERS, else 2. */
export function readWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PARALLAX_READ_WORKERS
  if (raw === undefined || raw.trim() === '') return DEFAULT_READ_WORKERS
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 16) {
    throw new Error(`PARALLAX_READ_WORKERS must be a whole number from 0 to 16, not "${raw}".`)
  }
  return n
}
