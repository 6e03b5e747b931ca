// Markdown of introductions and notes to plain blocks of styled inline text (marked's lexer; HTML stays text).

import { Lexer, type Token, type Tokens } from 'marked'

/** A run of inline text with its emphasis. */
export interface Inline {
  text: string
  em?: boolean
  strong?: boolean
}

/** A block of the introduction: paragraph, heading, list item or quotation. */
export interface MdBlock {
  kind: 'p' | 'h' | 'li' | 'quote'
  inlines: Inline[]
  /** List item label ('•', '1.') and nesting depth from 0. */
  marker?: string
  depth?: number
}

const MARKDOWN_SYNTAX = /[*_`[\]<>#&\\!|~=]|^\s*(?:[-+]|\d+[.)])\s|\n\s*\n/m

/** Parses Markdown into blocks; raw HTML is printed as the text it is, never interpreted. */
export function markdownBlocks(source: string): MdBlock[] {
  const out: MdBlock[] = []
  walkBlocks(Lexer.lex(source), out, 0)
  return out.filter((b) => b.inlines.some((i) => i.text.trim()))
}

/** Markdown flattened to one run of inline text (for notes and comments): blocks joined by spaces. */
export function markdownInline(source: string): Inline[] {
  // Most notes are plain sentences: skip the lexer when no Markdown syntax can be in them.
  if (!MARKDOWN_SYNTAX.test(source)) {
    const text = source.replace(/\s+/g, ' ').trim()
    return text ? [{ text }] : []
  }
  const blocks = markdownBlocks(source)
  const out: Inline[] = []
  blocks.forEach((b, i) => {
    if (i > 0) out.push({ text: ' ' })
    if (b.marker) out.push({ text: b.marker + ' ' })
    out.push(...b.inlines)
  })
  return out
}

function walkBlocks(tokens: Token[], out: MdBlock[], depth: number): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'paragraph':
      case 'text':
        out.push({ kind: 'p', inlines: inline((token as Tokens.Paragraph).tokens ?? [token]) })
        break
      case 'heading':
        out.push({ kind: 'h', inlines: inline((token as Tokens.Heading).tokens) })
        break
      case 'list':
        listItems(token as Tokens.List, out, depth)
        break
      case 'blockquote': {
        const inner: MdBlock[] = []
        walkBlocks((token as Tokens.Blockquote).tokens, inner, depth)
        for (const b of inner) out.push({ ...b, kind: 'quote' })
        break
      }
      case 'code':
      case 'html':
        out.push({ kind: 'p', inlines: [{ text: (token as Tokens.Code).text ?? token.raw }] })
        break
      case 'table': {
        const table = token as Tokens.Table
        for (const row of [table.header, ...table.rows]) {
          out.push({ kind: 'p', inlines: [{ text: row.map((c) => c.text).join(' | ') }] })
        }
        break
      }
      default:
        break // space, hr, def: nothing to print
    }
  }
}

function listItems(list: Tokens.List, out: MdBlock[], depth: number): void {
  const start = typeof list.start === 'number' ? list.start : 1
  list.items.forEach((item, i) => {
    const marker = list.ordered ? `${start + i}.` : '•'
    const nested: Token[] = []
    let first = true
    for (const t of item.tokens) {
      if (t.type === 'list') {
        nested.push(t)
        continue
      }
      const inner: MdBlock[] = []
      walkBlocks([t], inner, depth)
      for (const b of inner) {
        out.push({ kind: 'li', inlines: b.inlines, marker: first ? marker : '', depth })
        first = false
      }
    }
    for (const t of nested) listItems(t as Tokens.List, out, depth + 1)
  })
}

function inline(tokens: Token[], em = false, strong = false): Inline[] {
  const out: Inline[] = []
  for (const t of tokens) {
    const nested = (t as { tokens?: Token[] }).tokens
    switch (t.type) {
      case 'strong':
        out.push(...inline(nested ?? [], em, true))
        break
      case 'em':
        out.push(...inline(nested ?? [], true, strong))
        break
      case 'link': {
        const link = t as Tokens.Link
        out.push(...inline(nested ?? [], em, strong))
        if (link.href && link.href !== link.text) out.push({ text: ` (${link.href})`, em, strong })
        break
      }
      case 'br':
        out.push({ text: ' ', em, strong })
        break
      case 'image':
        out.push({ text: (t as Tokens.Image).text, em, strong })
        break
      default:
        if (nested && t.type === 'text') out.push(...inline(nested, em, strong))
        else out.push({ text: decode((t as { text?: string }).text ?? t.raw), em, strong })
    }
  }
  return out
}

// marked leaves entities of the source as written; print them as the characters they name.
function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#(\d+)|#x([0-9a-f]+));/gi, (m, name, dec, hex) => {
    if (dec) return String.fromCodePoint(Number(dec))
    if (hex) return String.fromCodePoint(parseInt(hex, 16))
    return { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }[String(name).toLowerCase()] ?? m
  })
}
