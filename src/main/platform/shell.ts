// Opening links outside the app: only web and mail addresses, after checking the scheme.

import { shell } from 'electron'

const EXTERNAL_SCHEMES = new Set(['https:', 'http:', 'mailto:'])

/** Opens a URL in the user's browser if its scheme is safe; returns whether it did. */
export function openExternalSafely(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (!EXTERNAL_SCHEMES.has(parsed.protocol)) return false
  void shell.openExternal(parsed.href)
  return true
}
