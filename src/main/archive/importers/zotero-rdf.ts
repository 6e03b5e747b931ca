// Reads a Zotero RDF export ("Export Collection… > Zotero RDF", with files): items as CSL-JSON, and their attachments.

import type { CslItem, CslName } from '../../export/references/csl-item'
import type { ParsedEntry } from '../../export/references/formats'
import { humanDate, toCslDate } from '../../export/references/dates'
import type { DomElement } from './html-text'
import { parseXml } from './xml'

/** Zotero item types as CSL types (Zotero's own mapping). */
const TYPES: Readonly<Record<string, string>> = {
  artwork: 'graphic',
  audioRecording: 'song',
  bill: 'bill',
  blogPost: 'post-weblog',
  book: 'book',
  bookSection: 'chapter',
  case: 'legal_case',
  computerProgram: 'software',
  conferencePaper: 'paper-conference',
  dataset: 'dataset',
  dictionaryEntry: 'entry-dictionary',
  document: 'document',
  email: 'personal_communication',
  encyclopediaArticle: 'entry-encyclopedia',
  film: 'motion_picture',
  forumPost: 'post',
  hearing: 'hearing',
  instantMessage: 'personal_communication',
  interview: 'interview',
  journalArticle: 'article-journal',
  letter: 'letter',
  magazineArticle: 'article-magazine',
  manuscript: 'manuscript',
  map: 'map',
  newspaperArticle: 'article-newspaper',
  patent: 'patent',
  podcast: 'song',
  preprint: 'article',
  presentation: 'speech',
  radioBroadcast: 'broadcast',
  report: 'report',
  standard: 'standard',
  statute: 'legislation',
  thesis: 'thesis',
  tvBroadcast: 'broadcast',
  videoRecording: 'motion_picture',
  webpage: 'webpage'
}

/** Zotero's creator lists (bib:authors, z:translators …) as CSL roles. */
const ROLES: Readonly<Record<string, string>> = {
  authors: 'author',
  editors: 'editor',
  translators: 'translator',
  contributors: 'contributor',
  seriesEditors: 'collection-editor',
  bookAuthors: 'container-author',
  recipients: 'recipient',
  interviewers: 'interviewer',
  interviewees: 'author',
  directors: 'director',
  producers: 'producer',
  scriptwriters: 'script-writer',
  castMembers: 'performer',
  reviewedAuthors: 'reviewed-author',
  guests: 'guest',
  artists: 'author',
  cartographers: 'author',
  inventors: 'author',
  programmers: 'author',
  podcasters: 'author',
  presenters: 'author',
  sponsors: 'author',
  composers: 'composer',
  performers: 'performer',
  commenters: 'contributor',
  cosponsors: 'contributor'
}

const local = (el: DomElement): string => el.nodeName.replace(/^.*:/, '')

function kids(el: DomElement): DomElement[] {
  return Array.from(el.childNodes).filter((n) => n.nodeType === 1) as DomElement[]
}

function child(el: DomElement, name: string): DomElement | undefined {
  return kids(el).find((k) => local(k) === name)
}

