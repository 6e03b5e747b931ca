// A worker entry run as a forked process dressed as an Electron utility process: process.parentPort carries the messages.

import { EventEmitter } from 'node:events'
import { handleCalls } from '../../../src/main/workers/worker-side'

/** Electron's parentPort: 'message' events carry { data }, postMessage sends to the parent. */
class FakeParentPort extends EventEmitter {
  postMessage(message: unknown): void {
    process.send!({ ...(message as object), via: 'parentPort' })
  }
}

const port = new FakeParentPort()
process.on('message', (message) => port.emit('message', { data: message }))
process.on('disconnect', () => process.exit(0))
;(process as unknown as { parentPort: FakeParentPort }).parentPort = port

// handleCalls looks for the port when it is called, after the fake is in place.
handleCalls({
  echo: (value: unknown) => value,
  fail: () => {
    throw new Error('refused on purpose')
  }
})
