// The writing thread for tests, plus two ways to end it: the body call "crash" exits the thread, "hog" runs it out of memory.

import { handleCalls } from '../../../src/main/workers/worker-side'
import * as writer from '../../../src/main/writer/handlers'

handleCalls({
  ...writer,
  callBody: (method: string, body: Uint8Array, raw: boolean) => {
    if (method === 'crash') process.exit(7)
    if (method === 'hog') {
      const held: string[] = []
      for (;;) held.push(`${Math.random()}`.repeat(64))
    }
    return writer.callBody(method, body, raw)
  }
})
