// Team sync under failure: a member's sync killed with SIGKILL while sending and while receiving, the server
// stopped mid-sync, a malformed record in the feed, a team archive from a newer version.

import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { TeamSync } from '../../../src/main/team/sync'
import { CLI_BUNDLE, buildMainIfStale } from '../../../scripts/main-bundle.mjs'
import { RESOURCES, expectArchiveError } from '../../helpers/archive'
import { startCluster, type Cluster } from '../../helpers/postgres'
import {
  dumpCopy,
  dumpServer,
  expectConverged,
  joinAs,
  makeTeam,
  shareSample,
  sync,
  withClient,
  type Team
} from '../../helpers/team'

const SEED = Number(process.env.PARALLAX_CRASH_SEED ?? 20261206)
const TRIALS = 30

/** mulberry32, so a failing run can be repeated with the same kills. */
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

let cluster: Cluster
let team: Team
let owner: Archive
let hamidPath: string

beforeAll(async () => {
  expect(buildMainIfStale()).toBe(0)
  expect(existsSync(CLI_BUNDLE)).toBe(true)
  cluster = await startCluster()
  team = await makeTeam(cluster, { Leyla: 'owner', Hamid: 'editor' })
  owner = await shareSample(team, 'Leyla')
  const hamid = await joinAs(team, 'Hamid')
  hamidPath = hamid.path
  hamid.close()
}, 300_000)
afterAll(() => {
  owner?.close()
  cluster?.remove()
})

/**
 * Runs the built CLI's `sync` on Hamid's copy and kills it with SIGKILL once the line `phase`
 * appeared plus `delayMs` (or `atMs` after the start). Resolves whether it was killed.
 */
function syncAndKill(
  plan: { phase: RegExp; delayMs: number } | { atMs: number }
): Promise<boolean> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, '--archive', hamidPath, 'sync'], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    const kill = (ms: number): void => void setTimeout(() => child.kill('SIGKILL'), ms)
    if ('atMs' in plan) kill(plan.atMs)
    let seen = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      seen += chunk
      if ('phase' in plan && plan.phase.test(seen)) {
        plan.phase = /(?!)/ // once
        kill(plan.delayMs)
      }
    })
    child.on('error', fail)
    child.on('close', (_code, signal) => done(signal === 'SIGKILL'))
  })
}

/** Opens Hamid's copy and checks it is whole: integrity, references, every source with its text. */
function checkCopy(): Archive {
  const copy = Archive.open({ path: hamidPath, resourcesDir: RESOURCES })
  const db = copy.database
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  expect(db.pragma('foreign_key_check')).toEqual([])
  return copy
}

describe('a member killed while syncing', () => {
  it(`while sending: ${TRIALS} kills; nothing acknowledged is lost, nothing is applied twice (seed ${SEED})`, async () => {
    const random = prng(SEED)
    const made: string[] = []
    let kills = 0
    for (let trial = 0; kills < TRIALS && trial < 4 * TRIALS; trial++) {
      const copy = checkCopy()
      const en = (await copy.listSources()).find((s) => s.language === 'en')!.id
      for (let i = 0; i < 20; i++) {
        const start = Math.floor(random() * 400)
        made.push(
          (
            await copy.createAnnotation({
              sourceId: en,
              target: { start, end: start + 9 },
              note: `t${trial}.${i}`
            })
          ).id
        )
      }
      copy.close()
      const killed = await syncAndKill(
        random() < 0.7
          ? { phase: /Sending changes/, delayMs: Math.floor(random() * 60) }
          : { atMs: Math.floor(random() * 800) }
      )
      if (killed) kills++
      checkCopy().close()
    }
    expect(kills).toBe(TRIALS)
    // Left alone, a sync sends what the kills interrupted: every annotation made is there, once.
    const copy = checkCopy()
    await sync(copy)
    const server = await withClient(team.adminUrl, (c) =>
      c.query(`SELECT id, note FROM parallax.annotations WHERE id = ANY($1) AND NOT deleted`, [
        made
      ])
    )
    expect(server.rows).toHaveLength(made.length)
    // A change sent twice (acknowledged by the server, not yet here) left no second trace.
    const twice = await withClient(team.adminUrl, (c) =>
      c.query(`SELECT count(*) AS n FROM parallax.history WHERE record_id = ANY($1)`, [made])
    )
    expect(Number(twice.rows[0].n)).toBe(0)
    expect(new TeamSync(copy).status().pending).toBe(0)
    await expectConverged(team, [copy])
    copy.close()
  }, 600_000)

  it(`while receiving: ${TRIALS} kills; the copy is as before or as after each batch, never between (seed ${SEED})`, async () => {
    const random = prng(SEED + 1)
    const en = (await owner.listSources()).find((s) => s.language === 'en')!.id
    let kills = 0
    for (let trial = 0; kills < TRIALS && trial < 4 * TRIALS; trial++) {
      const batch: string[] = []
      for (let i = 0; i < 30; i++) {
        const start = Math.floor(random() * 400)
        batch.push(
          (
            await owner.createAnnotation({
              sourceId: en,
              target: { start, end: start + 7 },
              note: `o${trial}.${i}`
            })
          ).id
        )
      }
      await sync(owner)
      const killed = await syncAndKill(
        random() < 0.7
          ? { phase: /receiving/, delayMs: Math.floor(random() * 40) }
          : { atMs: Math.floor(random() * 800) }
      )
      if (killed) kills++
      const copy = checkCopy()
      const have = batch.filter(
        (id) =>
          copy.database.prepare('SELECT 1 FROM annotations WHERE id = ?').get(id) !== undefined
      ).length
      // All or nothing: the batch is one transaction with the feed number it reached.
      expect([0, batch.length]).toContain(have)
      copy.close()
    }
    expect(kills).toBe(TRIALS)
    const copy = checkCopy()
    await sync(copy)
    expect(dumpCopy(copy)).toEqual(await dumpServer(team))
    copy.close()
  }, 600_000)
})

