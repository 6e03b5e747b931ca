// Parses HTML/XHTML text into a linkedom document safely: absurd nesting is refused before parsing, fragments get a body.

import { parseHTML } from 'linkedom'
import { ArchiveError } from '../../../shared/errors'
import type { DomElement } from './html-text'

/** Deepest element nesting accepted; real pages stay below 100, hostile ones go to 100,000+. */
export const MAX_NESTING = 10_000

/** The parsed document: the root node plus the <body> (or the root when there is none). */
export interface ParsedHtml {
  document: DomElement
  body: DomElement
  /** True when the input had no <html>/<body>: a fragment such as a copied passage. */
  fragment: boolean
}

const VOID = new Set(
  'area base br col embed hr img input keygen link meta param source track wbr frame'.split(' ')
)
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'plaintext'])
const SELF_CLOSING_ENDS = new Set('p li dt dd option tr td th thead tbody tfoot'.split(' '))

/**
 * Estimates how deep elements nest, from the markup alone (no DOM is built): open tags push, close
 * tags pop to the nearest match among the top few, elements that the parser closes implicitly
 * (a <p> before another <p>, <li> before <li>) are popped. Comments and script/style bodies are
 * skipped. Linear in the input, so a 50 MB page is checked in well under a second.
 */
export function estimateNesting(html: string): number {
  const stack: string[] = []
  let max = 0
  const lower = html.toLowerCase()
  const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][^\s/>]*)[^>]*>/g
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (!m[2]) continue
    const name = m[2].toLowerCase()
    if (m[1]) {
      // Only the top few are searched, so stray close tags cannot make this quadratic.
      for (let i = stack.length - 1; i >= 0 && i >= stack.length - 8; i--) {
        if (stack[i] === name) {
          stack.length = i
          break
        }
      }
      continue
    }
    if (VOID.has(name)) continue
    if (SELF_CLOSING_ENDS.has(name) && stack[stack.length - 1] === name) stack.pop()
    if (RAW_TEXT.has(name)) {
      const end = lower.indexOf(`</${name}`, tag.lastIndex)
      tag.lastIndex = end < 0 ? html.length : end
      continue
    }
    stack.push(name)
    if (stack.length > max) max = stack.length
  }
  return max
}

/**
 * Rewrites XML-style empty elements (`<a id="x"/>`, `<title/>`) that an HTML parser would leave
 * open, swallowing what follows, into explicit open/close pairs; void elements are left alone.
 */
export function expandSelfClosing(xhtml: string): string {
  return xhtml.replace(
    /<([A-Za-z][\w:.-]*)((?:\s[^<>]*?)?)\s*\/>/g,
    (whole, name: string, attrs: string) =>
      VOID.has(name.toLowerCase()) ? whole : `<${name}${attrs}></${name}>`
  )
}

/**
 * Parses markup into a DOM. Scripts are never run (linkedom has no script engine). Markup nested
 * deeper than MAX_NESTING is refused with an ArchiveError naming the file. XHTML (an XML
 * declaration or the XHTML namespace) has its empty elements expanded first.
 */
export function parseHtml(html: string, name: string): ParsedHtml {
  let source = html.replace(/^\uFEFF/, '')
  if (
    /^\s*<\?xml\b/.test(source) ||
    /xmlns\s*=\s*["']http:\/\/www\.w3\.org\/1999\/xhtml/.test(source.slice(0, 4096))
  ) {
    source = expandSelfClosing(source).replace(/^\s*<\?xml[^>]*>/, '')
  }
  const depth = estimateNesting(source)
  if (depth > MAX_NESTING) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${name}: this page nests its elements more than ${MAX_NESTING.toLocaleString('en')} levels deep (real pages stay under 100); it looks built to crash readers and was not imported.`
    )
  }
  const fragment = !/<(html|body)[\s>]/i.test(source)
  if (fragment) {
    source = `<!doctype html><html><head></head><body>${source.replace(/^\s*<!doctype[^>]*>/i, '')}</body></html>`
  }
  const document = parseHTML(source).document as unknown as DomElement & { body?: DomElement }
  return { document, body: document.body ?? document, fragment }
}
