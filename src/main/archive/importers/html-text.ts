// Turns a parsed HTML/XHTML tree into plain paragraphs, without recursion, and strips what must never become text.

/** The slice of the DOM (as linkedom provides it) that text extraction needs. */
export interface DomNode {
  nodeType: number
  nodeName: string
  nodeValue: string | null
  childNodes: ArrayLike<DomNode>
  parentNode: DomNode | null
  textContent: string | null
}

/** An element node: the attribute access on top of DomNode. */
export interface DomElement extends DomNode {
  getAttribute(name: string): string | null
  hasAttribute(name: string): boolean
  removeAttribute(name: string): void
  remove(): void
  attributes: ArrayLike<{ name: string }>
  querySelectorAll(selector: string): ArrayLike<DomElement>
}

/** Elements whose content is never text to keep: code, styling, page furniture, controls. */
const REMOVED = new Set(
  'script style noscript template iframe frame frameset object embed applet nav form button input select textarea svg canvas dialog audio video map'.split(
    ' '
  )
)
/** Also never read as body text, but kept in the tree because metadata and Readability use them. */
const SKIPPED_TAGS = new Set([...REMOVED, 'head', 'title', 'meta', 'link', 'base'])

const BLOCKS = new Set(
  'address article aside blockquote body caption center dd details div dl dt fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main ol p pre section summary table tbody tfoot thead ul'.split(
    ' '
  )
)

/** True for URLs that run code when followed: javascript: (however disguised) and vbscript:. */
export function isScriptUrl(href: string | null): boolean {
  if (!href) return false
  // Browsers ignore leading controls/spaces and tabs or newlines anywhere in the scheme.
  // eslint-disable-next-line no-control-regex -- those very characters are what is stripped
  const scheme = href.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '')
  return /^(?:javascript|vbscript):/i.test(scheme)
}

function tagOf(node: DomNode): string {
  return node.nodeName.toLowerCase().replace(/^.*:/, '')
}

function isHidden(el: DomElement): boolean {
  return (
    el.hasAttribute('hidden') ||
    el.getAttribute('aria-hidden') === 'true' ||
    /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? '')
  )
}

/**
 * Removes, in place, everything whose text must never reach the archive: scripts, styles, page
 * navigation, forms, embedded frames, hidden elements and links that run script; and strips
 * event-handler attributes, so that nothing executable survives in the tree.
 */
export function stripUnsafe(root: DomElement): void {
  // One pass over all elements: each querySelectorAll is a full walk of the tree in linkedom.
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = tagOf(el)
    if (
      REMOVED.has(tag) ||
      isHidden(el) ||
      ((tag === 'a' || tag === 'area') && isScriptUrl(el.getAttribute('href')))
    ) {
      el.remove()
      continue
    }
    const handlers = Array.from(el.attributes)
      .map((a) => a.name)
      .filter((n) => /^on/i.test(n))
    for (const n of handlers) el.removeAttribute(n)
  }
}

/** Greatest element depth below root, counted without recursion; stops early past `limit`. */
export function domDepth(root: DomNode, limit = Infinity): number {
  let max = 0
  const stack: [DomNode, number][] = [[root, 0]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (depth > max) max = depth
    if (max > limit) return max
    const kids = node.childNodes
    for (let i = 0; i < kids.length; i++)
      if (kids[i].nodeType === 1) stack.push([kids[i], depth + 1])
  }
  return max
}

/** Collects paragraphs: text runs are joined, blocks close the current paragraph. */
class Paragraphs {
  readonly done: string[] = []
  private current = ''
  private pre = false
  /** A list item's marker ("2. "), waiting for the item's first text so that it stays with it. */
  private marker = ''

  add(text: string): void {
    if (this.marker && text.trim() !== '') {
      this.current += this.marker
      this.marker = ''
    }
    this.current += text
  }

  /** Starts a list item: its marker goes before its first text, even inside a nested block. */
  mark(marker: string): void {
    this.marker = marker
  }

  /** Whether the current line already has content (for table cell separators). */
  lineHasText(): boolean {
    return this.current.slice(this.current.lastIndexOf('\n') + 1).trim() !== ''
  }

  break(pre = false): void {
    const raw = this.current
    this.current = ''
    const wasPre = this.pre
    this.pre = pre
    if (wasPre) {
      const text = raw.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '')
      this.done.push(...text.split(/\n[ \t]*\n+/).filter((p) => p.trim() !== ''))
      return
    }
    for (const para of raw.split(/\n[ \t]*\n/)) {
      const lines = para
        .split('\n')
        .map((line) =>
          line
            .replace(/ {2,}/g, ' ')
            .replace(/ *\t */g, '\t')
            .trim()
        )
        .filter(Boolean)
      if (lines.length) this.done.push(lines.join('\n'))
    }
  }
}

function listMarker(li: DomElement): string {
  const list = li.parentNode
  if (!list || tagOf(list) !== 'ol') return '• '
  let n = Number((list as DomElement).getAttribute('start') ?? 1) || 1
  const kids = list.childNodes
  for (let i = 0; i < kids.length && kids[i] !== li; i++) if (tagOf(kids[i]) === 'li') n++
  return `${n}. `
}

/**
 * The text of a subtree as paragraphs separated by a blank line: headings, paragraphs, list items
 * ("• " or "1. ") and other blocks each become a paragraph; `<br>` is a line break inside one; table
 * rows become lines with tab-separated cells; whitespace runs collapse except inside `<pre>`.
 * Scripts, styles, forms, navigation and hidden or script-running links contribute nothing.
 */
export function htmlToText(root: DomNode): string {
  const out = new Paragraphs()
  // An explicit stack instead of recursion: hostile pages nest elements 100,000 deep.
  const stack: (DomNode | string)[] = [root]
  let preDepth = 0
  while (stack.length) {
    const item = stack.pop()!
    if (typeof item === 'string') {
      if (item === '/pre') preDepth--
      if (item === '/li') out.mark('')
      if (item === '/pre' || item === '/block' || item === '/li') out.break(preDepth > 0)
      else if (item === '/tr') out.add('\n')
      continue
    }
    if (item.nodeType === 3 || item.nodeType === 4) {
      const text = item.nodeValue ?? ''
      out.add(preDepth > 0 ? text : text.replace(/[\t\n\f\r ]+/g, ' '))
      continue
    }
    if (item.nodeType !== 1 && item.nodeType !== 9 && item.nodeType !== 11) continue
    const tag = tagOf(item)
    if (item.nodeType === 1) {
      const el = item as DomElement
      if (SKIPPED_TAGS.has(tag) || isHidden(el)) continue
      if ((tag === 'a' || tag === 'area') && isScriptUrl(el.getAttribute('href'))) continue
      if (tag === 'br') {
        out.add('\n')
        continue
      }
      if (tag === 'pre') {
        out.break(true)
        preDepth++
        stack.push('/pre')
      } else if (BLOCKS.has(tag)) {
        out.break(preDepth > 0)
        if (tag === 'li') out.mark(listMarker(el))
        stack.push(tag === 'li' ? '/li' : '/block')
      } else if (tag === 'tr') {
        stack.push('/tr')
      } else if ((tag === 'td' || tag === 'th') && out.lineHasText()) {
        out.add('\t')
      }
    }
    const kids = item.childNodes
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i])
  }
  out.break()
  return out.done.join('\n\n')
}
