// Source citations in a CSL style through citation-js (APA: plugin-csl ships no Chicago style).

import type { Inline } from './markdown'
import type { HandoutSource } from './types'

/** The CSL style used; @citation-js/plugin-csl ships 'apa', 'harvard1' and 'vancouver'. */
export const CSL_STYLE = 'apa'

const CSL_TYPES: Readonly<Record<HandoutSource['kind'], string>> = {
  article: 'article-newspaper',
  encyclopedia: 'entry-encyclopedia',
  book: 'book',
  letter: 'personal_communication',
  report: 'report',
  other: 'document'
}

const LOCALES: Readonly<Record<string, string>> = {
  en: 'en-US',
  fr: 'fr-FR',
  de: 'de-DE',
  es: 'es-ES',
  nl: 'nl-NL'
}

type CiteClass = typeof import('@citation-js/core').Cite

// citation-js and citeproc take about a second to load: import them once, when first needed.
let loading: Promise<CiteClass> | null = null
function citeClass(): Promise<CiteClass> {
  loading ??= (async () => {
    const core = await import('@citation-js/core')
    await import('@citation-js/plugin-csl')
    return core.Cite
  })()
  return loading
}

/** A source as a CSL-JSON item. */
export function toCsl(source: HandoutSource): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: source.id,
    type: CSL_TYPES[source.kind] ?? 'document',
    title: source.title
  }
  for (const role of ['author', 'editor', 'translator', 'contributor'] as const) {
    const names = source.creators.filter((c) => c.role === role).map((c) => cslName(c.name))
    if (names.length) item[role] = names
  }
  const container = source.kind === 'article' || source.kind === 'encyclopedia'
  if (source.publisher) item[container ? 'container-title' : 'publisher'] = source.publisher
  if (source.date) item.issued = cslDate(source.date)
  if (source.accessed) item.accessed = cslDate(source.accessed)
  if (source.url) item.URL = source.url
  if (source.language) item.language = source.language
  if (source.license) item.license = source.license
  return item
}

function cslName(name: string): Record<string, string> {
  const comma = name.indexOf(',')
  if (comma > 0 && comma < name.length - 1) {
    return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() }
  }
  return { literal: name.trim() }
}

function cslDate(value: string): Record<string, unknown> {
  const m = /^(-?\d{1,4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value.trim())
  if (!m) return { literal: value }
  return { 'date-parts': [[m[1], m[2], m[3]].filter(Boolean).map(Number)] }
}

// Formatted citations by style, locale and CSL item: handouts of the same sources reuse them.
const formatted = new Map<string, string>()
const remember = (key: string, value: string): void => {
  if (formatted.size > 5000) formatted.clear()
  formatted.set(key, value)
}

/** Formats citations of the sources of one handout; falls back to plain fields if CSL fails. */
export class Citations {
  private constructor(
    private readonly Cite: CiteClass,
    private readonly locale: string,
    private readonly warn: (message: string) => void
  ) {}

  static async create(language: string, warn: (message: string) => void): Promise<Citations> {
    const locale = LOCALES[language.slice(0, 2).toLowerCase()] ?? 'en-US'
    return new Citations(await citeClass(), locale, warn)
  }

  /** The reference-list entry of a source, with italics as the style sets them. */
  reference(source: HandoutSource): Inline[] {
    let inlines: Inline[]
    try {
      const item = toCsl(source)
      const key = `bib\u0001${CSL_STYLE}\u0001${this.locale}\u0001${JSON.stringify(item)}`
      let html = formatted.get(key)
      if (html === undefined) {
        html = new this.Cite([item]).format('bibliography', {
          format: 'html',
          template: CSL_STYLE,
          lang: this.locale
        })
        remember(key, html)
      }
      inlines = htmlInlines(html)
    } catch (error) {
      this.warn(`Citation of source ${source.label} fell back to plain fields: ${String(error)}`)
      inlines = [
        {
          text: [source.title, source.publisher, source.date, source.url].filter(Boolean).join('. ')
        }
      ]
    }
    if (source.license) inlines.push({ text: ` Licence: ${source.license}.` })
    return inlines
  }

  /** An in-text citation with a paragraph locator, e.g. "(Contributeurs de Wikipédia, n.d., para. 4)". */
  locator(source: HandoutSource, paragraph: number): string {
    const item = toCsl(source)
    const key = `cite\u0001${CSL_STYLE}\u0001${this.locale}\u0001${paragraph}\u0001${JSON.stringify(item)}`
    let text = formatted.get(key)
    if (text === undefined) {
      try {
        text = new this.Cite([item]).format('citation', {
          format: 'text',
          template: CSL_STYLE,
          lang: this.locale,
          entry: [{ id: source.id, locator: String(paragraph), label: 'paragraph' }]
        })
      } catch {
        text = `(${source.label}, ¶${paragraph})`
      }
      remember(key, text)
    }
    return text
  }
}

// citeproc's HTML output: <div class="csl-entry">…<i>Title</i>…</div>; keep italics and bold only.
function htmlInlines(html: string): Inline[] {
  const entry = /<div class="csl-entry">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? html
  const out: Inline[] = []
  let em = 0
  let strong = 0
  for (const part of entry.split(/(<[^>]+>)/)) {
    if (part.startsWith('<')) {
      const tag = /^<(\/?)(\w+)/.exec(part)
      if (!tag) continue
      const delta = tag[1] ? -1 : 1
      if (tag[2] === 'i' || tag[2] === 'em') em += delta
      if (tag[2] === 'b' || tag[2] === 'strong') strong += delta
    } else if (part) {
      out.push({ text: entities(part.replace(/\s+/g, ' ')), em: em > 0, strong: strong > 0 })
    }
  }
  if (out.length) out[0].text = out[0].text.trimStart()
  if (out.length) out[out.length - 1].text = out[out.length - 1].text.trimEnd()
  return out
}

function entities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
}