function text(el: DomElement | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function resource(el: DomElement | undefined): string {
  if (!el) return ''
  for (const a of Array.from(el.attributes))
    if (a.name.replace(/^.*:/, '') === 'resource') return el.getAttribute(a.name) ?? ''
  return ''
}

function about(el: DomElement): string {
  for (const a of Array.from(el.attributes))
    if (a.name.replace(/^.*:/, '') === 'about') return el.getAttribute(a.name) ?? ''
  return ''
}

function person(el: DomElement): CslName | null {
  const family = text(child(el, 'surname'))
  const given = text(child(el, 'givenName')) || text(child(el, 'givenname'))
  if (family) return given ? { family, given } : { literal: family }
  const name = text(child(el, 'name')) || text(el)
  return name ? { literal: name } : null
}

/** Items of a Zotero RDF file, each with the attachment paths it links to. */
export function readZoteroRdf(xml: string): ParsedEntry[] {
  const doc = parseXml(xml)
  const root = kids(doc).find((k) => local(k) === 'RDF')
  if (!root) return [{ label: 'the file', error: 'it is not Zotero RDF (no rdf:RDF element)' }]
  const nodes = kids(root)
  const attachments = new Map<string, { path: string; mimeType: string }>()
  for (const n of nodes) {
    if (text(child(n, 'itemType')) !== 'attachment') continue
    const path = resource(child(n, 'resource'))
    if (path)
      attachments.set(about(n), { path: safeDecode(path), mimeType: text(child(n, 'type')) })
  }
  const out: ParsedEntry[] = []
  let index = 0
  for (const n of nodes) {
    const zType = text(child(n, 'itemType'))
    if (!zType || zType === 'attachment' || zType === 'note') continue
    index++
    const title = text(child(n, 'title'))
    const label = `item ${index}${title ? ` “${title.slice(0, 60)}”` : ''}`
    const type = TYPES[zType]
    if (!type) {
      out.push({ label, error: `its Zotero item type “${zType}” is not one Parallax knows` })
      continue
    }
    const item = readItem(n, type, `zotero-${index}`)
    const links = kids(n)
      .filter((k) => local(k) === 'link')
      .map((k) => attachments.get(resource(k)))
      .filter((a): a is { path: string; mimeType: string } => Boolean(a))
    out.push({ label, item, attachments: links })
  }
  if (!out.length) return [{ label: 'the file', error: 'it holds no Zotero item' }]
  return out
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

function readItem(n: DomElement, type: string, id: string): CslItem {
  const item: CslItem = { id, type }
  const set = (key: string, value: string): void => {
    if (value) item[key] = value
  }
  set('title', text(child(n, 'title')))
  for (const k of kids(n)) {
    const role = ROLES[local(k)]
    if (!role) continue
    const names = k.querySelectorAll('*')
    const list = (item[role] ??= []) as CslName[]
    for (const p of Array.from(names)) {
      if (local(p) !== 'Person' && local(p) !== 'Organization') continue
      const name = person(p)
      if (name) list.push(name)
    }
  }
  const date = text(child(n, 'date'))
  if (date) {
    const edtf = humanDate(date)
    item.issued = edtf ? toCslDate(edtf) : { literal: date }
  }
  const publisher = child(n, 'publisher')
  if (publisher) {
    const inner = Array.from(publisher.querySelectorAll('*'))
    const name = inner.find((e) => local(e) === 'name')
    set('publisher', name ? text(name) : inner.length ? '' : text(publisher))
    const place = inner.find((e) => local(e) === 'locality')
    set('publisher-place', text(place))
  }
  for (const part of kids(n).filter((k) => local(k) === 'isPartOf')) {
    const container = kids(part)[0]
    if (!container) continue
    const key = local(container) === 'Series' ? 'collection-title' : 'container-title'
    set(key, text(child(container, 'title')))
    set('volume', text(child(container, 'volume')))
    set('issue', text(child(container, 'number')))
    for (const id of kids(container).filter((k) => local(k) === 'identifier'))
      identifier(item, text(id))
  }
  set('page', text(child(n, 'pages')))
  set('abstract', text(child(n, 'abstract')))
  set('language', text(child(n, 'language')))
  set('edition', text(child(n, 'edition')))
  set('volume', text(child(n, 'volume')) || String(item.volume ?? ''))
  set('number-of-pages', text(child(n, 'numPages')))
  set('archive', text(child(n, 'archive')))
  set('archive_location', text(child(n, 'coverage')))
  set('title-short', text(child(n, 'shortTitle')))
  set('genre', text(child(n, 'type')))
  set('call-number', text(child(n, 'callNumber')) || text(child(n, 'callnumber')))
  const accessed = text(child(n, 'dateSubmitted'))
  if (accessed) {
    const edtf = humanDate(accessed.slice(0, 10))
    if (edtf) item.accessed = toCslDate(edtf)
  }
  const rights = text(child(n, 'rights'))
  if (rights) item.custom = { license: rights }
  for (const id of kids(n).filter((k) => local(k) === 'identifier')) {
    const uri = Array.from(id.querySelectorAll('*')).find((e) => local(e) === 'value')
    if (uri) set('URL', text(uri))
    else identifier(item, text(id))
  }
  return item
}

// dc:identifier holds "DOI 10.…", "ISBN …", "ISSN …" as text.
function identifier(item: CslItem, value: string): void {
  const m = /^(DOI|ISBN|ISSN)\s+(.+)$/i.exec(value)
  if (m) item[m[1].toUpperCase()] = m[2].trim()
}
