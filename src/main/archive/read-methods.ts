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

/** The archive a read worker opens (read-only) to answer calls. */
export interface ReadTarget {
  path: string
  resourcesDir: string
}
