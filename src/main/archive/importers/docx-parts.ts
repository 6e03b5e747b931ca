// The Word package parts the body text needs besides the body: list numbering, heading styles, footnotes and endnotes.

import type { ArchiveError } from '../../../shared/errors'
import { attr, streamXml } from './xml-stream'
import type { ZipArchive } from './zip'

/** A list level's format ("bullet", "decimal", "lowerRoman"…) and first number. */
interface Level {
  format: string
  start: number
}

/** numbering.xml: levels of each abstract list, the list each numId uses, and running counts. */
export interface Numbering {
  abstract: Map<string, Map<number, Level>>
  nums: Map<string, string>
  counts: Map<string, number[]>
}

/** Reads word/numbering.xml (streamed); empty when the document has no lists. */
export function readNumbering(zip: ZipArchive, damaged: (why: string) => ArchiveError): Numbering {
  const numbering: Numbering = { abstract: new Map(), nums: new Map(), counts: new Map() }
  let abstract: Map<number, Level> | null = null
  let level: Level | null = null
  let num = ''
  streamXml(
    zip,
    'word/numbering.xml',
    {
      open(name, attrs) {
        if (name === 'abstractNum') {
          abstract = new Map()
          numbering.abstract.set(attr(attrs, 'abstractNumId') ?? '', abstract)
        } else if (name === 'lvl' && abstract) {
          level = { format: 'decimal', start: 1 }
          abstract.set(Number(attr(attrs, 'ilvl') ?? 0) || 0, level)
        } else if (name === 'numFmt' && level) level.format = attr(attrs, 'val') ?? 'decimal'
        else if (name === 'start' && level) level.start = Number(attr(attrs, 'val') ?? 1) || 0
        else if (name === 'num') num = attr(attrs, 'numId') ?? ''
        else if (name === 'abstractNumId' && num) numbering.nums.set(num, attr(attrs, 'val') ?? '')
      },
      close(name) {
        if (name === 'abstractNum') abstract = null
        else if (name === 'lvl') level = null
        else if (name === 'num') num = ''
      },
      text() {}
    },
    damaged
  )
  return numbering
}

function roman(n: number): string {
  const parts: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i']
  ]
  let out = ''
  for (const [value, letters] of parts) {
    while (n >= value) {
      out += letters
      n -= value
    }
  }
  return out
}

function letters(n: number): string {
  let out = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) {
    out = String.fromCharCode(97 + ((k - 1) % 26)) + out
  }
  return out
}

/**
 * The marker of the next item of list `numId` at `level`, as Word shows it: "• " for bullets,
 * "3. " (or "c. ", "iii. ") for numbers, counting on across interruptions as Word does; a higher
 * level's item restarts the deeper levels. "" when the list is unknown or numId is 0 (none).
 */
export function listNumber(numbering: Numbering, numId: string, level: number): string {
  if (numId === '0') return ''
  const lvl = numbering.abstract.get(numbering.nums.get(numId) ?? '')?.get(level)
  if (!lvl || lvl.format === 'none') return ''
  if (lvl.format === 'bullet') return '• '
  const counts = numbering.counts.get(numId) ?? []
  numbering.counts.set(numId, counts)
  counts[level] = (counts[level] ?? lvl.start - 1) + 1
  counts.length = level + 1
  const n = counts[level]
  const shown =
    lvl.format === 'lowerLetter'
      ? letters(n)
      : lvl.format === 'upperLetter'
        ? letters(n).toUpperCase()
        : lvl.format === 'lowerRoman'
          ? roman(n)
          : lvl.format === 'upperRoman'
            ? roman(n).toUpperCase()
            : String(n)
  return `${shown}. `
}

/** Style ids that Word readers treat as a level-1 heading, from word/styles.xml. */
export function readHeadingStyles(
  zip: ZipArchive,
  damaged: (why: string) => ArchiveError
): Set<string> {
  const ids = new Set(['Heading1', 'Heading'])
  let id = ''
  streamXml(
    zip,
    'word/styles.xml',
    {
      open(name, attrs) {
        if (name === 'style') id = attr(attrs, 'styleId') ?? ''
        else if (name === 'name' && id && /^(heading 1|heading)$/i.test(attr(attrs, 'val') ?? ''))
          ids.add(id)
      },
      close(name) {
        if (name === 'style') id = ''
      },
      text() {}
    },
    damaged
  )
  return ids
}
