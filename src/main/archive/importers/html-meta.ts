// Reads a web page's own metadata: <meta> and OpenGraph tags, <link> relations, <time>, and JSON-LD (schema.org).

import type { SourceKind, SourceMeta } from '../../../shared/model'
import type { DomElement } from './html-text'
import { creators, isWebUrl, isoDate, languageTag, oneLine, pruneMeta } from './meta-fields'

type Json = Record<string, unknown>

/** Elements that carry metadata; collected in one walk of the tree (each query is a full walk). */
const CARRIERS = 'html,title,h1,meta,link,a[rel],script,time'

function tagOf(el: DomElement): string {
  return el.nodeName.toLowerCase()
}

function inArticle(el: DomElement): boolean {
  for (let p = el.parentNode; p; p = p.parentNode)
    if (p.nodeName.toLowerCase() === 'article') return true
  return false
}

/** Every <meta> value by its lower-cased name, property or itemprop. */
function metaValues(els: DomElement[]): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const m of els) {
    if (tagOf(m) !== 'meta') continue
    const content = oneLine(m.getAttribute('content'))
    if (!content) continue
    for (const attr of ['name', 'property', 'itemprop', 'http-equiv']) {
      const key = m.getAttribute(attr)?.trim().toLowerCase()
      if (key) map.set(key, [...(map.get(key) ?? []), content])
    }
  }
  return map
}

/** Every href of <link>/<a> elements by each lower-cased rel token. */
function relations(els: DomElement[]): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const el of els) {
    if (tagOf(el) !== 'link' && tagOf(el) !== 'a') continue
    const href = oneLine(el.getAttribute('href'))
    for (const rel of (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/)) {
      if (rel && href) map.set(rel, [...(map.get(rel) ?? []), href])
    }
  }
  return map
}

/** The objects of all JSON-LD blocks, @graph members flattened; broken JSON is skipped. */
function jsonLdNodes(els: DomElement[]): Json[] {
  const nodes: Json[] = []
  for (const script of els) {
    if (tagOf(script) !== 'script') continue
    if (!/^application\/ld\+json/i.test(script.getAttribute('type')?.trim() ?? '')) continue
    let data: unknown
    try {
      data = JSON.parse(script.textContent ?? '')
    } catch {
      continue
    }
    const queue = Array.isArray(data) ? [...data] : [data]
    for (let i = 0; i < queue.length && i < 1000; i++) {
      const node = queue[i]
      if (typeof node !== 'object' || node === null || Array.isArray(node)) continue
      nodes.push(node as Json)
      const graph = (node as Json)['@graph']
      if (Array.isArray(graph)) queue.push(...graph)
    }
  }
  return nodes
}

function typesOf(node: Json): string[] {
  const t = node['@type']
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string')
}

/** The JSON-LD node describing the page's work: an article first, then any page or creative work. */
function mainNode(nodes: Json[]): Json | undefined {
  const is = (re: RegExp) => (n: Json) => typesOf(n).some((t) => re.test(t))
  return (
    nodes.find(is(/Article|BlogPosting|Report|Book|Chapter|Thesis/)) ??
    nodes.find(is(/WebPage|CreativeWork/)) ??
    nodes.find((n) => typeof n.headline === 'string')
  )
}

/** Names from a JSON-LD value: "Name", {name}, {@id} pointing at another node, or lists of these. */
function names(value: unknown, nodes: Json[], depth = 0): string[] {
  if (depth > 3 || value === null || value === undefined) return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.slice(0, 100).flatMap((v) => names(v, nodes, depth + 1))
  if (typeof value !== 'object') return []
  const obj = value as Json
  if (typeof obj.name === 'string') return [obj.name]
  const id = obj['@id']
  const target = typeof id === 'string' ? nodes.find((n) => n['@id'] === id && n !== obj) : null
  return target ? names(target, nodes, depth + 1) : []
}

/** A URL from a JSON-LD value: "https://…", {url}, {@id}. */
function urlOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null) {
    const obj = value as Json
    for (const key of ['url', '@id']) if (typeof obj[key] === 'string') return obj[key] as string
  }
  return ''
}

