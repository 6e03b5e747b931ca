// Small XML reading helpers for package files (docProps/core.xml, container.xml, EPUB OPF), namespace-prefix agnostic.

import { DOMParser } from 'linkedom'
import type { DomElement } from './html-text'

/**
 * Parses XML without resolving external entities or expanding DTD-defined ones (linkedom's
 * parser ignores DTDs), so "billion laughs" and XXE payloads stay inert text.
 */
export function parseXml(xml: string): DomElement {
  const doc = new DOMParser().parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml') as unknown
  return doc as DomElement
}

function localName(el: DomElement): string {
  return el.nodeName.replace(/^.*:/, '').toLowerCase()
}

/** Elements with the given local name (any prefix, any case), in document order. */
export function xmlElements(root: DomElement, name: string): DomElement[] {
  const wanted = name.toLowerCase()
  return Array.from(root.querySelectorAll('*')).filter((el) => localName(el) === wanted)
}

/** Trimmed text of every element with the given local name, blanks dropped. */
export function xmlTexts(root: DomElement, name: string): string[] {
  return xmlElements(root, name)
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
}

/** Text of the first element with the given local name, or "". */
export function xmlText(root: DomElement, name: string): string {
  return xmlTexts(root, name)[0] ?? ''
}

/** An attribute read with or without a namespace prefix ("role" finds "opf:role"). */
export function xmlAttr(el: DomElement, name: string): string | null {
  const direct = el.getAttribute(name)
  if (direct !== null) return direct
  for (const attr of Array.from(el.attributes)) {
    if (attr.name.replace(/^.*:/, '').toLowerCase() === name.toLowerCase()) {
      return el.getAttribute(attr.name)
    }
  }
  return null
}
