// EPUB import: chapters in spine order through the shared HTML-to-text code, metadata from the OPF package file.

import { ArchiveError } from '../../../shared/errors'
import type { Creator, CreatorRole, SourceMeta } from '../../../shared/model'
import { decodeHtml } from './html-decode'
import { parseHtml } from './html-parse'
import { htmlToText, stripUnsafe, type DomElement } from './html-text'
import { MAX_DOM_BYTES, TextBudget, tooMuchMarkup } from './limits'
import { creators, isWebUrl, isoDate, languageTag, oneLine, pruneMeta } from './meta-fields'
import { titleFromFileName, type ImportedDocument } from './types'
import { parseXml, xmlAttr, xmlElements, xmlText, xmlTexts } from './xml'
import { readZip, type ZipArchive } from './zip'

const LABEL = 'this EPUB book'

function refuse(name: string, reason: string): ArchiveError {
  return new ArchiveError('UNSUPPORTED_FILE', `${name}: ${LABEL} ${reason}`)
}

/**
 * Resolves an href from a file inside the book against that file's folder: percent-decoded, without
 * fragment or query. Null for external URLs and for paths that climb out of the book.
 */
export function resolveBookPath(from: string, href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null
  let path = href.replace(/[#?].*$/, '')
  try {
    path = decodeURIComponent(path)
  } catch {
    // A stray "%" is a literal character in a file name.
  }
  const parts = path.startsWith('/') ? [] : from.split('/').slice(0, -1)
  for (const part of path.split('/')) {
    if (part === '..') {
      if (!parts.length) return null
      parts.pop()
    } else if (part && part !== '.') parts.push(part)
  }
  return parts.join('/') || null
}

const ROLES: Record<string, CreatorRole> = { aut: 'author', edt: 'editor', trl: 'translator' }

/** Creators with roles from `opf:role` (EPUB 2) or `<meta refines property="role">` (EPUB 3). */
function opfCreators(opf: DomElement): Creator[] {
  const refinedRole = new Map<string, string>()
  for (const m of xmlElements(opf, 'meta')) {
    if (m.getAttribute('property') === 'role') {
      refinedRole.set((m.getAttribute('refines') ?? '').replace(/^#/, ''), oneLine(m.textContent))
    }
  }
  const out: Creator[] = []
  for (const [tag, fallback] of [
    ['creator', 'author'],
    ['contributor', null]
  ] as const) {
    for (const el of xmlElements(opf, tag)) {
      const code = (
        xmlAttr(el, 'role') ??
        refinedRole.get(el.getAttribute('id') ?? '') ??
        ''
      ).toLowerCase()
      // Contributors without a known role are mostly tools ("calibre", role bkp): not people to cite.
      const role = ROLES[code] ?? fallback
      if (role) out.push(...creators([el.textContent], role))
    }
  }
  return out
}

/** Metadata from the OPF package document's Dublin Core elements. */
function opfMeta(opf: DomElement, name: string): Partial<SourceMeta> {
  const dates = xmlElements(opf, 'date')
  const published =
    dates.find((d) => /publication/i.test(xmlAttr(d, 'event') ?? '')) ??
    dates.find((d) => !xmlAttr(d, 'event'))
  // Descriptions often carry escaped HTML; read it as markup so tags and entities become text.
  const raw = xmlText(opf, 'description')
  const description = raw.includes('<') ? htmlToText(parseHtml(raw, name).body) : raw
  return pruneMeta({
    title: xmlText(opf, 'title'),
    creators: opfCreators(opf),
    publisher: xmlText(opf, 'publisher'),
    date: isoDate(published?.textContent),
    language: languageTag(xmlText(opf, 'language')),
    url: xmlTexts(opf, 'identifier').find(isWebUrl) ?? '',
    license: xmlText(opf, 'rights'),
    description: oneLine(description),
    kind: 'book'
  })
}

/** Refuses books whose chapters are encrypted (DRM); obfuscated fonts alone are fine. */
function checkDrm(zip: ZipArchive, name: string): void {
  const xml = zip.text('META-INF/encryption.xml')
  if (!xml) return
  const encrypted = xmlElements(parseXml(xml), 'CipherReference')
    .map((ref) => ref.getAttribute('URI') ?? '')
    .filter((uri) => /\.(x?html?|xml)$/i.test(uri))
  if (encrypted.length) {
    throw refuse(
      name,
      'is protected by DRM (its chapters are encrypted); Parallax can only read DRM-free books.'
    )
  }
}

/** The text of one chapter file, or "" when it is missing or empty. */
function chapterText(zip: ZipArchive, path: string, name: string, budget: TextBudget): string {
  const size = zip.entries.find((e) => e.name === path)?.size ?? 0
  if (size > MAX_DOM_BYTES) throw tooMuchMarkup(name, `the chapter ${JSON.stringify(path)}`, size)
  const bytes = zip.read(path)
  if (!bytes || bytes.length === 0) return ''
  const { text } = decodeHtml(bytes, `${name}: ${path}`)
  const { document, body } = parseHtml(text, name)
  stripUnsafe(document)
  const chapter = htmlToText(body)
  budget.add(chapter.length + 2)
  return chapter
}

/**
 * Imports an EPUB (2 or 3) book: the package file is found through META-INF/container.xml, the
 * chapters are read in spine order (whole bodies, no Readability) and joined as paragraphs. ZIP
 * safety (bombs, path traversal, encrypted entries) is enforced by readZip; DRM books are refused.
 */
export function importEpub(bytes: Uint8Array, name: string): ImportedDocument {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw refuse(name, 'is damaged or incomplete (it is not a ZIP package as EPUB files are).')
  }
  const zip = readZip(bytes, name, { label: LABEL })
  const containerSize = zip.entries.find((e) => e.name === 'META-INF/container.xml')?.size ?? 0
  if (containerSize > MAX_DOM_BYTES) throw tooMuchMarkup(name, 'its container file', containerSize)
  const container = zip.text('META-INF/container.xml')
  const rootfile = container ? xmlElements(parseXml(container), 'rootfile')[0] : undefined
  const opfPath = (rootfile && resolveBookPath('', rootfile.getAttribute('full-path') ?? '')) || ''
  const opfSize = zip.entries.find((e) => e.name === opfPath)?.size ?? 0
  if (opfSize > MAX_DOM_BYTES) throw tooMuchMarkup(name, 'its package file', opfSize)
  const opfText = opfPath ? zip.text(opfPath) : null
  if (!opfText) {
    throw refuse(
      name,
      'is damaged or not an EPUB (its package file, named in META-INF/container.xml, is missing).'
    )
  }
  checkDrm(zip, name)
  const opf = parseXml(opfText)
  const manifest = new Map<string, { href: string; type: string }>()
  for (const item of xmlElements(opf, 'item')) {
    const id = item.getAttribute('id')
    if (id)
      manifest.set(id, {
        href: item.getAttribute('href') ?? '',
        type: item.getAttribute('media-type') ?? ''
      })
  }
  const chapters: string[] = []
  const seen = new Set<string>()
  const budget = new TextBudget(name)
  for (const ref of xmlElements(opf, 'itemref')) {
    const item = manifest.get(ref.getAttribute('idref') ?? '')
    if (!item || !/html|xml/i.test(item.type)) continue
    const path = resolveBookPath(opfPath, item.href)
    if (!path || seen.has(path)) continue
    seen.add(path)
    const text = chapterText(zip, path, name, budget)
    if (text) chapters.push(text)
  }
  if (!chapters.length) throw refuse(name, 'has no readable text in its chapters.')
  const meta = opfMeta(opf, name)
  return {
    text: chapters.join('\n\n'),
    meta: { ...meta, title: meta.title || titleFromFileName(name) },
    origin: { fileName: name, format: 'epub' }
  }
}
