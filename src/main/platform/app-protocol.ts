// The app:// scheme the renderer is loaded from: registered as privileged, answered only from the renderer folder.

import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import { APP_HOST, APP_SCHEME, appFileHeaders, appFilePath } from '../app-url'

/** Must run before the app is ready: app:// behaves as a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false }
    }
  ])
}

/** Answers app://parallax/… with files of `rendererDir`; anything else is refused (404). */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file =
      new URL(request.url).host === APP_HOST ? appFilePath(request.url, rendererDir) : null
    if (!file) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file).href).catch(() => null)
    if (!response || !response.ok) return new Response('Not found', { status: 404 })
    return new Response(response.body, { status: 200, headers: appFileHeaders(file) })
  })
}
