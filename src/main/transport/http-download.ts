// Serve mode's streamed downloads: a large export written to the response piece by piece, never whole in memory.

import type { ServerResponse } from 'node:http'
import type { AnnotationScope } from '../../shared/model'
import type { ReplyFile } from './http-reply'

/** Producers of downloads: streamed exports write their text through `write`; files are sent. */
export interface Downloads {
  /** The W3C export of exportAnnotations('w3c', scope). */
  w3c?: (scope: AnnotationScope, write: (text: string) => Promise<void>) => Promise<unknown>
  /** The archive's bundle (exportBundle's bytes) written to a file to send and delete. */
  bundle?: () => Promise<ReplyFile>
}

/** A file name safe in a Content-Disposition header (ASCII, no quotes), with the UTF-8 form beside it. */
export function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/**
 * Streams an export as an attachment. Errors before the first byte are answered by `onError`
 * (a JSON error with its status); after it, the connection is cut so the file is visibly
 * incomplete rather than silently short.
 */
export async function streamDownload(
  res: ServerResponse,
  fileName: string,
  type: string,
  produce: (write: (text: string) => Promise<void>) => Promise<unknown>,
  onError: (error: unknown) => void
): Promise<void> {
  let started = false
  const write = async (text: string): Promise<void> => {
    if (!started) {
      started = true
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Disposition': disposition(fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff'
      })
    }
    if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve))
  }
  try {
    await produce(write)
    res.end()
  } catch (error) {
    if (started) res.destroy()
    else onError(error)
  }
}
