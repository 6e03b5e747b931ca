// Library benchmark archives: N sources with varied titles, creators, dates, languages and kinds, written with SQL through the app's own database module.

import { join } from 'node:path'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as DbModule from '../src/main/archive/db'
import { buildCorpus, prng } from './corpus'
import { loadModule } from './runner'

const FAMILY = [
  'Smith',
  'Dunsterville',
  'Məmmədov',
  'Əliyev',
  'Nuri',
  'Dupont',
  'Müller',
  'Ivanov',
  'Petrosyan',
  'Haddad',
  'García',
  'Rossi',
  'Kowalski',
  'Şahbazov',
  'Öztürk',
  'Brown',
  'Lefèvre',
  'Novák'
]
const GIVEN = ['Ann', 'Lionel', 'Əli', 'Fatma', 'Jean', 'Sofia', 'Ivan', 'Arsen', 'Layla', 'Marco']
const LANGUAGES = ['en', 'en', 'en', 'fr', 'de', 'ru', 'az', 'tr', 'ar', 'hy', '']
const KINDS = ['article', 'encyclopedia', 'letter', 'report', 'book', 'other']
const PUBLISHERS = ['War Office', 'Le Temps', 'Azərbaycan', 'The Times', 'Izvestia', '']
// A few titles in other scripts, so sorting and folding meet them.
const FOREIGN = [
  'Битва за Баку',
  'Bakı döyüşü',
  'معركة باكو',
  'Բաքվի ճակատամարտ',
  'Bataille de Bakou'
]

/** Sentences of the benchmark corpus, for titles, descriptions and texts. */
function corpusSentences(): string[] {
  return buildCorpus(1)
    .documents.flatMap((d) => d.text.split(/(?<=[.!?])\s+/))
    .filter((s) => s.length > 30 && s.length < 400)
}

/**
 * Writes an archive of `count` sources (a fifth with 1-5 annotations) at `path`, then opens it once
 * with the app so the search index is built before anything is measured.
 */
export async function makeLibraryArchive(root: string, path: string, count: number): Promise<void> {
  const { openDatabase } = await loadModule<typeof DbModule>(
    join(root, 'src/main/archive/db.ts'),
    root
  )
  const { Archive } = await loadModule<typeof ArchiveModule>(
    join(root, 'src/main/archive/archive.ts'),
    root
  )
  const sentences = corpusSentences()
  const next = prng(count)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]
  const db = openDatabase(path)
  const source = db.prepare(
    `INSERT INTO sources (id, content_hash, text_length, paragraph_count, kind, language, date,
       created, modified, title, creators, publisher, description)
     VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const revision = db.prepare(
    "INSERT INTO revisions (source_id, n, uid, content_hash, text_length, created, note, text) VALUES (?, 1, ?, ?, ?, ?, 'Imported', ?)"
  )
  const annotation = db.prepare(
    `INSERT INTO annotations (id, source_id, start, end, exact, created, modified)
     VALUES (?, ?, 0, ?, ?, ?, ?)`
  )
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `B${i.toString(36).toUpperCase().padStart(7, '0')}`
      const sentence = pick(sentences)
      const words = sentence.split(' ')
      const start = Math.floor(next() * Math.max(1, words.length - 8))
      let title = words.slice(start, start + 3 + Math.floor(next() * 9)).join(' ')
      const r = next()
      if (r < 0.1) title = `Letter ${1 + Math.floor(next() * 5000)}`
      else if (r < 0.13) title = `${pick(FOREIGN)} ${i}`
      const creators = Array.from({ length: Math.floor(next() * 3.2) }, () => ({
        name: `${pick(FAMILY)}, ${pick(GIVEN)}`,
        role: next() < 0.85 ? 'author' : 'editor'
      }))
      const year = 1750 + Math.floor(next() * 275)
      const month = String(1 + Math.floor(next() * 12)).padStart(2, '0')
      const date = next() < 0.1 ? '' : next() < 0.5 ? String(year) : `${year}-${month}`
      const text = `${sentence} (${i})`
      const created = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString()
      source.run(
        id,
        `hash-${i}`,
        text.length,
        pick(KINDS),
        pick(LANGUAGES),
        date,
        created,
        created,
        title,
        JSON.stringify(creators),
        pick(PUBLISHERS),
        next() < 0.3 ? pick(sentences) : ''
      )
      revision.run(id, `${id}R1`, `hash-${i}`, text.length, created, text)
      if (next() < 0.2) {
        const n = 1 + Math.floor(next() * 5)
        for (let a = 0; a < n; a++) {
          annotation.run(`${id}A${a}`, id, 10, text.slice(0, 10), created, created)
        }
      }
    }
  })()
  db.close()
  Archive.open({ path, resourcesDir: join(root, 'resources') }).close()
}
