// A trial of several processes writing one archive at once: serve mode taking annotations over HTTP while CLI
// processes import folders and annotate; afterwards every acknowledged write must be in the file.

import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'

type Reply = { ok: boolean; value?: { id: string }; error?: { message: string } }

export interface TrialOptions {
  /** The built bundles (out/main/cli.js and serve.js). */
  cli: string
  serve: string
  /** A folder of its own for the archive and the files the CLI imports. */
  dir: string
  /** How long the writers keep writing. */
  ms: number
}

export interface TrialResult {
  /** Writes each side reported done. */
  httpDone: number
  cliDone: number
  imported: number
  /** Refusals, by message; only the archive-busy line is acceptable. */
  refusals: string[]
  /** Acknowledged writes not found in the archive afterwards (must be empty). */
  missing: string[]
  /** The slowest acknowledged HTTP write, in ms (how long a writer waited its turn). */
  longestWaitMs: number
  integrity: string
}

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('close', (code) => done({ code, out, err }))
  })
}

/** Serve mode on the archive; resolves with its base URL once it listens. */
function startServe(
  serve: string,
  archive: string,
  token: string
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [serve, '--archive', archive, '--port', '0', '--token', token],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  // Stopping waits for the process to end: until then it may still be writing in the folder (its
  // last checkpoint, the write-ahead log removed), which the caller is about to delete.
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done()
      child.once('exit', () => done())
      child.kill()
    })
  return new Promise((ok, fail) => {
    let output = ''
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      const m = /Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)
      if (m) ok({ url: m[1], stop })
    })
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${output}`)))
  })
}

export async function writerTrial(options: TrialOptions): Promise<TrialResult> {
  const archive = join(options.dir, 'trial.parallax')
  const init = await run([options.cli, '--archive', archive, '--with-sample', '--json', 'list'])
  if (init.code !== 0) throw new Error(`cannot create the archive: ${init.err}`)
  const sourceId = (JSON.parse(init.out) as { id: string; language: string }[])[0].id
  const token = `trial-${process.pid}`
  const served = await startServe(options.serve, archive, token)
  // One connection per call: a kept-alive socket the server closed while idle would reset.
  const call = (method: string, args: unknown[]): Promise<Reply> =>
    new Promise((done, fail) => {
      const body = JSON.stringify(args)
      const req = request(
        `${served.url}/api/${method}`,
        {
          method: 'POST',
          agent: false,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            Authorization: `Bearer ${token}`
          }
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (text += d))
          res.on('end', () => done(JSON.parse(text) as Reply))
        }
      )
      req.on('error', fail)
      req.end(body)
    })
  const source = (await call('getSource', [sourceId])) as unknown as { value: { text: string } }
  const quote = /\p{L}{5,}/u.exec(source.value.text)?.[0] ?? 'Baku'
  const acknowledged: string[] = []
  const refusals: string[] = []
  let httpDone = 0
  let cliDone = 0
  let imported = 0
  let longestWaitMs = 0
  const until = Date.now() + options.ms

  const httpWriter = async (n: number): Promise<void> => {
    for (let i = 0; Date.now() < until; i++) {
      const started = Date.now()
      const r = await call('createAnnotation', [
        {
          sourceId,
          target: { start: (i * 7) % 400, end: ((i * 7) % 400) + 12 },
          note: `http ${n}.${i}`
        }
      ])
      if (r.ok && r.value) {
        acknowledged.push(r.value.id)
        httpDone++
        longestWaitMs = Math.max(longestWaitMs, Date.now() - started)
      } else refusals.push(r.error?.message ?? 'no message')
    }
  }
  const cliAnnotator = async (): Promise<void> => {
    while (Date.now() < until) {
      const r = await run([
        options.cli,
        '--archive',
        archive,
        '--json',
        'annotate',
        sourceId,
        '--quote',
        quote,
        '--note',
        'cli'
      ])
      if (r.code === 0) {
        acknowledged.push((JSON.parse(r.out) as { id: string }).id)
        cliDone++
      } else refusals.push(r.err.trim())
    }
  }
  const cliImporter = async (): Promise<void> => {
    for (let round = 0; Date.now() < until; round++) {
      const folder = join(options.dir, `import-${round}`)
      mkdirSync(folder)
      for (let f = 0; f < 40; f++)
        writeFileSync(
          join(folder, `letter-${round}-${f}.txt`),
          `Letter ${round}.${f}\n\nFrom Baku, round ${round}, letter ${f}: the harbour, the oil and the rain.\n`
        )
      const r = await run([options.cli, '--archive', archive, '--json', 'import', folder])
      // The import reports per file: one held up past the timeout is listed as failed, with why.
      let report: { imported: unknown[]; failed: { message: string }[] } | undefined
      try {
        report = JSON.parse(r.out) as typeof report
      } catch {
        refusals.push(r.err.trim())
      }
      if (report) {
        imported += report.imported.length
        refusals.push(...report.failed.map((f) => f.message))
      }
    }
  }
  try {
    await Promise.all([httpWriter(1), httpWriter(2), cliAnnotator(), cliImporter()])
  } finally {
    await served.stop()
  }
  const db = new Database(archive, { readonly: true })
  const has = db.prepare('SELECT 1 FROM annotations WHERE id = ?')
  const missing = acknowledged.filter((id) => !has.get(id))
  const integrity = db.pragma('integrity_check', { simple: true }) as string
  const sources = db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }
  db.close()
  // Two sample sources plus every file an import reported.
  if (sources.n !== imported + 2)
    missing.push(`sources: ${sources.n} in the archive, ${imported + 2} reported`)
  return { httpDone, cliDone, imported, refusals, missing, longestWaitMs, integrity }
}
