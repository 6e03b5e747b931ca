// Argument checks for the archive core: every method validates what crosses a transport before it writes.

import { invalid } from '../../shared/errors'
import {
  CREATOR_ROLES,
  SOURCE_KINDS,
  type Creator,
  type SourceKind,
  type SourceMeta,
  type SourceMetaPatch
} from '../../shared/model'
import { LIMITS } from '../../shared/limits'

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function expectString(value: unknown, name: string, options: { max?: number } = {}): string {
  if (typeof value !== 'string') throw invalid(`${name} must be text.`)
  const max = options.max ?? 10_000
  if (value.length > max) throw invalid(`${name} is too long (at most ${max} characters).`)
  return value
}

/** An optional text argument: absent (undefined or null, as JSON sends it) gives `fallback`. */
export function optionalString(
  value: unknown,
  name: string,
  fallback: string,
  options: { max?: number } = {}
): string {
  return value === undefined || value === null ? fallback : expectString(value, name, options)
}

/** Longest note of an annotation or link, in characters (a few pages of Markdown). */
export const MAX_NOTE = LIMITS.note

/** A Markdown note of an annotation or a link ("" for none). */
export function checkNote(raw: unknown): string {
  return optionalString(raw, 'note', '', { max: MAX_NOTE }).normalize('NFC')
}

export function expectId(value: unknown, name = 'id'): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw invalid(`${name} must be an id such as "7QX2K9PA".`)
  }
  return value
}

export function expectInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}.`)
  }
  return value
}

export function optionalRecord(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined || value === null) return {}
  if (!isRecord(value)) throw invalid(`${name} must be an object.`)
  return value
}

// ISO 8601 calendar dates and EDTF level 1 qualifiers: 1918, 1918-09, 1918-09-15, 1918?, 1918-09~,
// intervals 1918-06/1918-09, and ISO timestamps (for "accessed").
const EDTF_PART = /^-?\d{4}(-(0[1-9]|1[0-2]|2[1-4])(-(0[1-9]|[12]\d|3[01]))?)?[?~%]?$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** An ISO 8601 date and time, as records carry in `created` and `modified`. */
export function expectTimestamp(value: unknown, name: string): string {
  if (typeof value !== 'string' || !TIMESTAMP.test(value) || Number.isNaN(Date.parse(value)))
    throw invalid(`${name} must be a date and time such as "2025-09-15T10:30:00Z".`)
  return value
}

/** Whether a date is ISO 8601 or an EDTF-style partial date or interval ("" is allowed: unknown). */
export function isValidDate(value: string): boolean {
  if (value === '') return true
  if (TIMESTAMP.test(value)) return !Number.isNaN(Date.parse(value))
  const parts = value.split('/')
  if (parts.length > 2) return false
  const open = (p: string): boolean => parts.length === 2 && (p === '' || p === '..')
  if (parts.every(open)) return false
  return parts.every((p) => open(p) || (EDTF_PART.test(p) && validDay(p)))
}

function validDay(part: string): boolean {
  const m = /^(-?\d{4})-(\d{2})-(\d{2})/.exec(part)
  if (!m) return true
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCDate() === Number(m[3])
}

/** Canonical BCP 47 tag ("EN-gb" -> "en-GB"), "" for unknown; rejects malformed tags. */
export function canonicalLanguage(value: string): string {
  const trimmed = value.trim()
  if (trimmed === '') return ''
  try {
    return Intl.getCanonicalLocales(trimmed)[0]
  } catch {
    throw invalid(`"${value}" is not a language tag (BCP 47, such as "en", "fr" or "az-Latn").`)
  }
}

function checkUrl(value: string): string {
  const trimmed = value.trim()
  if (trimmed === '') return ''
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw invalid(`"${value}" is not a web address.`)
  }
  if (!['http:', 'https:', 'ftp:'].includes(url.protocol)) {
    throw invalid(
      `Only http, https and ftp addresses can be stored as a source URL, not ${url.protocol}`
    )
  }
  return url.href
}

function checkCreators(value: unknown): Creator[] {
  if (!Array.isArray(value)) throw invalid('creators must be a list.')
  if (value.length > 200) throw invalid('A source can list at most 200 creators.')
  return value
    .map((c, i) => {
      if (typeof c === 'string') return { name: c.trim(), role: 'author' as const }
      if (!isRecord(c)) throw invalid(`creators[${i}] must be { name, role }.`)
      const name = expectString(c.name, `creators[${i}].name`, { max: LIMITS.creatorName }).trim()
      const role = c.role ?? 'author'
      if (!CREATOR_ROLES.includes(role as Creator['role'])) {
        throw invalid(`creators[${i}].role must be one of ${CREATOR_ROLES.join(', ')}.`)
      }
      return { name, role: role as Creator['role'] }
    })
    .filter((c) => c.name !== '')
}

const TEXT_FIELDS = ['title', 'publisher', 'license', 'description'] as const

/** Validates and normalises a metadata patch; unknown keys are refused so typos do not pass silently. */
export function checkMetaPatch(input: unknown): SourceMetaPatch {
  const raw = optionalRecord(input, 'metadata')
  const allowed = new Set<string>([
    ...TEXT_FIELDS,
    'creators',
    'date',
    'language',
    'kind',
    'url',
    'accessed'
  ])
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) throw invalid(`Unknown metadata field "${key}".`)
  }
  const patch: SourceMetaPatch = {}
  for (const field of TEXT_FIELDS) {
    if (raw[field] !== undefined) {
      const max = field === 'description' ? LIMITS.sourceDescription : LIMITS.sourceField
      patch[field] = expectString(raw[field], field, { max }).normalize('NFC').trim()
    }
  }
  if (patch.title !== undefined && patch.title === '') throw invalid('A source needs a title.')
  if (raw.creators !== undefined) patch.creators = checkCreators(raw.creators)
  for (const field of ['date', 'accessed'] as const) {
    if (raw[field] !== undefined) {
      const value = expectString(raw[field], field, { max: 100 }).trim()
      if (!isValidDate(value)) {
        throw invalid(
          `${field} "${value}" is not a date (use 1918, 1918-09, 1918-09-15 or 1918-09-15?).`
        )
      }
      patch[field] = value
    }
  }
  if (raw.language !== undefined)
    patch.language = canonicalLanguage(expectString(raw.language, 'language', { max: 100 }))
  if (raw.kind !== undefined) {
    if (!SOURCE_KINDS.includes(raw.kind as SourceKind)) {
      throw invalid(`kind must be one of ${SOURCE_KINDS.join(', ')}.`)
    }
    patch.kind = raw.kind as SourceKind
  }
  if (raw.url !== undefined) patch.url = checkUrl(expectString(raw.url, 'url', { max: 4_000 }))
  return patch
}

export const EMPTY_META: SourceMeta = {
  title: '',
  creators: [],
  publisher: '',
  date: '',
  language: '',
  kind: 'other',
  url: '',
  license: '',
  accessed: '',
  description: ''
}
