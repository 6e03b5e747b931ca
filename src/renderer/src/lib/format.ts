// Display helpers: language names, kinds, creators, dates.

import type { Creator, SourceKind } from '../../../shared/model'

const languageNames = new Intl.DisplayNames(undefined, { type: 'language' })

/** "fr" -> "French"; unknown or empty tags are shown as given. */
export function languageName(tag: string): string {
  if (!tag) return 'Unknown language'
  try {
    return languageNames.of(tag) ?? tag
  } catch {
    return tag
  }
}

export const KIND_LABELS: Record<SourceKind, string> = {
  article: 'Article',
  encyclopedia: 'Encyclopedia entry',
  letter: 'Letter',
  report: 'Report',
  book: 'Book',
  other: 'Other'
}

export function creatorsLabel(creators: readonly Creator[]): string {
  return creators.map((c) => (c.role === 'author' ? c.name : `${c.name} (${c.role})`)).join('; ')
}

/** Creators as one editable line: "Family, Given; Other, Name (editor)". */
export function creatorsToText(creators: readonly Creator[]): string {
  return creatorsLabel(creators)
}

export function creatorsFromText(text: string): Creator[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(.*?)\s*\((author|editor|translator|contributor)\)$/.exec(part)
      return m
        ? { name: m[1], role: m[2] as Creator['role'] }
        : { name: part, role: 'author' as const }
    })
}

/** A date as stored (ISO/EDTF) shown as is, or an en dash when unknown. */
export function dateLabel(date: string): string {
  return date || '–'
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
