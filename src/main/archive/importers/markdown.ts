// Markdown import: front matter as metadata, the body as plain paragraphs (marked's lexer, no HTML rendering).

import { Lexer, type Token, type Tokens } from 'marked'
import { parse as parseYaml } from 'yaml'
import { ArchiveError } from '../../../shared/errors'
import type { Creator, SourceMeta } from '../../../shared/model'
import { decodeText } from './decode'
import { guessDate, titleFromFileName, type ImportedDocument } from './types'

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/

function inlineText(tokens: Token[] | undefined): string {
  if (!tokens) return ''
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'br':
          return '\n'
        case 'html':
          return ''
        case 'image':
          return (t as Tokens.Image).text
        case 'escape':
        case 'codespan':
          return (t as Tokens.Codespan).text
        default:
          return 'tokens' in t && t.tokens
            ? inlineText(t.tokens)
            : 'text' in t
              ? String(t.text)
              : ''
      }
    })
    .join('')
}

function blocks(tokens: Token[], out: string[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'heading':
      case 'paragraph':
        out.push(inlineText((t as Tokens.Paragraph).tokens))
        break
      case 'text':
        out.push('tokens' in t && t.tokens ? inlineText(t.tokens) : (t as Tokens.Text).text)
        break
      case 'blockquote':
        blocks((t as Tokens.Blockquote).tokens, out)
        break
      case 'list': {
        const list = t as Tokens.List
        list.items.forEach((item, i) => {
          const inner: string[] = []
          blocks(item.tokens, inner)
          const marker = list.ordered ? `${Number(list.start || 1) + i}. ` : '• '
          out.push(marker + inner.join(' '))
        })
        break
      }
      case 'code':
        out.push((t as Tokens.Code).text)
        break
      case 'table': {
        const table = t as Tokens.Table
        const row = (cells: Tokens.TableCell[]): string =>
          cells.map((c) => inlineText(c.tokens)).join('\t')
        out.push([row(table.header), ...table.rows.map(row)].join('\n'))
        break
      }
      case 'html':
        out.push((t as Tokens.HTML).text.replace(/<[^>]*>/g, '').trim())
        break
      default:
        break
    }
  }
}

/** Markdown to plain text: one paragraph per block, inline markup dropped, link text kept. */
export function markdownToText(markdown: string): { text: string; firstHeading: string | null } {
  const tokens = new Lexer({ gfm: true }).lex(markdown)
  const out: string[] = []
  blocks(tokens, out)
  const h1 = tokens.find((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 1)
  return {
    text: out
      .map((p) => p.trim())
      .filter(Boolean)
      .join('\n\n'),
    firstHeading: h1 ? inlineText(h1.tokens).trim() : null
  }
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return undefined
}

/** Reads the usual front-matter keys (title, author(s), date, lang, url, license, publisher, description). */
function frontMatterMeta(yaml: string): Partial<SourceMeta> {
  let data: unknown
  try {
    data = parseYaml(yaml)
  } catch {
    return {}
  }
  if (typeof data !== 'object' || data === null) return {}
  const d = data as Record<string, unknown>
  const meta: Partial<SourceMeta> = {}
  const pick = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = asString(d[k])
      if (v) return v
    }
    return undefined
  }
  meta.title = pick('title')
  meta.date = pick('date', 'published')
  meta.language = pick('lang', 'language')
  meta.url = pick('url', 'source', 'canonical')
  meta.license = pick('license', 'licence', 'rights')
  meta.publisher = pick('publisher', 'site', 'site_name')
  meta.description = pick('description', 'summary', 'abstract')
  const authors = d.authors ?? d.author ?? d.creators
  const names = Array.isArray(authors) ? authors.map(asString) : [asString(authors)]
  const creators: Creator[] = names
    .filter((n): n is string => !!n)
    .map((name) => ({ name, role: 'author' }))
  if (creators.length) meta.creators = creators
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined))
}

/** Deepest nesting of quotes and lists accepted; real documents stay under 10. */
export const MAX_MARKDOWN_NESTING = 100
/** Longest run of one emphasis or strike delimiter accepted (a rule of asterisks is far shorter). */
const MAX_DELIMITER_RUN = 500

/**
 * How deep a Markdown text nests, from its lines alone: quote markers (">") at a line's start,
 * list markers by their indent (2 columns a level), and runs of one emphasis delimiter (counted
 * as their length). marked recurses on each, so deep nesting would exhaust its stack and time.
 */
export function markdownNesting(markdown: string): number {
  let max = 0
  const line = /^([ \t>]*)(?:[-*+]|\d{1,9}[.)])?/gm
  for (let m = line.exec(markdown); m; m = line.exec(markdown)) {
    const lead = m[1]
    const quotes = lead.split('>').length - 1
    const indent = lead.slice(lead.lastIndexOf('>') + 1).replace(/\t/g, '    ').length
    max = Math.max(max, quotes + (m[0].length > lead.length ? Math.floor(indent / 2) : 0))
    if (line.lastIndex === m.index) line.lastIndex++
  }
  for (const run of markdown.match(/([*_~])\1{50,}/g) ?? []) {
    max = Math.max(max, Math.floor((run.length * MAX_MARKDOWN_NESTING) / MAX_DELIMITER_RUN))
  }
  return max
}

function tooDeep(name: string): ArchiveError {
  return new ArchiveError(
    'UNSUPPORTED_FILE',
    `${name}: this Markdown nests quotes, lists or emphasis more than ${MAX_MARKDOWN_NESTING} levels deep (real documents stay under 10); it looks built to crash readers and was not imported.`
  )
}

export function importMarkdown(bytes: Uint8Array, name: string): ImportedDocument {
  const { text: source, encoding } = decodeText(bytes, name)
  const normalized = source.replace(/\r\n?/g, '\n')
  if (markdownNesting(normalized) > MAX_MARKDOWN_NESTING) throw tooDeep(name)
  const fm = FRONT_MATTER.exec(normalized)
  const meta = fm ? frontMatterMeta(fm[1]) : {}
  let converted: ReturnType<typeof markdownToText>
  try {
    converted = markdownToText(fm ? normalized.slice(fm[0].length) : normalized)
  } catch (error) {
    // What the line check misses (nesting marked finds by other rules) still ends in one line.
    if (error instanceof RangeError) throw tooDeep(name)
    throw error
  }
  const { text, firstHeading } = converted
  return {
    text,
    meta: {
      ...meta,
      title: meta.title || firstHeading || titleFromFileName(name),
      date: meta.date || guessDate(text)
    },
    origin: { fileName: name, format: 'markdown', encoding }
  }
}
