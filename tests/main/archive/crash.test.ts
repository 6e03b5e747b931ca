// Crash safety: the built CLI killed with SIGKILL at random moments of a bulk import and of an annotation burst; every reported write survives.

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { CLI_BUNDLE, buildMainIfStale } from '../../../scripts/main-bundle.mjs'
import { RESOURCES, tempDir } from '../../helpers/archive'

const CLI = CLI_BUNDLE
const SEED = Number(process.env.PARALLAX_CRASH_SEED ?? 20261122)
const FILES = 240

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with the same kills. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let built = false

beforeAll(() => {
  // Unit tests run before `npm run build` in `npm test`: (re)build once, when out/ is older than src/.
  built = buildMainIfStale() === 0 && existsSync(CLI)
}, 200_000)

interface Killed {
  /** Complete lines the child printed on the stream watched, before it died. */
  lines: string[]
  killed: boolean
}

/**
 * Runs the CLI and kills it with SIGKILL once `after` lines matching `counts` have appeared plus
 * a few milliseconds, or at `atMs` after the start, whichever the plan says.
 */
function runAndKill(
  args: string[],
  stream: 'stdout' | 'stderr',
  counts: RegExp,
  plan: { after: number; delayMs: number } | { atMs: number }
): Promise<Killed> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const lines: string[] = []
    let partial = ''
    let seen = 0
    let armed = false
    const kill = (): void => void child.kill('SIGKILL')
    const arm = (delayMs: number): void => {
      if (armed) return
      armed = true
      setTimeout(kill, delayMs)
    }
    if ('atMs' in plan) arm(plan.atMs)
    child[stream].setEncoding('utf8')
    child[stream].on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      for (const line of parts) {
        lines.push(line)
        if (counts.test(line)) seen++
        if ('after' in plan && seen >= plan.after) arm(plan.delayMs)
      }
    })
    child.on('error', fail)
    child.on('close', (_code, signal) => done({ lines, killed: signal === 'SIGKILL' }))
  })
}

/** Reopens the archive as the app would and checks that it is whole. */
function reopenAndCheck(path: string, check: (archive: Archive) => void): void {
  const archive = Archive.open({ path, resourcesDir: RESOURCES })
  try {
    const db = archive.database
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    // No source without its current text: a half-written import would leave one.
    const headless = db
      .prepare(
        `SELECT count(*) FROM sources s LEFT JOIN revisions r
         ON r.source_id = s.id AND r.n = s.revision WHERE r.n IS NULL`
      )
      .pluck()
      .get()
    expect(headless).toBe(0)
    check(archive)
  } finally {
    archive.close()
  }
}

/** One random kill plan: mostly right after some reported writes, sometimes at any moment. */
function plan(
  random: () => number,
  maxLines: number
): { after: number; delayMs: number } | { atMs: number } {
  return random() < 0.25
    ? { atMs: Math.floor(random() * 450) }
    : { after: Math.floor(random() * (maxLines + 1)), delayMs: Math.floor(random() * 4) }
}

describe('crash safety (SIGKILL at random moments)', () => {
  it(`bulk import: 30 kills, every file reported imported is there (seed ${SEED})`, async (ctx) => {
    if (!built) ctx.skip('needs out/main/cli.js, and building it failed')
    const random = prng(SEED)
    const dir = tempDir()
    const folder = join(dir, 'sources')
    mkdirSync(folder)
    for (let i = 1; i <= FILES; i++) {
      const n = String(i).padStart(3, '0')
      writeFileSync(
        join(folder, `doc-${n}.txt`),
        `Generated document ${n}\n\nThe harbour report number ${i} describes ships and cargo.\n\n${'More text. '.repeat(i % 40)}`
      )
    }
    const path = join(dir, 'crash.parallax')
    const reported = new Set<string>()
    let kills = 0
    for (let run = 0; kills < 30 && run < 200; run++) {
      const result = await runAndKill(
        ['--archive', path, 'import', folder],
        'stderr',
        / imported /,
        plan(random, 4)
      )
      if (result.killed) kills++
      for (const line of result.lines) {
        const m = /^\[\d+\/\d+\] imported (.+)$/.exec(line)
        if (m) reported.add(m[1])
      }
      reopenAndCheck(path, (archive) => {
        const titles = new Set(archive.database.prepare('SELECT title FROM sources').pluck().all())
        for (const title of reported) expect(titles.has(title), title).toBe(true)
      })
    }
    expect(kills).toBe(30)
    expect(reported.size).toBeGreaterThan(0)
    // Left alone, the import finishes what the kills interrupted, and nothing is doubled.
    const last = spawnSync(process.execPath, [CLI, '--archive', path, 'import', folder], {
      encoding: 'utf8'
    })
    expect(last.status).toBe(0)
    reopenAndCheck(path, (archive) => {
      const titles = archive.database.prepare('SELECT title FROM sources').pluck().all()
      expect(titles).toHaveLength(FILES)
      expect(new Set(titles).size).toBe(FILES)
    })
  }, 120_000)

  it(`annotation burst: 25 kills, every annotation reported done is there (seed ${SEED})`, async (ctx) => {
    if (!built) ctx.skip('needs out/main/cli.js, and building it failed')
    const random = prng(SEED + 1)
    const dir = tempDir()
    const path = join(dir, 'burst.parallax')
    const setup = Archive.open({ path, resourcesDir: RESOURCES, withSample: true })
    const sourceId = (await setup.listSources())[0].id
    setup.close()
    const reported = new Set<string>()
    let kills = 0
    for (let run = 0; kills < 25 && run < 200; run++) {
      const args = ['--archive', path, 'stress-annotate', sourceId, '--count', '5000']
      const result = await runAndKill(args, 'stdout', /^done /, plan(random, 40))
      if (result.killed) kills++
      for (const line of result.lines) if (line.startsWith('done ')) reported.add(line.slice(5))
      reopenAndCheck(path, (archive) => {
        const ids = new Set(archive.database.prepare('SELECT id FROM annotations').pluck().all())
        for (const id of reported) expect(ids.has(id), id).toBe(true)
      })
    }
    expect(kills).toBe(25)
    expect(reported.size).toBeGreaterThan(25)
  }, 120_000)
})
