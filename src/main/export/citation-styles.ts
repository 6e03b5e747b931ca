// CSL citation styles: the official ones shipped in resources/csl, and checking a user's .csl file.

import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ArchiveError } from '../../shared/errors'
import {
  BUILTIN_CITATION_STYLES,
  DEFAULT_CITATION_STYLE,
  type CitationClass,
  type CitationStyle
} from '../../shared/model'

/** Menu names of the built-in styles. */
const LABELS: Readonly<Record<(typeof BUILTIN_CITATION_STYLES)[number], string>> = {
  'chicago-notes-bibliography': 'Chicago, notes and bibliography',
  'chicago-author-date': 'Chicago, author-date',
  'modern-language-association': 'MLA',
  apa: 'APA',
  'harvard-cite-them-right': 'Harvard (Cite Them Right)'
}

/** Other names people type for the built-in styles (`export-pdf --style chicago`). */
const ALIASES: Readonly<Record<string, string>> = {
  chicago: 'chicago-notes-bibliography',
  'chicago-notes': 'chicago-notes-bibliography',
  'chicago-note-bibliography': 'chicago-notes-bibliography',
  'chicago-author-date': 'chicago-author-date',
  mla: 'modern-language-association',
  harvard: 'harvard-cite-them-right',
  harvard1: 'harvard-cite-them-right'
}

/** A style ready for the CSL processor. */
export interface LoadedStyle extends CitationStyle {
  xml: string
}

export function isBuiltinStyle(id: string): id is (typeof BUILTIN_CITATION_STYLES)[number] {
  return (BUILTIN_CITATION_STYLES as readonly string[]).includes(id)
}

/** The built-in id a name or alias stands for, or null. */
export function builtinStyleId(name: string): string | null {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/\.csl$/, '')
  if (isBuiltinStyle(key)) return key
  return ALIASES[key] ?? null
}

// Built-in styles read once per folder: the Chicago files are a quarter of a megabyte each.
const loaded = new Map<string, LoadedStyle>()

/** A built-in style with its XML, read from `cslDir` (resources/csl). */
export function builtinStyle(cslDir: string, id: string): LoadedStyle {
  const key = `${cslDir}\u0000${id}`
  let style = loaded.get(key)
  if (!style) {
    if (!isBuiltinStyle(id))
      throw new ArchiveError('NOT_FOUND', `There is no built-in style "${id}".`)
    const xml = readFileSync(join(cslDir, `${id}.csl`), 'utf8')
    const info = styleInfo(xml)
    style = { id, title: info.title, label: LABELS[id], class: info.class, builtin: true, xml }
    loaded.set(key, style)
  }
  return style
}

/** Every built-in style, in menu order (without their XML). */
export function builtinStyles(cslDir: string): CitationStyle[] {
  return BUILTIN_CITATION_STYLES.map((id) => {
    const { xml: _xml, ...style } = builtinStyle(cslDir, id)
    return style
  })
}

/**
 * Where the CSL files are: beside the fonts folder (resources/csl next to resources/fonts), or the
 * resources folder above this module (tests and tools that keep their fonts elsewhere).
 */
export function defaultCslDir(fontsDir: string): string {
  const sibling = join(dirname(fontsDir), 'csl')
  if (existsSync(join(sibling, 'apa.csl'))) return sibling
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'csl')
    if (existsSync(join(candidate, 'apa.csl'))) return candidate
    dir = dirname(dir)
  }
  return sibling
}

/** The default style's id, for handouts that name none. */
export const DEFAULT_STYLE = DEFAULT_CITATION_STYLE

const CSL_NS = 'http://purl.org/net/xbiblio/csl'

/** Title and class from a style's XML (its root attributes and info/title), without a full parse. */
export function styleInfo(xml: string): { title: string; class: CitationClass; id: string } {
  const root = /<style\b([^>]*)>/.exec(xml)
  const klass = root ? /\bclass\s*=\s*["']([^"']*)["']/.exec(root[1])?.[1] : undefined
  const title = /<info\b[\s\S]*?<title>([\s\S]*?)<\/title>/.exec(xml)?.[1] ?? ''
  const id = /<info\b[\s\S]*?<id>([\s\S]*?)<\/id>/.exec(xml)?.[1] ?? ''
  return {
    title: decodeXml(title.trim()),
    class: klass === 'note' ? 'note' : 'in-text',
    id: decodeXml(id.trim())
  }
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&')
}

/** Largest .csl file accepted (the largest official styles are about 250 KB). */
export const MAX_STYLE_BYTES = 2 * 1024 * 1024

/**
 * Checks a .csl file against the CSL 1.0 schema (the validator Zotero's style editor uses) and
 * returns its title and class; refuses anything else with one line naming the file and the fault.
 * `name` is the file name, for messages.
 */
export async function checkStyle(
  xml: string,
  name: string
): Promise<{ title: string; class: CitationClass }> {
  const fault = (why: string): ArchiveError =>
    new ArchiveError('UNSUPPORTED_FILE', `${name} is not a valid CSL style: ${why}.`)
  if (typeof xml !== 'string' || xml.trim() === '') throw fault('the file is empty')
  if (xml.length > MAX_STYLE_BYTES) throw fault('the file is larger than 2 MB')
  if (!xml.includes(CSL_NS) || !/<style\b/.test(xml)) {
    throw fault(`it has no <style> element in the CSL namespace (${CSL_NS})`)
  }
  const { validateStyle } = await import('csl-validator-wasm')
  const report = await validateStyle(xml)
  const first = report
    .split('\n')
    .find((line) => /error:/.test(line) && !/some documents are invalid/.test(line))
  if (first) throw fault(schemaError(first))
  if (
    /<style\b[^>]*\bclass\s*=\s*["']note["']/.test(xml) === false &&
    !/<bibliography\b/.test(xml)
  ) {
    // An in-text style without a bibliography cannot print the handout's list of sources.
    throw fault('it is an in-text style without a <bibliography> section')
  }
  const info = styleInfo(xml)
  return { title: info.title || name.replace(/\.csl$/i, ''), class: info.class }
}

// "/style.csl:1:148: error: element http://…csl^bogus not allowed" -> "line 1, column 148: element bogus not allowed"
function schemaError(line: string): string {
  const m = /:(\d+):(\d+): error: (.*)$/.exec(line)
  const what = (m ? m[3] : line.replace(/^.*error:\s*/, '')).replace(/http:\/\/[^\s^]+\^/g, '')
  return m ? `line ${m[1]}, column ${m[2]}: ${what}` : what
}
