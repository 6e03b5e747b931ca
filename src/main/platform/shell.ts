// Opening links outside the app: only web and mail addresses, after checking the scheme.

import { shell } from 'electron'
import { safeHref } from '../../shared/safe-url'

/** Opens a URL in the user's browser if its scheme is safe; returns whether it did. */
export function openExternalSafely(url: string): boolean {
  const href = safeHref(url)
  if (href === null) return false
  void shell.openExternal(href)
  return true
}
