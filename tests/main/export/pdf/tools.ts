// The real PDF tools (poppler-utils, qpdf) called from tests, and helpers to compare their output.

import { execFileSync, spawnSync } from 'node:child_process'
import { tempDir as archiveTempDir } from '../../../helpers/archive'

/** A fresh temporary folder for a test's (or a test file's) PDFs, removed when it ends. */
export function tempDir(): string {
  return archiveTempDir('parallax-pdf-')
}

/** `pdftotext` output; `args` e.g. ['-layout'] or a crop ['-x', '0', '-W', '300', …]. */
export function pdftotext(file: string, args: string[] = []): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], { encoding: 'utf8' })
}

/** The text of each page, plain. */
export function pageTexts(file: string, pages: number): string[] {
  return Array.from({ length: pages }, (_, i) =>
    pdftotext(file, ['-f', String(i + 1), '-l', String(i + 1)])
  )
}

/** `pdfinfo` as a key → value map (first occurrence of each key). */
export function pdfinfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  const info: Record<string, string> = {}
  for (const line of out.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line)
    if (m && !(m[1] in info)) info[m[1]] = m[2].trim()
  }
  return info
}

/** The structure tree as text (`pdfinfo -struct-text`). */
export function structText(file: string): string {
  return execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' })
}

/** The fonts of a PDF as `pdffonts` lists them. */
export function pdffonts(file: string): { name: string; emb: string; sub: string }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2)
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/)
    // name type… encoding emb sub uni object-id gen: read from the right.
    return { name: cols[0], emb: cols[cols.length - 5], sub: cols[cols.length - 4] }
  })
}

/** `qpdf --check`: exit status and output. */
export function qpdfCheck(file: string): { status: number; output: string } {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' })
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` }
}

/** The outline (bookmark) titles, through qpdf's JSON. */
export function outlineTitles(file: string): string[] {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json=2', '--json-key=outlines', file], { encoding: 'utf8' })
  ) as { outlines: { title: string; kids: unknown[] }[] }
  const titles: string[] = []
  const walk = (items: { title: string; kids: unknown[] }[]): void => {
    for (const item of items) {
      titles.push(item.title)
      walk(item.kids as { title: string; kids: unknown[] }[])
    }
  }
  walk(json.outlines)
  return titles
}

/**
 * Text for comparison: tag letters ("[C·L]"), link diamonds, bidi marks and note numbers glued
 * to words are dropped, whitespace is collapsed.
 */
export function normalise(text: string): string {
  return text
    .replace(/[\u202A-\u202E\u200E\u200F]/g, '')
    .replace(/\[[A-Z](?:·[A-Z])*\]/g, ' ')
    .replace(/◆/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The index of each needle, each found after the start of the previous one (nested passages
 * overlap), or -1 where the order breaks.
 */
export function inOrder(haystack: string, needles: string[]): number[] {
  const out: number[] = []
  let from = 0
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from)
    out.push(at)
    if (at >= 0) from = at + 1
  }
  return out
}