function kindOf(ogType: string | undefined, node: Json | undefined): SourceKind | undefined {
  const types = node ? typesOf(node).join(' ') : ''
  if (/Book|Chapter/.test(types)) return 'book'
  if (/Report|Thesis/.test(types)) return 'report'
  if (/Article|BlogPosting/.test(types) || ogType === 'article') return 'article'
  return undefined
}

/**
 * Metadata of a parsed page, each field from the most specific source that has it: OpenGraph and
 * article:* tags, JSON-LD, plain <meta>, <link rel>, then the document itself (<title>, <h1>,
 * <time datetime>, <html lang>). Author values that are profile URLs are skipped; dates are reduced
 * to YYYY-MM-DD; URLs must be absolute http(s). Read before the page is cleaned (JSON-LD lives in scripts).
 */
export function htmlMeta(doc: DomElement): Partial<SourceMeta> {
  const els = Array.from(doc.querySelectorAll(CARRIERS))
  const meta = metaValues(els)
  const rel = relations(els)
  const nodes = jsonLdNodes(els)
  const node = mainNode(nodes)
  const m = (...keys: string[]): string =>
    keys.map((k) => meta.get(k)?.[0]).find((v) => v !== undefined) ?? ''
  const ld = (key: string): string =>
    node && typeof node[key] === 'string' ? oneLine(node[key] as string) : ''
  const first = (tag: string, attr?: string, where = (_: DomElement) => true): string => {
    const el = els.find((e) => tagOf(e) === tag && (!attr || e.hasAttribute(attr)) && where(e))
    return el ? oneLine(attr ? el.getAttribute(attr) : el.textContent) : ''
  }

  const publisher =
    m('og:site_name') ||
    oneLine(names(node?.publisher, nodes)[0]) ||
    m(
      'publisher',
      'dc.publisher',
      'dcterms.publisher',
      'citation_publisher',
      'citation_journal_title'
    )
  let docTitle = first('title')
  // "Headline | Site" or "Headline - Site": the site is the publisher, not part of the title.
  if (publisher && docTitle.endsWith(publisher)) {
    docTitle = docTitle.slice(0, -publisher.length).replace(/\s+[|–—:·-]\s*$/, '') || docTitle
  }
  const title =
    m('og:title') || ld('headline') || ld('name') || m('twitter:title') || docTitle || first('h1')

  const authorNames = [
    ...(meta.get('author') ?? []),
    ...(meta.get('article:author') ?? []),
    ...names(node?.author, nodes),
    ...(meta.get('citation_author') ?? []),
    ...(meta.get('dc.creator') ?? []),
    ...(meta.get('dcterms.creator') ?? [])
  ]
  const dates = [
    m('article:published_time', 'og:published_time'),
    ld('datePublished'),
    m('citation_publication_date', 'citation_date', 'dc.date', 'dcterms.date', 'date', 'pubdate'),
    ld('dateCreated'),
    first('time', 'datetime', inArticle),
    first('time', 'datetime')
  ]
  const urls = [
    rel.get('canonical')?.[0],
    m('og:url'),
    urlOf(node?.url),
    urlOf(node?.mainEntityOfPage)
  ]
  const licenses = [
    rel.get('license')?.[0],
    urlOf(node?.license),
    m('dcterms.license', 'dc.rights')
  ]

  return pruneMeta({
    title,
    creators: creators(authorNames),
    publisher,
    date: dates.map(isoDate).find(Boolean) ?? '',
    language:
      languageTag(first('html', 'lang')) ||
      languageTag(first('html', 'xml:lang')) ||
      languageTag(m('og:locale', 'content-language', 'language', 'dc.language')) ||
      languageTag(ld('inLanguage')),
    url: urls.find((u) => isWebUrl(u)) ?? '',
    license: oneLine(licenses.find((l) => oneLine(l)) ?? ''),
    description: m('description', 'og:description', 'twitter:description') || ld('description'),
    kind: kindOf(meta.get('og:type')?.[0]?.toLowerCase(), node)
  })
}
