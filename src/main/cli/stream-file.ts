// Writes a file from a stream of text pieces through a temporary name: bounded memory, and no partial file on failure.

import { createWriteStream, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { ArchiveError } from '../../shared/errors'

/**
 * Calls `produce` with a `write` that appends to a temporary file beside `path` (waiting when the
 * disk falls behind), then renames it into place. Returns the bytes written.
 */
export async function streamToFile(
  path: string,
  produce: (write: (text: string) => Promise<void>) => Promise<unknown>
): Promise<number> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  const out = createWriteStream(tmp)
  let failed: Error | null = null
  out.on('error', (error) => (failed = error))
  const fail = (error: unknown): ArchiveError =>
    error instanceof ArchiveError
      ? error
      : new ArchiveError(
          'IO',
          `Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`
        )
  try {
    await produce(async (text) => {
      if (failed) throw failed
      if (!out.write(text)) {
        await new Promise<void>((resolve) => {
          out.once('drain', resolve)
          out.once('error', () => resolve())
        })
      }
    })
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve()))
    )
    if (failed) throw failed
    renameSync(tmp, path)
    return out.bytesWritten
  } catch (error) {
    out.destroy()
    rmSync(tmp, { force: true })
    throw fail(error)
  }
}
