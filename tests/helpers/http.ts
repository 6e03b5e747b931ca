// Serve mode over real HTTP in tests: a server with a read pool, and calls to it as a client would make them.

import { request, type IncomingMessage } from 'node:http'
import { jsonReads, withReadPool, type ReadPool } from '../../src/main/archive/read-pool'
import { startServer, type RunningServer } from '../../src/main/transport/http'
import { apiOf, type TempArchive } from './archive'

/**
 * Sends POST /api/<method> with the arguments as JSON and the bearer token, on a connection of its
 * own; resolves with the response as soon as it starts (its body still to come).
 */
export function postApi(
  port: number,
  token: string,
  method: string,
  args: unknown[]
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/${method}`,
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      },
      resolve
    )
    req.on('error', reject)
    req.end(JSON.stringify(args))
  })
}

/** The whole body of a response; rejects if the connection ends before its last byte. */
export function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('error', reject)
    res.on('close', () => {
      if (res.complete) resolve(Buffer.concat(chunks))
      else reject(new Error(`the reply stopped after ${Buffer.concat(chunks).length} bytes`))
    })
  })
}

/**
 * Serve mode over `handle`'s archive with its heavy reads in `pool` (answered as JSON encoded in
 * the workers), as the app's session serves it; on an ephemeral port.
 */
export function servePooled(
  handle: TempArchive,
  pool: ReadPool,
  token: string
): Promise<RunningServer> {
  return startServer({
    api: withReadPool(apiOf(handle.archive), pool),
    jsonReads: jsonReads(() => pool),
    staticDir: handle.dir,
    token
  })
}
