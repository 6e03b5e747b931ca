// Citations in a handout's CSL style through citeproc-js: notes (full first, short after), in-text cites, the bibliography.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type CSLModule from 'citeproc'
import { type LoadedStyle, builtinStyle, DEFAULT_STYLE } from '../citation-styles'
import { toCslItem, type CslItem } from '../references/csl-item'
import type { Inline } from './markdown'
import type { HandoutSource } from './types'

/** The style a handout names when it names none (renderer input made before styles existed). */
export const FALLBACK_STYLE = 'apa'

type Engine = InstanceType<(typeof CSLModule)['Engine']>

// citeproc takes up to a second to load, and a second more to read a large style: load it once,
// and keep one engine per style and locale (a handout is rendered synchronously once they exist).
let loading: Promise<typeof CSLModule> | null = null
function citeproc(): Promise<typeof CSLModule> {
  loading ??= import('citeproc').then((m) => (m.default ?? m) as typeof CSLModule)
  return loading
}

const engines = new Map<string, Engine>()

/** Locale XML: the shipped CSL locales first, then those citation-js carries. */
function localeLoader(cslDir: string): (lang: string) => string | undefined {
  return (lang) => {
    try {
      return readFileSync(join(cslDir, 'locales', `locales-${lang}.xml`), 'utf8')
    } catch {
      return pluginLocale(lang)
    }
  }
}

let pluginLocales: { get(lang: string): string | undefined; has(lang: string): boolean } | null =
  null
function pluginLocale(lang: string): string | undefined {
  return pluginLocales?.has(lang) ? pluginLocales.get(lang) : undefined
}

const LOCALES: Readonly<Record<string, string>> = {
  en: 'en-US',
  fr: 'fr-FR',
  de: 'de-DE',
  es: 'es-ES',
  nl: 'nl-NL'
}

/** What a Citations object needs: the style (with its XML) and where the shipped locales are. */
export interface CitationSetup {
  style: LoadedStyle
  cslDir: string
  /** The handout's language ('en'); the style's own default locale wins when it has one. */
  language: string
  warn: (message: string) => void
}