describe('the server goes away', () => {
  it('stopped in the middle of a sync: the copy says it is offline, keeps its changes, and finishes after a restart', async () => {
    const copy = checkCopy()
    const en = (await copy.listSources()).find((s) => s.language === 'en')!.id
    for (let i = 0; i < 1500; i++)
      await copy.createAnnotation({
        sourceId: en,
        target: { start: i % 400, end: (i % 400) + 5 },
        note: `offline ${i}`
      })
    const s = new TeamSync(copy)
    const running = s.sync()
    cluster.stop()
    await expect(running).rejects.toThrow(
      /team server|Connection terminated|not answer|nothing answers/
    )
    expect(s.status().state).toBe('offline')
    expect(s.status().pending).toBeGreaterThan(0)
    expect(copy.database.pragma('integrity_check', { simple: true })).toBe('ok')
    await expect(s.sync()).rejects.toThrow(/nothing answers there/)
    cluster.start()
    await s.sync()
    expect(s.status()).toEqual(
      expect.objectContaining({ state: 'synced', pending: 0, error: null })
    )
    await s.close()
    await sync(owner)
    await expectConverged(team, [copy, owner])
    copy.close()
  }, 300_000)
})

describe('bad records and versions from the server', () => {
  it('a malformed record in the feed is not applied, and says why; the rest comes in', async () => {
    const copy = checkCopy()
    const before = await copy.listSources()
    await withClient(team.adminUrl, async (c) => {
      const src = (await c.query(`SELECT * FROM parallax.sources LIMIT 1`)).rows[0]
      await c.query(
        `INSERT INTO parallax.sources (id, revision_uid, content_hash, text_length, paragraph_count, kind, language,
           date, accessed, created, modified, title, creators, publisher, url, license, origin, description,
           created_by, modified_by, clocks)
         SELECT 'EVIL0001', revision_uid, content_hash, text_length, paragraph_count, kind, language, date, accessed,
           created, modified, 'Evil', creators, publisher, 'javascript:alert(1)', license, origin, description,
           created_by, modified_by, clocks FROM parallax.sources WHERE id = $1`,
        [src.id]
      )
    })
    await sync(owner)
    const good = await owner.createTag({ name: 'After the bad one', color: '#117733' })
    await sync(owner)
    const s = new TeamSync(copy)
    const report = await s.sync()
    await s.close()
    expect(report.skipped).toEqual([
      expect.objectContaining({
        kind: 'sources',
        id: 'EVIL0001',
        reason: expect.stringMatching(/Only http, https and ftp/)
      })
    ])
    expect((await copy.listSources()).map((x) => x.id).sort()).toEqual(
      before.map((x) => x.id).sort()
    )
    expect((await copy.listTags()).some((t) => t.id === good.id)).toBe(true)
    copy.close()
  })

  it('a team archive made by a newer version is refused in one line, and nothing is written', async () => {
    const newer = await makeTeam(cluster, { Leyla: 'owner' })
    await withClient(newer.adminUrl, (c) =>
      c.query(`UPDATE parallax.info SET value = '999' WHERE key = 'schema'`)
    )
    const path = join(hamidPath, '..', 'newer.parallax')
    const { joinTeam } = await import('../../../src/main/team/share')
    await expectArchiveError(
      joinTeam(newer.urls.Leyla, { archivePath: path, resourcesDir: RESOURCES }),
      'NEWER_ARCHIVE',
      /newer version of Parallax/
    )
    expect(existsSync(path)).toBe(false)
  })
})
