// The paragraph-index floor: SQLite's part of writing the archive's passage index, inputs ready (bench/index-floor and bench/import-small).

import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { passagesOf } from '../src/shared/text/passages'
import { fold } from '../src/shared/text/fold'
import { normalizeText, paragraphSpans } from '../src/shared/text/paragraphs'
import { openBenchDb } from './bare-fts'

/**
 * The archive's passage index (migrations 001 and 002). With bodies, the index names the passages
 * table as its content where the app names a view that folds it: writing never reads the content.
 * Without, it keeps no text at all (contentless).
 */
export function indexSchema(withBodies: boolean): string {
  const passages = `CREATE TABLE passages (id INTEGER PRIMARY KEY, source_id TEXT NOT NULL,
      start INTEGER NOT NULL, paragraph INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE INDEX passages_source ON passages (source_id);`
  return `${withBodies ? passages : ''}
    CREATE VIRTUAL TABLE passage_text USING fts5 (body,
      ${withBodies ? "content = 'passages', content_rowid = 'id'" : "content = ''"},
      tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO passage_text (passage_text, rank) VALUES ('hashsize', 16777216);`
}

export type Row = [number, string, number, number, string, string]

/** What an import does in JavaScript before SQLite: decode, normalise, hash, fold, cut passages. */
export function prepare(
  data: Uint8Array,
  sourceId: string,
  firstRow: number
): { text: string; hash: string; rows: Row[] } {
  const text = normalizeText(new TextDecoder('utf-8', { fatal: true }).decode(data))
  const hash = createHash('sha256').update(text, 'utf8').digest('hex')
  const folded = fold(text)
  const rows = passagesOf(text, paragraphSpans(text)).map((p, i): Row => [
    firstRow + i,
    sourceId,
    p.start,
    p.paragraph,
    text.slice(p.start, p.end),
    folded.slice(p.start, p.end)
  ])
  return { text, hash, rows }
}

/** Writes the index of `prepared` texts in the requests `batches` makes, to a new file; returns ms until checkpointed. */
export function writeIndex(
  path: string,
  prepared: { rows: Row[] }[],
  batches: [number, number][],
  withBodies: boolean
): number {
  const db = openBenchDb(path)
  db.exec(indexSchema(withBodies))
  const insertPassage = withBodies
    ? db.prepare(
        'INSERT INTO passages (id, source_id, start, paragraph, body) VALUES (?, ?, ?, ?, ?)'
      )
    : undefined
  const insertIndex = db.prepare('INSERT INTO passage_text (rowid, body) VALUES (?, ?)')
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      for (const [id, sourceId, start, paragraph, body, folded] of prepared[i].rows) {
        insertPassage?.run(id, sourceId, start, paragraph, body)
        insertIndex.run(id, folded)
      }
    }
  })
  const t0 = performance.now()
  for (const [i, end] of batches) write(i, end)
  db.pragma('wal_checkpoint(TRUNCATE)')
  const ms = performance.now() - t0
  db.close()
  return ms
}
