// Which contract methods only read the archive; every other method changes it (what the UI's save tracker follows).

import type { ArchiveApi } from './api'

/** Methods that change nothing. A method not listed here counts as a write. */
export const READ_METHODS = [
  'archiveInfo',
  'listSources',
  'getSource',
  'search',
  'listVariantSets',
  'listRevisions',
  'getRevision',
  'listTags',
  'listAnnotations',
  'listAnnotationColumns',
  'getAnnotation',
  'listRelations',
  'listLinks',
  'exportAnnotations',
  'listHandoutSets',
  'getHandoutSet',
  'renderHandout',
  'exportBundle',
  'listBackups',
  'getBackupSchedule',
  'getSetting'
] as const satisfies readonly (keyof ArchiveApi)[]

const READS: ReadonlySet<string> = new Set(READ_METHODS)

/** Whether calling `method` may change the archive. */
export function isWriteMethod(method: string): boolean {
  return !READS.has(method)
}
