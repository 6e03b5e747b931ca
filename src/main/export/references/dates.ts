// Dates between Parallax (ISO 8601 / EDTF: "1918", "1918-09", "1918~", "1918-06/1918-09") and CSL date objects.

/** A CSL-JSON date: parts (one, or two for a range), and the qualifiers CSL has. */
export interface CslDate {
  'date-parts'?: (number | string)[][]
  circa?: boolean | number | string
  season?: number | string
  literal?: string
  raw?: string
}

const PART = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([?~%])?$/
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T/

function parts(value: string): { parts: number[]; season?: number; qualifier?: string } | null {
  const stamp = TIMESTAMP.exec(value)
  if (stamp) return { parts: stamp.slice(1, 4).map(Number) }
  const m = PART.exec(value)
  if (!m) return null
  const year = Number(m[1])
  const month = m[2] === undefined ? undefined : Number(m[2])
  // EDTF seasons are months 21-24 (spring, summer, autumn, winter); CSL has a season of its own.
  if (month !== undefined && month >= 21 && month <= 24) {
    return { parts: [year], season: month - 20, qualifier: m[4] }
  }
  const out = [year]
  if (month !== undefined) out.push(month)
  if (m[3] !== undefined) out.push(Number(m[3]))
  return { parts: out, qualifier: m[4] }
}

/**
 * An EDTF date as a CSL date: "1918~" and "1918?" are circa (CSL has no "uncertain"), an interval
 * a range. `raw` keeps the exact EDTF when CSL alone would read back something else ("1918?"),
 * so Parallax reads its own exports without loss; citeproc is given the parts only.
 */
export function toCslDate(value: string, keepRaw = true): CslDate | undefined {
  const v = value.trim()
  if (!v) return undefined
  const ends = v.split('/')
  const read = ends.map((e) => (e === '' || e === '..' ? null : parts(e)))
  if ((ends.length === 1 && read[0] === null) || read.every((r) => r === null)) {
    return { literal: v }
  }
  const known = read.filter((r): r is NonNullable<typeof r> => r !== null)
  const date: CslDate = { 'date-parts': known.map((r) => r.parts) }
  if (known.some((r) => r.qualifier)) date.circa = true
  if (known.length === 1 && known[0].season) date.season = known[0].season
  if (keepRaw && fromCslDate(date) !== v) date.raw = v
  return date
}

const pad = (n: number): string => String(n).padStart(2, '0')

function partString(p: (number | string)[]): string | null {
  const nums = p.map((x) => Number.parseInt(String(x), 10))
  if (!nums.length || nums.some((n) => Number.isNaN(n))) return null
  const [y, m, d] = nums
  if (y === 0 && nums.length === 1) return null
  let out = y < 0 ? `-${pad4(-y)}` : pad4(y)
  if (m) out += `-${pad(m)}`
  if (m && d) out += `-${pad(d)}`
  return out
}

const pad4 = (n: number): string => String(n).padStart(4, '0')

/** A CSL date as EDTF: "1918", "1918-09", "1918~" (circa), "1918-21" (spring), "1918/1920". */
export function fromCslDate(date: unknown): string {
  if (typeof date !== 'object' || date === null) return ''
  const d = date as CslDate
  if (typeof d.raw === 'string' && isEdtf(d.raw.trim())) return d.raw.trim()
  const list = Array.isArray(d['date-parts']) ? d['date-parts'] : []
  const ends = list
    .filter((p) => Array.isArray(p))
    .map(partString)
    .filter((p): p is string => p !== null)
  if (!ends.length) {
    const text = typeof d.literal === 'string' ? d.literal : typeof d.raw === 'string' ? d.raw : ''
    return isEdtf(text.trim()) ? text.trim() : ''
  }
  const season = Number(d.season)
  if (ends.length === 1 && season >= 1 && season <= 4 && /^-?\d{4}$/.test(ends[0])) {
    ends[0] += `-${20 + season}`
  }
  const circa = d.circa === true || d.circa === 1 || d.circa === '1' || d.circa === 'true'
  const unique = ends.length === 2 && ends[0] === ends[1] ? [ends[0]] : ends.slice(0, 2)
  return unique.map((e) => (circa ? `${e}~` : e)).join('/')
}

/** Whether a string is a date Parallax stores (EDTF level 0-1, intervals, ISO timestamps). */
export function isEdtf(value: string): boolean {
  if (!value) return false
  if (TIMESTAMP.test(value)) return !Number.isNaN(Date.parse(value))
  const ends = value.split('/')
  if (ends.length > 2) return false
  const open = (e: string): boolean => ends.length === 2 && (e === '' || e === '..')
  if (ends.every(open)) return false
  return ends.every((e) => open(e) || PART.test(e))
}

/** A date from free text as reference files write it ("1918", "1918-09-15", "ca. 1918", "1918/09/15"). */
export function looseDate(text: string): string {
  const t = text.trim()
  if (isEdtf(t)) return t
  const circa = /^(?:c\.|ca\.?|circa|um|vers|~)\s*/i.exec(t)
  const rest = circa ? t.slice(circa[0].length) : t
  const m = /^(-?\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?/.exec(rest)
  if (!m) return ''
  const year = m[1]
  const month = m[2] && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `-${pad(Number(m[2]))}` : ''
  const day =
    month && m[3] && Number(m[3]) >= 1 && Number(m[3]) <= 31 ? `-${pad(Number(m[3]))}` : ''
  const edtf = `${year}${month}${day}${circa ? '~' : ''}`
  return isEdtf(edtf) ? edtf : ''
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * A date as people type it in Zotero ("15 September 1918", "Sept. 15, 1918", "September 1918",
 * "ca. 1918", "1918?") as EDTF, keeping its precision; '' when it names no year.
 */
export function humanDate(text: string): string {
  const t = text.trim()
  const loose = looseDate(t)
  if (loose && /^[~\d\-/.ca ]+$/i.test(t.replace(/circa|um|vers/gi, ''))) return loose
  const year = /(?:^|[^\d])(\d{4})(?!\d)/.exec(t)
  if (!year) return loose
  const month = /\b([a-z]{3,})\.?/gi
  let m: number | undefined
  for (const w of t.matchAll(month)) {
    const i = MONTHS.indexOf(w[1].slice(0, 3).toLowerCase())
    if (i >= 0 && !/^(circa|ca)$/i.test(w[1])) {
      m = i + 1
      break
    }
  }
  const rest = t.replace(year[1], ' ')
  const day = m ? /(?:^|[^\d])([0-3]?\d)(?!\d)/.exec(rest)?.[1] : undefined
  const circa = /\b(?:ca|c|circa)\.?\s|~/i.test(t)
  const uncertain = /\?/.test(t)
  let edtf = year[1]
  if (m) edtf += `-${pad(m)}`
  if (m && day && Number(day) >= 1 && Number(day) <= 31) edtf += `-${pad(Number(day))}`
  edtf += circa && uncertain ? '%' : circa ? '~' : uncertain ? '?' : ''
  return isEdtf(edtf) ? edtf : loose
}
