// The one rule for links the app shows or opens: web and mail addresses only.

const LINK_SCHEMES = new Set(['https:', 'http:', 'mailto:'])

/**
 * The address to link to, or null when it is not an http, https or mailto URL (javascript:,
 * data:, file: and anything unparsable are never rendered as links nor opened).
 */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href)
    return LINK_SCHEMES.has(url.protocol) ? url.href : null
  } catch {
    return null
  }
}
