// Keeps the views in step with changes made elsewhere: another Parallax on the same file, or a team sync.

import type { ArchiveChanges } from '../../../shared/model'
import { api } from '../lib/api'

/** Longest pause between attempts while the archive does not answer. */
const MAX_RETRY_MS = 30_000

/**
 * Long-polls watchChanges for as long as the page lives and hands each change to `refresh`. When
 * the archive does not answer (serve mode stopped), it tries again later without a notice of its
 * own: the next call the user makes reports that.
 */
export async function watchArchive(
  refresh: (change: ArchiveChanges) => Promise<void>
): Promise<void> {
  let version = -1
  let failures = 0
  for (;;) {
    try {
      const change = await api.watchChanges(version)
      if (version >= 0 && change.version !== version) await refresh(change)
      version = change.version
      failures = 0
    } catch {
      failures++
      await new Promise((wake) => setTimeout(wake, Math.min(MAX_RETRY_MS, 500 * 2 ** failures)))
    }
  }
}
