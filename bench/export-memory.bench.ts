// Benchmark: peak memory of W3C export (whole string vs streamed) at 100,000 and 1,000,000 annotations, and of a large bundle sent to serve mode raw vs read by the CLI.
// Run: npx tsx bench/export-memory.bench.ts [annotations=1000000] [w3c|bundle] (after `npm run build`)

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { articleParagraphs } from '../tests/main/archive/importers/fixtures'
import { buildCorpus } from './corpus'
import { ROOT, loadModule } from './runner'

type ArchiveModule = typeof import('../src/main/archive/archive')

const CLI = join(ROOT, 'out', 'main', 'cli.js')
const SERVE = join(ROOT, 'out', 'main', 'serve.js')
const PEAK = join(ROOT, 'bench', 'peak-rss.mjs')
const MANY = Number(process.argv[2] ?? 1_000_000)
const SOURCES = 1000
/** Both parts, or only one of them: 'w3c' or 'bundle'. */
const PART = process.argv[3] ?? 'all'

/**
 * An archive of `count` annotations spread over its sources (rows written directly): SOURCES
 * texts of ~20 KB, or the given texts (real prose, so that its bundle is as large as real ones).
 */
async function buildArchive(path: string, count: number, given?: string[]): Promise<void> {
  const { Archive } = await loadModule<ArchiveModule>('src/main/archive/archive.ts')
  const archive = Archive.open({ path, resourcesDir: resolve(ROOT, 'resources'), withSample: true })
  const tags = await archive.listTags()
  const db = archive.database
  const texts: { id: string; text: string }[] = []
  const all =
    given ?? Array.from({ length: SOURCES }, (_, i) => articleParagraphs(90, i).join('\n\n'))
  for (let i = 0; i < all.length; i++) {
    const text = all[i]
    const s = await archive.createSource({ title: `Report ${i}`, text, language: 'en' })
    texts.push({ id: s.id, text })
  }
  const insert = db.prepare(
    `INSERT INTO annotations (id, source_id, start, end, status, created, modified, prefix, suffix, exact, note)
     VALUES (?, ?, ?, ?, 'anchored', ?, ?, ?, ?, ?, ?)`
  )
  const tag = db.prepare('INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)')
  const now = new Date().toISOString()
  db.transaction(() => {
    for (let n = 0; n < count; n++) {
      const { id, text } = texts[n % texts.length]
      const start = (n * 37) % (text.length - 80)
      const end = start + 20 + (n % 40)
      insert.run(
        `B${String(n).padStart(9, '0')}`,
        id,
        start,
        end,
        now,
        now,
        text.slice(Math.max(0, start - 32), start),
        text.slice(end, end + 32),
        text.slice(start, end),
        n % 3 === 0 ? `Note ${n} on this passage.` : ''
      )
      tag.run(`B${String(n).padStart(9, '0')}`, tags[n % tags.length].id)
    }
  })()
  archive.close()
}

function kb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m?.[1] ?? 0)
}

/** A serve-mode server on `archive`, its base URL and token. */
async function startServe(
  archive: string
): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, [SERVE, '--archive', archive, '--no-sample'], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /Open (http:\/\/\S+)/.exec(out)
      if (m) ok(m[1])
    })
    child.on('exit', () => fail(new Error(`serve exited: ${out}`)))
  })
  const u = new URL(url)
  return { child, url: u.origin, token: u.searchParams.get('token') ?? '' }
}

/** Runs `work` against a fresh server; the server's peak RSS in MB and the time in seconds. */
async function served(
  archive: string,
  work: (url: string, token: string) => Promise<string>
): Promise<{ mb: number; s: number; note: string }> {
  const { child, url, token } = await startServe(archive)
  const started = performance.now()
  const note = await work(url, token)
  const s = (performance.now() - started) / 1000
  const mb = kb(child.pid!) / 1024
  child.kill('SIGTERM')
  await new Promise((ok) => child.once('exit', ok))
  return { mb, s, note }
}

/** Reads a response body to its end, keeping only its length. */
async function drain(res: Response): Promise<string> {
  let bytes = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length
  return `HTTP ${res.status}, ${(bytes / 1e6).toFixed(0)} MB`
}

