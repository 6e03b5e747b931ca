// The app:// scheme the renderer is loaded from: registered as privileged, answered only from the renderer folder.

import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { APP_SCHEME, appFileHeaders, appFilePath } from '../app-url'
import type { ReplyLinks } from '../transport/reply-links'

/** Must run before the app is ready: app:// behaves as a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false }
    }
  ])
}

/**
 * Answers app://parallax/… with files of `rendererDir` (read with fs, which reads inside app.asar
 * too), and the addresses of large read answers with their files (`replies`); another host, a
 * path leaving the folder or a missing file is a 404.
 */
export function registerAppProtocol(rendererDir: string, replies: ReplyLinks): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const reply = replies.respond(request)
    if (reply) return reply
    const file = request.method === 'GET' ? appFilePath(request.url, rendererDir) : null
    const body = file ? await readFile(file).catch(() => null) : null
    if (!file || !body) return new Response('Not found', { status: 404 })
    return new Response(new Uint8Array(body), { status: 200, headers: appFileHeaders(file) })
  })
}
