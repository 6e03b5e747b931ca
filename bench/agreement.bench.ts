// Comparing coders and agreement on a 1 MB source with 10,000 annotations from 5 coders, as a ratio against listing those annotations alone (npx tsx bench/agreement.bench.ts).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as IdsModule from '../src/main/archive/ids'
import { buildCorpus, prng } from './corpus'
import { ROOT, loadModule, median } from './runner'

const SOURCE_BYTES = 1_000_000
const ANNOTATIONS = 10_000
const CODERS = ['Ana', 'Ben', 'Cem', 'Dana', 'Emil']
const ROUNDS = 15
/** The aim of issue 17: comparison and agreement together within this. */
const LIMIT_MS = 300

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const { newId, nowIso } = await loadModule<typeof IdsModule>('src/main/archive/ids.ts')
  const dir = mkdtempSync(join(tmpdir(), 'parallax-agreement-'))
  try {
    const archive = Archive.open({
      path: join(dir, 'bench.parallax'),
      resourcesDir: join(ROOT, 'resources'),
      withSample: true
    })
    // A 1 MB source in paragraphs of a few sentences.
    const sentences = buildCorpus(2_000_000).documents.flatMap((d) =>
      d.text.split(/(?<=\.)\s+/).filter((s) => s.length > 20)
    )
    const random = prng(1918)
    const paragraphs: string[] = []
    let size = 0
    while (size < SOURCE_BYTES) {
      const n = 2 + Math.floor(random() * 4)
      const p = Array.from(
        { length: n },
        () => sentences[Math.floor(random() * sentences.length)]
      ).join(' ')
      paragraphs.push(p)
      size += p.length + 2
    }
    const source = await archive.createSource({
      title: 'A long letter book',
      text: paragraphs.join('\n\n'),
      language: 'en'
    })
    const text = source.text
    const db = archive.database
    const tags = db.prepare('SELECT id FROM tags ORDER BY position').pluck().all() as string[]
    // Passages the coders mark, each coder with some jitter and some misses: 2,000 passages,
    // each marked by every coder (5 × 2,000 = 10,000 annotations).
    const insertA = db.prepare(`INSERT INTO annotations (id, source_id, start, end, exact, note,
      status, created, modified, created_by, modified_by)
      VALUES (?, ?, ?, ?, ?, '', 'anchored', ?, ?, ?, ?)`)
    const insertT = db.prepare('INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)')
    const now = nowIso()
    db.transaction(() => {
      for (let k = 0; k < ANNOTATIONS / CODERS.length; k++) {
        const at = Math.floor(random() * (text.length - 400))
        const length = 20 + Math.floor(random() * 120)
        const tag = Math.floor(random() * tags.length)
        for (const coder of CODERS) {
          const jitter = random() < 0.3 ? Math.floor(random() * 15) : 0
          const start = at + jitter
          const end = Math.min(text.length, start + length - jitter)
          const id = newId()
          insertA.run(id, source.id, start, end, text.slice(start, end), now, now, coder, coder)
          // Mostly the same tag; sometimes another.
          insertT.run(id, tags[random() < 0.8 ? tag : (tag + 1) % tags.length])
        }
      }
    })()
    console.log(
      `  source: ${(text.length / 1e6).toFixed(2)} MB, ${paragraphs.length} paragraphs, ${ANNOTATIONS} annotations by ${CODERS.length} coders`
    )

    const list = async (): Promise<number> =>
      (await archive.listAnnotations({ sourceId: source.id })).length
    const compareAndAgree = async (): Promise<number> => {
      const c = await archive.compareCoders({ sourceId: source.id, a: ['Ana'], b: ['Ben'] })
      const r = await archive.agreement({ sourceId: source.id })
      return c.differences.length + r.rows.length
    }
    // Warm up (prepared statements, JIT), then interleave the two so load hits both alike.
    await list()
    await compareAndAgree()
    const listing: number[] = []
    const comparing: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now()
      await list()
      listing.push(performance.now() - t)
      t = performance.now()
      await compareAndAgree()
      comparing.push(performance.now() - t)
    }
    const base = median(listing)
    const work = median(comparing)
    const c = await archive.compareCoders({ sourceId: source.id, a: ['Ana'], b: ['Ben'] })
    const r = await archive.agreement({ sourceId: source.id })
    const all = r.rows[r.rows.length - 1]
    console.log(`  listAnnotations (baseline)         median ${base.toFixed(1)} ms`)
    console.log(`  compareCoders + agreement          median ${work.toFixed(1)} ms`)
    console.log(`  ratio against listing              ${(work / base).toFixed(2)}×`)
    console.log(
      `  (${c.differences.length} differences Ana/Ben; all tags: alpha ${all.alpha.value}, percent ${all.percent.value})`
    )
    console.log(
      `  aim ≤ ${LIMIT_MS} ms: ${work <= LIMIT_MS ? 'met' : 'NOT met'} (${work.toFixed(0)} ms)`
    )
    archive.close()
    if (work > LIMIT_MS) process.exitCode = 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
