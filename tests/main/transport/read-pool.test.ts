// Serve mode with a read pool over real HTTP: a cheap call is answered while a read is held in a worker, reads see the writes answered before them, a crashed worker is replaced, and a common word's search says it ranked only the first passages.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { ReadPool, withReadPool } from '../../../src/main/archive/read-pool'
import { FIRST_PASS } from '../../../src/main/archive/search'
import type { RunningServer } from '../../../src/main/transport/http'
import { viteWorker } from '../../../src/main/workers/locate'
import type { AgreementReport } from '../../../src/shared/agreement'
import type { Comparison } from '../../../src/shared/compare-coders'
import type { Annotation, SearchResults, SourceSummary, Tag } from '../../../src/shared/model'
import {
  RESOURCES,
  apiOf,
  snapshot,
  tempArchive,
  tempDir,
  type TempArchive
} from '../../helpers/archive'
import { postApi, readBody, servePooled } from '../../helpers/http'

const TOKEN = 'read-pool-token-0123456789abcdef'
const HELD_WORKER = viteWorker(join(import.meta.dirname, 'held-read-worker.ts'))

let handle: TempArchive
let pool: ReadPool
let server: RunningServer

beforeAll(async () => {
  handle = tempArchive({ sample: true })
  pool = new ReadPool(
    { path: handle.path, resourcesDir: RESOURCES },
    { size: 2, worker: HELD_WORKER }
  )
  await pool.warm()
  server = await servePooled(handle, pool, TOKEN)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await pool?.close()
  handle?.cleanup()
})

interface Envelope<T> {
  ok: boolean
  value: T
  error: { code: string; message: string }
}

/** POST /api/<method> with JSON arguments; resolves with the status and the envelope. */
async function call<T>(
  method: string,
  args: unknown[]
): Promise<{ status: number; body: Envelope<T> }> {
  const res = await postApi(server.port, TOKEN, method, args)
  const body = JSON.parse((await readBody(res)).toString('utf8')) as Envelope<T>
  return { status: res.statusCode ?? 0, body }
}

async function value<T>(method: string, args: unknown[]): Promise<T> {
  const { status, body } = await call<T>(method, args)
  expect(body.ok, JSON.stringify(body.error)).toBe(true)
  expect(status).toBe(200)
  return body.value
}

/** The reads the workers answered so far: thread id and method, in order. */
function workerReads(): { thread: string; method: string }[] {
  const log = `${handle.path}.reads`
  if (!existsSync(log)) return []
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [thread, method] = line.split(' ')
      return { thread, method }
    })
}

