// Rebuilds reading text from positioned PDF text runs: lines, running heads/feet removed, paragraphs, hyphenation undone.

/** A piece of text as pdf.js reports it, in PDF user space (y grows upwards). */
export interface TextRun {
  str: string
  x: number
  y: number
  width: number
  /** Font size (vertical scale of the text matrix). */
  size: number
  /** pdf.js's judgement that a line ends after this run. */
  eol: boolean
}

/** One visual line of a page. */
export interface Line {
  text: string
  x: number
  xEnd: number
  y: number
  size: number
}

/** Groups runs, in content order, into lines: same baseline (within half a font size), moving right. */
export function runsToLines(runs: TextRun[]): Line[] {
  const lines: Line[] = []
  let line: Line | null = null
  let ended = false
  for (const run of runs) {
    const size = run.size > 0 ? run.size : 10
    if (run.str === '') {
      ended ||= run.eol
      continue
    }
    const sameLine =
      line !== null &&
      !ended &&
      Math.abs(run.y - line.y) <= size * 0.5 &&
      run.x >= line.xEnd - size * 0.5
    if (line && sameLine) {
      const gap = run.x - line.xEnd
      if (gap > size * 0.2 && !/\s$/.test(line.text) && !/^\s/.test(run.str)) line.text += ' '
      line.text += run.str
      line.xEnd = Math.max(line.xEnd, run.x + run.width)
      line.size = Math.max(line.size, size)
    } else {
      line = { text: run.str, x: run.x, xEnd: run.x + run.width, y: run.y, size }
      lines.push(line)
    }
    ended = run.eol
  }
  return lines
    .map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() }))
    .filter((l) => l.text !== '')
}

/** A line's text with numbers (arabic or roman) generalised, so "Page 3" and "Page 14" match. */
function runningKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/\b[ivxlcdm]+\b/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
}

/** How many lines at the top and at the bottom of each page may be running heads or feet. */
const EDGE_LINES = 2

/**
 * Drops page headers and footers: lines among the top or bottom two of a page whose text, with
 * numbers generalised, recurs in the same place on more than half of the pages (at least two).
 * Single-page documents are left alone: nothing can be seen to repeat.
 */
export function dropRunningHeads(pages: Line[][]): Line[][] {
  if (pages.length < 2) return pages
  const counts = new Map<string, number>()
  const edgeKeys = pages.map((lines) => {
    const byHeight = [...lines].sort((a, b) => b.y - a.y)
    const keys = new Map<Line, string>()
    byHeight.slice(0, EDGE_LINES).forEach((l) => keys.set(l, `top:${runningKey(l.text)}`))
    byHeight.slice(-EDGE_LINES).forEach((l) => keys.set(l, `bottom:${runningKey(l.text)}`))
    for (const key of new Set(keys.values())) counts.set(key, (counts.get(key) ?? 0) + 1)
    return keys
  })
  const needed = Math.max(2, Math.floor(pages.length / 2) + 1)
  return pages.map((lines, i) =>
    lines.filter((l) => {
      const key = edgeKeys[i].get(l)
      return key === undefined || (counts.get(key) ?? 0) < needed
    })
  )
}

function median(values: number[], fallback: number): number {
  if (!values.length) return fallback
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Joins two lines of one paragraph, undoing end-of-line hyphenation before a lower-case letter. */
function joinLines(text: string, next: string): string {
  if (text.endsWith('\u00ad')) return text.slice(0, -1) + next
  if (/\p{L}[-\u2010]$/u.test(text)) {
    return /^\p{Ll}/u.test(next) ? text.slice(0, -1) + next : text + next
  }
  // Dashes and CJK scripts join without a space.
  if (
    /[\u2014\u3000-\u9fff\uff00-\uffef]$/.test(text) ||
    /^[\u3000-\u9fff\uff00-\uffef]/.test(next)
  ) {
    return text + next
  }
  return `${text} ${next}`
}

/** Where a line's column starts and (for full lines) ends. */
interface Column {
  left: number
  right: number
}

/**
 * The column a line belongs to, from the lines of its page that start near it (within three font
 * sizes, so first-line indents count): its left edge, and the 90th percentile of their line ends
 * as its right edge. Computed per column so that two-column pages are judged correctly.
 */
function columnOf(lines: Line[], line: Line): Column {
  const near = lines.filter((l) => Math.abs(l.x - line.x) <= line.size * 3)
  const ends = near.map((l) => l.xEnd).sort((a, b) => a - b)
  return {
    left: Math.min(...near.map((l) => l.x)),
    right: ends[Math.floor((ends.length - 1) * 0.9)]
  }
}

/**
 * True when the next line's first word would have fitted at the end of the previous line: the
 * writer broke the line on purpose (an address, a verse, a heading without a gap), unless the
 * previous line ends in a hyphen, which is always a word carried over.
 */
function endedEarly(prev: Line, line: Line, right: number): boolean {
  if (/[-\u2010\u00ad]$/.test(prev.text)) return false
  const charWidth = (line.xEnd - line.x) / Math.max(line.text.length, 1)
  const firstWord = line.text.split(' ')[0]
  return right - prev.xEnd > (firstWord.length + 1.5) * charWidth
}

/**
 * Rebuilds paragraphs from the lines of all pages, in order. A new paragraph starts at a gap
 * clearly larger than the usual line spacing, at a change of font size, at a line indented further
 * than the one before (a first-line indent), after a short line that ends a sentence, or where the
 * text jumps upwards (a new column). A line that ended early on purpose is kept as a line break
inside its paragraph. Otherwise a paragraph runs on, across page breaks too.
 */
export function linesToParagraphs(pages: Line[][]): string[] {
  const gaps: number[] = []
  const edges = new Map<Line, Column>()
  for (const lines of pages) {
    for (let i = 0; i < lines.length; i++) {
      edges.set(lines[i], columnOf(lines, lines[i]))
      const gap = i > 0 ? lines[i - 1].y - lines[i].y : 0
      if (gap > 0 && gap < lines[i].size * 3) gaps.push(gap)
    }
  }
  const spacing = median(gaps, 14)
  const paragraphs: string[] = []
  let current = ''
  let prev: Line | null = null
  for (const lines of pages) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      const size = Math.max(line.size, 1)
      let fresh = true
      if (prev) {
        const gap = prev.y - line.y
        const { left, right } = edges.get(prev)!
        const shortEnd = prev.xEnd - left < (right - left) * 0.75 && /[.!?…:"”»)]$/.test(prev.text)
        fresh =
          // Gaps only mean something between lines of the same page.
          (i > 0 && (gap > spacing * 1.4 || gap < -size * 0.5)) ||
          Math.abs(line.size - prev.size) > prev.size * 0.15 ||
          line.x > prev.x + size * 0.8 ||
          shortEnd
      }
      if (fresh) {
        if (current) paragraphs.push(current)
        current = line.text
      } else if (prev && endedEarly(prev, line, edges.get(prev)!.right)) {
        current += `\n${line.text}`
      } else {
        current = joinLines(current, line.text)
      }
      prev = line
    }
  }
  if (current) paragraphs.push(current)
  return paragraphs
}
