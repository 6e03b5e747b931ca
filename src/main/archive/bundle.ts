// Archive bundles: the whole archive as one portable file, and merging one into an archive.

import { ArchiveError } from '../../shared/errors'
import type { BundleImportReport } from '../../shared/model'
import type { Db } from './db'

/** A bundle read and checked, ready to merge. */
export interface ParsedBundle {
  readonly kind: 'parallax-bundle'
}

/** Writes every record of the archive into a bundle. */
export function writeBundle(_db: Db): Uint8Array {
  throw new ArchiveError('INTERNAL', 'Bundles are not available in this build.')
}

/** Reads and checks a bundle's bytes (limits, format, version) without touching any archive. */
export function readBundle(_data: Uint8Array): ParsedBundle {
  throw new ArchiveError('INTERNAL', 'Bundles are not available in this build.')
}

/** Merges a checked bundle into the archive; runs inside the caller's transaction. */
export function mergeBundle(_db: Db, _bundle: ParsedBundle): BundleImportReport {
  throw new ArchiveError('INTERNAL', 'Bundles are not available in this build.')
}
