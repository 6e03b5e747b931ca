// Worker thread of bench/index-floor.bench.ts: writes the paragraph index into its own database file.

import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const db = new Database(workerData.path)
db.pragma('page_size = 16384')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(workerData.schema)
const insertPassage = db.prepare(
  'INSERT INTO passages (id, source_id, start, paragraph, body) VALUES (?, ?, ?, ?, ?)'
)
const insertIndex = db.prepare('INSERT INTO passage_text (rowid, body) VALUES (?, ?)')
const write = db.transaction((rows) => {
  for (const [id, sourceId, start, paragraph, body, folded] of rows) {
    insertPassage.run(id, sourceId, start, paragraph, body)
    insertIndex.run(id, folded)
  }
})

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
  } else write(message)
  parentPort.postMessage('done')
})
