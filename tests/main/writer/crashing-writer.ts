// The writing thread of serve mode for tests, plus one way to end it: the body call "crash" exits the thread.

import { handleCalls } from '../../../src/main/workers/worker-side'
import * as writer from '../../../src/main/writer/handlers'

handleCalls({
  ...writer,
  callBody: (method: string, body: Uint8Array[], raw: boolean) =>
    method === 'crash' ? process.exit(7) : writer.callBody(method, body, raw)
})
