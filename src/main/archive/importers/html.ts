// HTML import: a saved web page's article (Readability over linkedom) or a fragment's whole text, with the page's metadata.

import { Readability } from '@mozilla/readability'
import { ArchiveError } from '../../../shared/errors'
import { decodeHtml } from './html-decode'
import { htmlMeta } from './html-meta'
import { parseHtml } from './html-parse'
import { domDepth, htmlToText, stripUnsafe, type DomNode } from './html-text'
import { MAX_DOM_BYTES, tooMuchMarkup } from './limits'
import { creators, isoDate } from './meta-fields'
import { titleFromFileName, type ImportedDocument } from './types'

/**
 * Deepest nesting given to Readability: its cost grows steeply with depth (about 0.3 s at 200
 * levels, minutes and a stack overflow at 3,000), so deeper pages are read whole instead.
 */
export const READABILITY_MAX_DEPTH = 150

interface Article {
  text: string
  title: string
  byline: string
  publishedTime: string
}

/** Runs Readability on an already cleaned document; null when it finds no article. */
function readArticle(document: unknown): Article | null {
  let result
  try {
    result = new Readability<DomNode>(document as never, {
      serializer: (node) => node as never
    }).parse()
  } catch {
    // Readability trips over some odd trees; the whole body is the fallback.
    return null
  }
  if (!result?.content) return null
  const text = htmlToText(result.content)
  if (!text) return null
  return {
    text,
    title: result.title ?? '',
    byline: result.byline ?? '',
    publishedTime: result.publishedTime ?? ''
  }
}

/** Plain text of a whole document or fragment body, with unsafe parts removed. */
function bodyText(html: string, name: string): string {
  const { document, body } = parseHtml(html, name)
  stripUnsafe(document)
  return htmlToText(body)
}

/**
 * Imports an HTML page or fragment. Full pages go through Readability (the article only: no menus,
 * ads or comments); fragments, pages where Readability finds nothing and pages nested too deeply
 * for it are read whole. Scripts never run and script, style, navigation, form, hidden and
 * `javascript:` link text never appears. Metadata comes from the page (see htmlMeta).
 */
export function importHtml(bytes: Uint8Array, name: string): ImportedDocument {
  const { text: html, encoding } = decodeHtml(bytes, name)
  if (html.length > MAX_DOM_BYTES) throw tooMuchMarkup(name, 'this page', html.length)
  const { document, body, fragment } = parseHtml(html, name)
  const meta = htmlMeta(document)
  stripUnsafe(document)
  const readable = !fragment && domDepth(body, READABILITY_MAX_DEPTH) <= READABILITY_MAX_DEPTH
  const article = readable ? readArticle(document) : null
  // Readability edits the tree it reads, so its fallback parses the page afresh.
  const text = article?.text ?? (readable ? bodyText(html, name) : htmlToText(body))
  if (!text.trim()) {
    throw new ArchiveError(
      'UNSUPPORTED_FILE',
      `${name}: this page has no text to import (it may be filled in by scripts, which Parallax does not run).`
    )
  }
  const byline = article && article.byline.length <= 100 ? [article.byline] : []
  return {
    text,
    meta: {
      ...meta,
      title: meta.title || article?.title?.trim() || titleFromFileName(name),
      creators: meta.creators ?? creators(byline),
      date: meta.date || isoDate(article?.publishedTime)
    },
    origin: { fileName: name, format: 'html', encoding }
  }
}
