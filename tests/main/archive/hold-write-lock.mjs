// Test helper process: takes an archive's write lock (BEGIN IMMEDIATE), says so, holds it for N ms (or, given `until-told`, until its parent sends a message), then writes a setting and commits.
import Database from 'better-sqlite3'

const [path, ms] = process.argv.slice(2)
const db = new Database(path)
db.pragma('busy_timeout = 5000')
db.exec('BEGIN IMMEDIATE')
process.send?.('locked')
function commit() {
  // A real change, so a transaction that began reading before this commit sees a stale snapshot.
  db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('test.holder', '1')").run()
  db.exec('COMMIT')
  db.close()
  process.exit(0)
}
if (ms === 'until-told') process.once('message', commit)
else setTimeout(commit, Number(ms))