describe('a read pool in serve mode', () => {
  it('answers other calls, reads too, while one read is held in a worker', async () => {
    const gate = join(tempDir(), 'release')
    const finished: string[] = []
    const track = <T>(name: string, p: Promise<T>): Promise<T> =>
      p.then((v) => {
        finished.push(name)
        return v
      })
    const held = track('held search', value<SearchResults>('search', [`hold:${gate}`]))
    const sources = await track('listSources', value<SourceSummary[]>('listSources', []))
    const source = await track('getSource', value<{ text: string }>('getSource', [sources[0].id]))
    const info = await track('archiveInfo', value<{ sources: number }>('archiveInfo', []))
    const tag = await track(
      'createTag',
      value<Tag>('createTag', [{ name: 'Written while a read is held', color: '#336699' }])
    )
    expect(finished).toEqual(['listSources', 'getSource', 'archiveInfo', 'createTag'])
    expect(source.text.length).toBeGreaterThan(0)
    expect(info.sources).toBe(sources.length)
    expect(tag.name).toBe('Written while a read is held')

    writeFileSync(gate, '')
    const results = await held
    expect(finished.at(-1)).toBe('held search')
    expect(results.hits.length).toBeGreaterThan(0)
    expect(workerReads().map((r) => r.method)).toEqual(
      expect.arrayContaining(['listSources', 'getSource', 'search'])
    )
  })

  it('reads in a worker see every write answered before them', async () => {
    const [source] = await value<SourceSummary[]>('listSources', [])
    for (let i = 0; i < 8; i++) {
      const made = await value<Annotation>('createAnnotation', [
        { sourceId: source.id, target: { start: i * 4, end: i * 4 + 3 }, note: `note ${i}` }
      ])
      const listed = await value<Annotation[]>('listAnnotations', [{ sourceId: source.id }])
      expect(listed.map((a) => a.id)).toContain(made.id)
      const cols = await value<{ annotations?: unknown[] }>('listAnnotationColumns', [source.id])
      expect(JSON.stringify(cols)).toContain(made.id)
    }
    const reads = workerReads().filter((r) => r.method === 'listAnnotations')
    expect(reads.length).toBeGreaterThanOrEqual(8)
  })

  it('compares coders and measures their agreement in a worker, as the main thread would', async () => {
    const sources = await value<SourceSummary[]>('listSources', [])
    const source = sources[0]
    const tags = await value<Tag[]>('listTags', [])
    const ben = Archive.open({ path: handle.path, resourcesDir: RESOURCES, author: 'Ben' })
    const ana = Archive.open({ path: handle.path, resourcesDir: RESOURCES, author: 'Ana' })
    try {
      for (const [coder, from, tag] of [
        [ana, 0, 0],
        [ben, 2, 0],
        [ana, 40, 1],
        [ben, 40, 2]
      ] as const) {
        await coder.createAnnotation({
          sourceId: source.id,
          target: { start: from, end: from + 12 },
          tagIds: [tags[tag].id]
        })
      }
      const query = { sourceId: source.id, a: ['Ana'], b: ['Ben'] }
      const compared = await value<Comparison>('compareCoders', [query])
      expect(compared.differences.length).toBeGreaterThan(0)
      expect(compared).toEqual(await ana.compareCoders(query))
      const agreed = await value<AgreementReport>('agreement', [{ sourceId: source.id }])
      expect(agreed.coders).toEqual(expect.arrayContaining(['Ana', 'Ben']))
      expect(agreed).toEqual(await ana.agreement({ sourceId: source.id }))
      expect(workerReads().map((r) => r.method)).toEqual(
        expect.arrayContaining(['compareCoders', 'agreement'])
      )
    } finally {
      ben.close()
      ana.close()
    }
  })

  it('refuses a bad read with a one-line error from the worker and leaves the archive as it was', async () => {
    const before = snapshot(handle.archive)
    const { status, body } = await call('search', ['baku', { limit: 0 }])
    expect(status).toBe(400)
    expect(body.ok).toBe(false)
    expect(body.error.code).toBe('INVALID_ARGUMENT')
    expect(body.error.message).toMatch(/limit must be a whole number/)
    expect(body.error.message).not.toContain('\n')
    expect(snapshot(handle.archive)).toEqual(before)
  })

  it('replaces a worker that crashes, and still answers the read it was doing', async () => {
    const threadsBefore = new Set(workerReads().map((r) => r.thread))
    const crashed = await value<SearchResults>('search', ['crash'])
    // Answered on the main thread instead: a real search for "crash" (no passage has it).
    expect(crashed.query).toBe('crash')
    expect(crashed.hits).toEqual([])
    // Two reads at once: both workers busy, one of them new.
    const [a, b] = await Promise.all([
      value<SearchResults>('search', ['baku']),
      value<SearchResults>('search', ['bakou'])
    ])
    expect(a.hits.length).toBeGreaterThan(0)
    expect(b.hits.length).toBeGreaterThan(0)
    const threadsAfter = new Set(workerReads().map((r) => r.thread))
    expect([...threadsAfter].some((t) => !threadsBefore.has(t))).toBe(true)
    expect(pool.workerCount).toBeLessThanOrEqual(2)
  })

  it(`ranks only the first ${FIRST_PASS} passages of a word in more, and says so`, async () => {
    const paragraphs = Array.from(
      { length: FIRST_PASS + 100 },
      (_, i) => `Entry ${i}: the ember ${i % 7 === 0 ? 'ember ember' : ''} glowed.`
    )
    await value('createSource', [{ title: 'Logbook', text: paragraphs.join('\n\n') }])
    const wide = await value<SearchResults>('search', ['ember', { limit: 200 }])
    expect(wide.truncated).toBe(true)
    expect(wide.scanned).toBe(FIRST_PASS)
    expect(wide.hits).toHaveLength(200)
    // The best of the first pass: paragraphs that say "ember" three times come first.
    expect(wide.hits[0].matches).toHaveLength(3)
    const narrow = await value<SearchResults>('search', ['baku'])
    expect(narrow.scanned).toBeUndefined()
  })
})

describe('a read pool whose workers are still starting', () => {
  it('answers reads on the main thread until one is ready, then in the workers', async () => {
    const t = tempArchive({ sample: true })
    const starting = new ReadPool(
      { path: t.path, resourcesDir: RESOURCES },
      { size: 1, worker: HELD_WORKER }
    )
    try {
      const api = withReadPool(apiOf(t.archive), starting)
      const ready = starting.warm()
      const early = await api.search('baku')
      expect(early.hits.length).toBeGreaterThan(0)
      expect(existsSync(`${t.path}.reads`)).toBe(false)
      await ready
      await api.search('baku')
      expect(readFileSync(`${t.path}.reads`, 'utf8')).toMatch(/^\d+ search$/m)
    } finally {
      await starting.close()
    }
  })
})

describe('a read pool that cannot start a worker', () => {
  it('answers every read on the main thread and says why once', async () => {
    const t = tempArchive({ sample: true })
    const reasons: string[] = []
    const broken = new ReadPool(
      { path: t.path, resourcesDir: RESOURCES },
      {
        worker: { filename: join(t.dir, 'no-such-worker.js'), execArgv: [] },
        onFallback: (why) => reasons.push(why)
      }
    )
    try {
      const api = withReadPool(apiOf(t.archive), broken)
      const first = await api.search('baku')
      const second = await api.listSources()
      expect(first.hits.length).toBeGreaterThan(0)
      expect(second.length).toBe(2)
      expect(reasons).toHaveLength(1)
    } finally {
      await broken.close()
    }
  })
})
