// Which contract methods read the archive and which change it (what the UI's save tracker follows); each is one or the other.

import type { ArchiveApi } from './api'

/** Methods that change nothing. A method in neither list counts as a write (and fails the test). */
export const READ_METHODS = [
  'archiveInfo',
  // Writes a new file beside the archive; the archive itself is not changed.
  'salvageArchive',
  'listSources',
  'listSourcePage',
  'getSource',
  'search',
  'listVariantSets',
  'listRevisions',
  'getRevision',
  'listTags',
  'listAnnotations',
  'listAnnotationColumns',
  'getAnnotation',
  'agreement',
  'compareCoders',
  'listRelations',
  'listLinks',
  'exportAnnotations',
  'listHandoutSets',
  'getHandoutSet',
  'renderHandout',
  'renderHandoutDocx',
  'listCitationStyles',
  'exportReferences',
  'exportBundle',
  'listBackups',
  'getBackupSchedule',
  'getSetting',
  'watchChanges',
  'teamStatus',
  'testTeamConnection'
] as const satisfies readonly (keyof ArchiveApi)[]

/** Methods that change the archive; the UI shows "Saving…" while one runs. */
export const WRITE_METHODS = [
  'createSource',
  'updateSource',
  'deleteSource',
  'importFiles',
  'saveVariantSet',
  'deleteVariantSet',
  'editSourceText',
  'restoreRevision',
  'createTag',
  'updateTag',
  'reorderTags',
  'mergeTags',
  'deleteTag',
  'createAnnotation',
  'updateAnnotation',
  'deleteAnnotation',
  'settleDifference',
  'createRelation',
  'deleteRelation',
  'createLink',
  'updateLink',
  'deleteLink',
  'importAnnotations',
  'undo',
  'redo',
  'createHandoutSet',
  'updateHandoutSet',
  'deleteHandoutSet',
  'importBundle',
  'addCitationStyle',
  'importReferences',
  'backupNow',
  'restoreBackup',
  'setBackupSchedule',
  'setSetting',
  'shareToTeam',
  'joinTeam',
  'syncTeam',
  'discardRefusedChanges',
  'setCodeIndependently',
  'handInCoding'
] as const satisfies readonly (keyof ArchiveApi)[]

const READS: ReadonlySet<string> = new Set(READ_METHODS)

/** Whether calling `method` may change the archive. */
export function isWriteMethod(method: string): boolean {
  return !READS.has(method)
}
