// The import worker thread (out/main/import-worker.js): reads files into documents, away from the main thread.

import { handleCalls } from '../../workers/worker-side'
import { preloadImporters, readDocumentHere } from './read'

handleCalls({
  readDocument: (name: string, data: Uint8Array) => readDocumentHere({ name, data }),
  warm: () => preloadImporters()
})
