// The renderer's ArchiveApi: Electron's window.parallax when present, else the serve-mode HTTP client.

import { API_METHODS, DOWNLOAD_PATHS, type ApiResponse, type ArchiveApi } from '../../../shared/api'
import { isWriteMethod } from '../../../shared/api-reads'
import { decodeAnswer, encodeJson } from '../../../shared/codec'
import { ArchiveError, isErrorPayload } from '../../../shared/errors'
import { access } from './access.svelte'

declare global {
  interface Window {
    parallax?: ArchiveApi
  }
}

const TOKEN_KEY = 'parallax.token'

/** Takes the serve token from the URL once (then removes it from the address bar) or from this tab's storage. */
function serveToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    history.replaceState(null, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

/** The serve token, for download links that cannot send a header. */
export let token = ''

function httpApi(): ArchiveApi {
  token = serveToken()
  // Without a token every call would be refused: show how to get in instead of an empty archive.
  if (!token) access.needsToken = true
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    // Optional arguments left out at the end must not travel as null.
    while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1)
    // A bundle travels as its raw bytes: as base64 in JSON it would be capped at 54 MB. One
    // coming is the server's download, written by a read worker straight to a file.
    const raw = method === 'importBundle' && args[0] instanceof Uint8Array ? args[0] : null
    const bundleDownload = method === 'exportBundle'
    let res: Response
    try {
      res = bundleDownload
        ? await fetch(DOWNLOAD_PATHS.bundle, {
            headers: { Authorization: `Bearer ${token}` }
          })
        : await fetch(`/api/${method}`, {
            method: 'POST',
            headers: {
              'Content-Type': raw ? 'application/octet-stream' : 'application/json',
              Authorization: `Bearer ${token}`
            },
            body: raw ? new Blob([raw as Uint8Array<ArrayBuffer>]) : encodeJson(args)
          })
      if (bundleDownload && res.ok) return new Uint8Array(await res.arrayBuffer())
    } catch {
      throw new ArchiveError(
        'UNAVAILABLE',
        'Parallax is not answering: the server has stopped. Start it again (npm run serve) and reload this page. Nothing you saved is lost.'
      )
    }
    let body: ApiResponse
    try {
      body = decodeAnswer(await res.text()) as ApiResponse
    } catch {
      throw new ArchiveError(
        'UNAVAILABLE',
        `The server sent an unreadable answer (HTTP ${res.status}).`
      )
    }
    if (body.ok) return body.value
    if (res.status === 401) {
      access.needsToken = true
      sessionStorage.removeItem(TOKEN_KEY)
      throw new ArchiveError(
        'UNAVAILABLE',
        'This page has no valid access token: open the address that `npm run serve` printed.'
      )
    }
    throw isErrorPayload(body.error)
      ? ArchiveError.fromPayload(body.error)
      : new ArchiveError('INTERNAL', 'Unknown error.')
  }
  return Object.fromEntries(
    API_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])
  ) as unknown as ArchiveApi
}

function electronApi(bridge: ArchiveApi): ArchiveApi {
  return Object.fromEntries(
    API_METHODS.map((m) => [
      m,
      async (...args: unknown[]) => {
        try {
          return await (bridge[m] as (...a: unknown[]) => Promise<unknown>)(...args)
        } catch (error) {
          throw isErrorPayload(error) ? ArchiveError.fromPayload(error) : error
        }
      }
    ])
  ) as unknown as ArchiveApi
}

/** Runs a write under the status bar's save indicator; set by the app state (AppState.track). */
type Tracker = <T>(run: () => Promise<T>) => Promise<T>
let tracker: Tracker = (run) => run()

/** Every call that changes the archive, from any dialog, goes through `track` from now on. */
export function trackWritesWith(track: Tracker): void {
  tracker = track
}

/** The API with every write wrapped in the tracker, so no dialog can write past "Saving…". */
function tracked(inner: ArchiveApi): ArchiveApi {
  return Object.fromEntries(
    API_METHODS.map((m) => {
      const call = inner[m] as (...a: unknown[]) => Promise<unknown>
      return [m, isWriteMethod(m) ? (...args: unknown[]) => tracker(() => call(...args)) : call]
    })
  ) as unknown as ArchiveApi
}

export const isDesktop = window.parallax !== undefined

export const api: ArchiveApi = tracked(window.parallax ? electronApi(window.parallax) : httpApi())

/** The user-facing message of anything thrown by the API. */
export function messageOf(error: unknown): string {
  if (error instanceof ArchiveError) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}
