// Normalises metadata values found in files: dates to ISO form, names to creators, empty fields dropped.

import type { Creator, CreatorRole, SourceMeta } from '../../../shared/model'

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ')

/**
 * A date as "YYYY-MM-DD" (or "YYYY-MM" / "YYYY" when only that much is given) from ISO 8601
 * ("2024-03-05T23:30:00-05:00" keeps the writer's local day), PDF ("D:20240305…"), "2024/03/05",
 * or English forms such as "5 March 2024" and "Tue, 05 Mar 2024 10:00:00 GMT". "" when unreadable.
 */
export function isoDate(value: string | null | undefined): string {
  const s = (value ?? '').trim()
  if (!s) return ''
  const iso =
    /^D:(\d{4})(\d{2})?(\d{2})?/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})(?:T|$)/.exec(s) ??
    /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?![\d])/.exec(s)
  if (iso) return datePart(iso[1], iso[2], iso[3])
  const dmy = /\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})\b/.exec(s)
  if (dmy) return datePart(dmy[3], monthOf(dmy[2]), dmy[1])
  const mdy = /\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(s)
  if (mdy) return datePart(mdy[3], monthOf(mdy[1]), mdy[2])
  return ''
}

function monthOf(name: string): string | undefined {
  const i = MONTHS.indexOf(name.toLowerCase())
  return i < 0 ? undefined : String(i + 1)
}

function datePart(year: string, month?: string, day?: string): string {
  const m = month ? Number(month) : 0
  const d = day ? Number(day) : 0
  if (!month || m < 1 || m > 12) return year
  const mm = String(m).padStart(2, '0')
  if (!day || d < 1 || d > 31) return `${year}-${mm}`
  return `${year}-${mm}-${String(d).padStart(2, '0')}`
}

/** Collapses whitespace (newlines included) to single spaces and trims. */
export function oneLine(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim()
}

/** A BCP 47 tag from "tr_TR", "en-us", "EN": region upper-cased, "_" as "-"; "" when not a tag. */
export function languageTag(value: string | null | undefined): string {
  const parts = oneLine(value).replace(/_/g, '-').split('-').filter(Boolean)
  if (!parts.length || !/^[A-Za-z]{2,3}$/.test(parts[0])) return ''
  return parts
    .map((p, i) => {
      if (i === 0) return p.toLowerCase()
      if (/^[A-Za-z]{2}$/.test(p)) return p.toUpperCase()
      if (/^[A-Za-z]{4}$/.test(p)) return p[0].toUpperCase() + p.slice(1).toLowerCase()
      return p
    })
    .join('-')
}

/** True for an absolute http(s) URL. */
export function isWebUrl(value: string | null | undefined): boolean {
  return /^https?:\/\/[^\s]+$/i.test(oneLine(value))
}

/** Creators from names, dropping blanks, URLs and repeats (case-insensitively). */
export function creators(
  names: (string | null | undefined)[],
  role: CreatorRole = 'author'
): Creator[] {
  const seen = new Set<string>()
  const out: Creator[] = []
  for (const raw of names) {
    const name = oneLine(raw).replace(/^by\s+/i, '')
    if (!name || isWebUrl(name) || seen.has(name.toLowerCase())) continue
    seen.add(name.toLowerCase())
    out.push({ name, role })
  }
  return out
}

/** Titles that tools write instead of a real one ("Microsoft Word - notes.docx", "untitled"). */
export function usefulTitle(value: string | null | undefined): string {
  const title = oneLine(value)
    .replace(/^Microsoft (?:Word|PowerPoint) - /i, '')
    .trim()
  if (!title || /^(untitled|document\d*|title|unknown|slide \d+)$/i.test(title)) return ''
  if (/^[\w.-]+\.(docx?|pdf|odt|rtf|txt|html?|indd|tex)$/i.test(title)) return ''
  return title
}

/** The metadata without empty strings and empty lists, so callers' defaults apply. */
export function pruneMeta(meta: Partial<SourceMeta>): Partial<SourceMeta> {
  return Object.fromEntries(
    Object.entries(meta).filter(([, v]) =>
      Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== ''
    )
  ) as Partial<SourceMeta>
}