/** POSTs a file as a raw body with no response timeout (a large bundle takes minutes to merge). */
function postFile(url: string, token: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/octet-stream',
          'Content-Length': statSync(file).size
        }
      },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => {
          const body = JSON.parse(text) as { ok: boolean; error?: { message: string } }
          resolve(`HTTP ${res.statusCode} ${body.ok ? 'imported' : body.error?.message}`)
        })
      }
    )
    req.on('error', reject)
    createReadStream(file).pipe(req)
  })
}

function cli(...args: string[]): { mb: number; s: number; note: string } {
  const started = performance.now()
  const r = spawnSync(process.execPath, ['--import', PEAK, CLI, ...args], { encoding: 'utf8' })
  const mb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024
  return { mb, s: (performance.now() - started) / 1000, note: (r.stdout + r.stderr).split('\n')[0] }
}

function line(label: string, r: { mb: number; s: number; note: string }): void {
  console.log(
    `${label.padEnd(52)} ${r.mb.toFixed(0).padStart(6)} MB ${r.s.toFixed(1).padStart(6)} s   ${r.note}`
  )
}

void (async () => {
  if (!existsSync(CLI) || !existsSync(SERVE)) {
    console.error('bench/export-memory needs the build: run `npm run build` first.')
    process.exit(1)
  }
  const dir = await mkdtemp(join(tmpdir(), 'parallax-export-memory-'))
  try {
    if (PART !== 'bundle') {
      const small = join(dir, 'small.parallax')
      const large = join(dir, 'large.parallax')
      const t = performance.now()
      await buildArchive(small, 100_000)
      await buildArchive(large, MANY)
      console.log(
        `built archives of 100,000 and ${MANY.toLocaleString('en')} annotations in ${((performance.now() - t) / 1000).toFixed(0)} s\n`
      )
      console.log('peak RSS of the process doing the work (serve mode: the server)')
      const idle = await served(small, async (url, token) => {
        const res = await fetch(`${url}/api/listSources`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: '[]'
        })
        return drain(res)
      })
      line('serve mode, idle (listSources)', idle)
      const whole = await served(small, async (url, token) =>
        drain(
          await fetch(`${url}/api/exportAnnotations`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: '["w3c"]'
          })
        )
      )
      line('W3C 100,000: exportAnnotations (one string)', whole)
      const download = (archive: string) =>
        served(archive, async (url, token) =>
          drain(await fetch(`${url}/api/export/annotations.jsonld?token=${token}`))
        )
      const streamedSmall = await download(small)
      line('W3C 100,000: streamed download', streamedSmall)
      const streamedLarge = await download(large)
      line(`W3C ${MANY.toLocaleString('en')}: streamed download`, streamedLarge)
      const out = join(dir, 'large.jsonld')
      const cliLarge = cli(
        '--archive',
        large,
        'export-annotations',
        '--format',
        'w3c',
        '--out',
        out
      )
      line(`W3C ${MANY.toLocaleString('en')}: CLI --out (streamed)`, cliLarge)
      console.log(
        `  ratios: streamed/string at 100,000 = ${(streamedSmall.mb / whole.mb).toFixed(2)}; streamed ${MANY.toLocaleString('en')}/100,000 = ${(streamedLarge.mb / streamedSmall.mb).toFixed(2)}; over idle server: string +${(whole.mb - idle.mb).toFixed(0)} MB, streamed +${(streamedLarge.mb - idle.mb).toFixed(0)} MB`
      )
    }
    if (PART !== 'w3c') {
      // A bundle over the 54 MB that base64 JSON allowed: raw upload to serve mode vs the CLI.
      // About 200 MB of prose: its bundle is well over that.
      const prose = join(dir, 'prose.parallax')
      await buildArchive(
        prose,
        10_000,
        buildCorpus(200_000_000).documents.map((d) => d.text)
      )
      const bundle = join(dir, 'large.parallax-bundle')
      cli('--archive', prose, 'bundle', 'export', bundle)
      const size = statSync(bundle).size / 1e6
      console.log(`\nbundle of an archive of 200 MB of prose: ${size.toFixed(0)} MB`)
      const upload = await served(join(dir, 'empty-a.parallax'), (url, token) =>
        postFile(`${url}/api/importBundle`, token, bundle)
      )
      line('bundle: serve mode, raw upload', upload)
      const cliBundle = cli('--archive', join(dir, 'empty-b.parallax'), 'bundle', 'import', bundle)
      line('bundle: CLI bundle import', cliBundle)
      console.log(`  ratio serve upload / CLI = ${(upload.mb / cliBundle.mb).toFixed(2)}`)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})()
