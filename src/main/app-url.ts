// The desktop renderer's address (app://parallax/…): which pages are ours, and which file a request may read.

import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY, STATIC_TYPES } from './transport/http-static'

/** The privileged scheme the renderer is served from (registered before the app is ready). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'parallax'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** What the main window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/**
 * The origin of `url` as scheme://host[:port], or null when it is not a URL. Node's URL gives
 * "null" as the origin of any scheme it does not know (app: among them), so it is built here from
 * the parsed parts; credentials make it no origin at all.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.username || parsed.password) return null
  return `${parsed.protocol}//${parsed.host}`
}

/**
 * Whether `url` is a page of the app itself: exactly the app:// origin. Every other page (a file:
 * URL whatever its path, query or fragment, another host, another scheme) may neither call the
 * archive over IPC nor be navigated to in the window.
 */
export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN
}

/**
 * The file under `root` that an app:// request reads, or null when the request is not ours or
 * would leave `root` (dot segments, encoded ones, encoded slashes or backslashes, NUL).
 */
export function appFilePath(url: string, root: string): string | null {
  if (!isAppUrl(url)) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(url).pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  if (pathname === '/' || pathname === '') pathname = '/index.html'
  const base = resolve(root)
  const file = resolve(base, `.${pathname}`)
  const rel = relative(base, file)
  if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null
  return file
}

/** The headers an app:// file is answered with: its type and the renderer's CSP, as serve mode sends. */
export function appFileHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': STATIC_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff'
  }
}