/** Resolves a handout's style reference to a loaded style; an unknown one falls back with a warning. */
export function resolveStyle(
  cslDir: string,
  ref: { id: string; title?: string; xml?: string } | undefined,
  warn: (message: string) => void
): LoadedStyle {
  if (!ref) return builtinStyle(cslDir, FALLBACK_STYLE)
  if (ref.xml) {
    const klass = /<style\b[^>]*\bclass\s*=\s*["']note["']/.test(ref.xml) ? 'note' : 'in-text'
    return {
      id: ref.id,
      title: ref.title ?? ref.id,
      label: ref.title ?? ref.id,
      class: klass,
      builtin: false,
      xml: ref.xml
    }
  }
  try {
    return builtinStyle(cslDir, ref.id)
  } catch {
    warn(`The citation style “${ref.id}” is not available here; the handout cites in Chicago.`)
    return builtinStyle(cslDir, DEFAULT_STYLE)
  }
}

/** The heading of the bibliography as each style names it. */
function bibliographyTitle(style: LoadedStyle): string {
  switch (style.id) {
    case 'modern-language-association':
      return 'Works Cited'
    case 'harvard-cite-them-right':
      return 'Reference list'
    case 'chicago-notes-bibliography':
      return 'Bibliography'
    default:
      return style.class === 'note' ? 'Bibliography' : 'References'
  }
}

/** Formats the citations of one handout, in the order they are printed. */
export class Citations {
  readonly title: string
  private readonly items = new Map<string, CslItem>()
  private readonly cited: [string, number][] = []
  private readonly references = new Map<string, Inline[]>()

  private constructor(
    readonly style: LoadedStyle,
    private readonly engine: Engine,
    private readonly warn: (message: string) => void
  ) {
    this.title = bibliographyTitle(style)
  }

  static async create(setup: CitationSetup): Promise<Citations> {
    const CSL = await citeproc()
    if (!pluginLocales) {
      await import('@citation-js/core')
      await import('@citation-js/plugin-csl')
      const core = await import('@citation-js/core')
      pluginLocales = (
        core as unknown as {
          plugins: { config: { get(name: string): { locales: typeof pluginLocales } } }
        }
      ).plugins.config.get('@csl').locales
    }
    const lang = LOCALES[setup.language.slice(0, 2).toLowerCase()] ?? 'en-US'
    const make = (slot: string): Engine => {
      const key = `${slot}\u0001${lang}\u0001${setup.style.xml}`
      let engine = engines.get(key)
      if (!engine) {
        const sys = { retrieveLocale: localeLoader(setup.cslDir), retrieveItem: () => ({}) }
        engine = new CSL.Engine(sys, setup.style.xml, lang)
        engine.setOutputFormat('html')
        engine.opt.development_extensions.wrap_url_and_doi = false
        if (engines.size > 20) engines.clear()
        engines.set(key, engine)
      }
      return engine
    }
    return new Citations(setup.style, make('cite'), setup.warn)
  }

  /** Whether the style cites in footnotes (Chicago notes and bibliography). */
  get notes(): boolean {
    return this.style.class === 'note'
  }

  /** Registers the handout's sources; call once, before any citation. */
  register(sources: HandoutSource[]): void {
    for (const s of sources) {
      const item = toCslItem(asReference(s), true)
      // The licence is printed after the entry (CSL has no field for it); citeproc never sees it.
      if (s.license) item.custom = { license: s.license }
      this.items.set(s.id, item)
    }
    const items = this.items
    const sys = (this.engine as unknown as { sys: { retrieveItem(id: string): object } }).sys
    sys.retrieveItem = (id) => items.get(id) as object
    this.engine.restoreProcessorState([])
    // Uncited too: a source the handout prints without citing it still belongs in the bibliography.
    this.engine.updateUncitedItems([...items.keys()])
  }

  /**
   * The next citation of a source, in print order: with a note style the note's text (the full
   * note the first time, a short one after; `noteNumber` is the footnote's number), with an
   * in-text style the parenthetical cite. `paragraph` adds a locator ("para. 4").
   */
  cite(source: HandoutSource, paragraph: number | null, noteNumber = 0): Inline[] {
    try {
      const citation = {
        citationItems: [
          paragraph === null
            ? { id: source.id }
            : { id: source.id, locator: String(paragraph), label: 'paragraph' }
        ],
        properties: { noteIndex: this.notes ? noteNumber || this.cited.length + 1 : 0 }
      }
      const [, changed] = this.engine.processCitationCluster(citation, [...this.cited], [])
      const index = this.cited.length
      const own = changed.find(([i]) => i === index) ?? changed[changed.length - 1]
      this.cited.push([own[2], citation.properties.noteIndex])
      return htmlInlines(own[1])
    } catch (error) {
      this.warn(`A citation of source ${source.label} fell back to plain fields: ${String(error)}`)
      return [
        { text: paragraph === null ? plainReference(source) : `${source.label}, ¶${paragraph}` }
      ]
    }
  }

  /** The bibliography entry of one source (under its heading), with italics as the style sets them. */
  reference(source: HandoutSource): Inline[] {
    let inlines = this.references.get(source.id)
    if (!inlines) {
      try {
        // The entry alone (a filter of the registered items): no "———" for a repeated author.
        const bib = this.engine.makeBibliography({ select: [{ field: 'id', value: source.id }] })
        inlines = bib ? htmlInlines(bib[1][0] ?? '') : []
        if (!inlines.length) inlines = [{ text: plainReference(source) }]
      } catch (error) {
        this.warn(`Citation of source ${source.label} fell back to plain fields: ${String(error)}`)
        inlines = [{ text: plainReference(source) }]
      }
      if (source.license) inlines = [...inlines, { text: ` Licence: ${source.license}.` }]
      this.references.set(source.id, inlines)
    }
    return inlines
  }

  /** The bibliography of every registered source, in the style's order. */
  bibliography(): { id: string; inlines: Inline[] }[] {
    try {
      const bib = this.engine.makeBibliography()
      if (bib) {
        return bib[1].map((html, i) => {
          const id = bib[0].entry_ids[i][0]
          const license = (this.items.get(id)?.custom as { license?: string } | undefined)?.license
          const inlines = htmlInlines(html)
          return {
            id,
            inlines: license ? [...inlines, { text: ` Licence: ${license}.` }] : inlines
          }
        })
      }
    } catch (error) {
      this.warn(`The bibliography fell back to plain fields: ${String(error)}`)
    }
    return [...this.items.keys()].map((id) => ({ id, inlines: [] }))
  }
}

function asReference(s: HandoutSource): Parameters<typeof toCslItem>[0] {
  return { ...s, description: '', reference: s.reference }
}

function plainReference(source: HandoutSource): string {
  return [source.title, source.publisher, source.date, source.url].filter(Boolean).join('. ')
}

// citeproc's HTML: <div class="csl-entry">…<i>Title</i>…</div>; keep italics and bold only.
export function htmlInlines(html: string): Inline[] {
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
  return out.filter((i) => i.text !== '')
}

/** The plain text of inlines (tests and the DOCX). */
export function inlineText(inlines: Inline[]): string {
  return inlines.map((i) => i.text).join('')
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
