// The import worker thread (out/main/import-worker.js): reads files into documents, away from the main thread.

import { handleCalls } from '../../workers/worker-side'
import { toThrownPayload } from '../../workers/protocol'
import type { BatchReply } from './index'
import { prepareDocument } from './prepare'
import { preloadImporters, readDocumentHere } from './read'

handleCalls({
  readDocument: async (name: string, data: Uint8Array) =>
    prepareDocument(await readDocumentHere({ name, data })),
  /** Several small files in one call: each gets its document or its own error. */
  readDocuments: async (names: string[], data: Uint8Array[]): Promise<BatchReply[]> => {
    const out: BatchReply[] = []
    for (let i = 0; i < names.length; i++) {
      try {
        const doc = await readDocumentHere({ name: names[i], data: data[i] })
        out.push({ ok: true, doc: prepareDocument(doc) })
      } catch (error) {
        out.push({ ok: false, error: toThrownPayload(error) })
      }
    }
    return out
  },
  warm: () => preloadImporters()
})
