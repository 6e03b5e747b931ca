// Parses a user's search query (words, "phrases", prefix*, OR, -exclusions) into a safe FTS5 expression.

import { invalid } from '../errors'
import { fold } from './fold'

/** One clause of a query: a word or phrase, with the spellings it stands for. */
export interface QueryTerm {
  /** Folded alternatives: the term itself first, then variants from the archive's variant sets. */
  alternatives: string[]
  prefix: boolean
  phrase: boolean
  negated: boolean
}

export interface ParsedQuery {
  /** Clauses joined by AND; each inner list is joined by OR. */
  groups: QueryTerm[][]
  /** The FTS5 MATCH expression. Every term is quoted, so no user text is read as FTS5 syntax. */
  fts: string
}

/** Maps a folded word to every folded spelling in its variant set (including itself). */
export type VariantLookup = (folded: string) => readonly string[] | undefined

const TOKEN = /(-?)"([^"]*)"?(\*?)|(\S+)/g
const HAS_WORD = /[\p{L}\p{N}]/u
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

function termFts(term: QueryTerm): string {
  const parts = term.alternatives.map((alt) => (term.prefix ? `${quote(alt)} *` : quote(alt)))
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`
}

/**
 * Parses a query. Words are ANDed; `OR` between two clauses makes them alternatives; a leading
 * `-` excludes; `"…"` is a phrase; a trailing `*` is a prefix. Variants expand single words.
 */
export function parseQuery(query: string, variants?: VariantLookup): ParsedQuery {
  const groups: QueryTerm[][] = []
  let joinNext = false
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(query); m; m = TOKEN.exec(query)) {
    let negated: boolean
    let text: string
    let prefix: boolean
    let phrase: boolean
    if (m[4] !== undefined) {
      const word = m[4]
      if (word === 'OR') {
        joinNext = groups.length > 0
        continue
      }
      negated = word.startsWith('-') && word.length > 1
      prefix = word.endsWith('*')
      text = word.slice(negated ? 1 : 0, prefix ? -1 : undefined).replace(/\*/g, '')
      phrase = false
    } else {
      negated = m[1] === '-'
      text = m[2]
      prefix = m[3] === '*'
      phrase = true
    }
    // Punctuation around a word ("(Bakı)", "Bakı,", «Bakı») is not part of it.
    const folded = fold(text.normalize('NFC'))
      .trim()
      .replace(/\s+/g, ' ')
      .replace(EDGE_PUNCTUATION, '')
    if (!HAS_WORD.test(folded)) continue
    phrase = phrase && folded.includes(' ')
    const alternatives =
      !phrase && !prefix && variants
        ? [...new Set([folded, ...(variants(folded) ?? [])])]
        : [folded]
    const term: QueryTerm = { alternatives, prefix, phrase, negated }
    if (joinNext && !negated && !groups[groups.length - 1][0].negated) {
      groups[groups.length - 1].push(term)
    } else {
      groups.push([term])
    }
    joinNext = false
  }
  const positive = groups.filter((g) => !g[0].negated)
  const negative = groups.filter((g) => g[0].negated)
  if (positive.length === 0) {
    throw invalid(
      groups.length === 0
        ? 'Type a word to search for.'
        : 'A search needs at least one word that is not excluded with "-".'
    )
  }
  const clause = (g: QueryTerm[]): string =>
    g.length === 1 ? termFts(g[0]) : `(${g.map(termFts).join(' OR ')})`
  let fts = positive.map(clause).join(' AND ')
  if (positive.length > 1) fts = `(${fts})`
  for (const g of negative) fts += ` NOT ${clause(g)}`
  return { groups, fts }
}
