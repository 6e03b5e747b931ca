// Write cost against archive size: the same writes in an archive of 100 sources and in one of 100,000 sources with
// 1,000,000 annotations, interleaved, as ratios; then memory over 100,000 annotations made in one session
// (npx tsx bench/write-scale.bench.ts [sources] [annotations]; defaults 100000 1000000).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as SourcesModule from '../src/main/archive/sources'
import type * as IdsModule from '../src/main/archive/ids'
import type * as ImportFilesModule from '../src/main/archive/import-files'
import type * as ImportersModule from '../src/main/archive/importers'
import { buildCorpus, letters, prng } from './corpus'
import { ROOT, loadModule, median } from './runner'

type Archive = ArchiveModule.Archive

const BIG_SOURCES = Number(process.argv[2] ?? 100_000)
const BIG_ANNOTATIONS = Number(process.argv[3] ?? 1_000_000)
const SMALL_SOURCES = 100
const ROUNDS = 300
/** Batches of 100 letters imported into each archive (after two to warm up). */
const IMPORT_ROUNDS = 40
const SESSION_ANNOTATIONS = Number(process.env.SESSION_ANNOTATIONS ?? 100_000)

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const { checkSourceInput, insertSource } = await loadModule<typeof SourcesModule>(
    'src/main/archive/sources.ts'
  )
  const { newId, nowIso } = await loadModule<typeof IdsModule>('src/main/archive/ids.ts')
  const dir = mkdtempSync(join(tmpdir(), 'parallax-write-scale-'))
  const sentences = buildCorpus(2_000_000).documents.flatMap((d) => d.text.split(/(?<=\.)\s+/))
  const random = prng(1918)
  const letter = (i: number): string => {
    const n = 2 + Math.floor(random() * 6)
    const parts: string[] = []
    for (let k = 0; k < n; k++) parts.push(sentences[Math.floor(random() * sentences.length)])
    return `Letter ${i}\n\n${parts.join(' ')}\n\n${sentences[i % sentences.length]}`
  }

  /** An archive of `sources` letters and `annotations` annotations spread over them, built in bulk. */
  const build = (name: string, sources: number, annotations: number): Archive => {
    const path = join(dir, `${name}.parallax`)
    let archive = Archive.open({ path, resourcesDir: join(ROOT, 'resources'), withSample: true })
    const db = archive.database
    const tags = db.prepare('SELECT id FROM tags').pluck().all() as string[]
    const t0 = performance.now()
    const ids: string[] = []
    const lengths: number[] = []
    for (let from = 0; from < sources; from += 5000) {
      db.transaction(() => {
        for (let i = from; i < Math.min(sources, from + 5000); i++) {
          const source = checkSourceInput({ title: `Letter ${i}`, text: letter(i), language: 'en' })
          ids.push(insertSource(db, source))
          lengths.push(source.text.length)
        }
      })()
    }
    const insertA = db.prepare(`INSERT INTO annotations (id, source_id, start, end, exact, note,
      status, created, modified) VALUES (?, ?, 0, 6, 'Letter', '', 'anchored', ?, ?)`)
    const insertT = db.prepare('INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)')
    const now = nowIso()
    for (let from = 0; from < annotations; from += 50_000) {
      db.transaction(() => {
        for (let i = from; i < Math.min(annotations, from + 50_000); i++) {
          const id = newId()
          insertA.run(id, ids[i % ids.length], now, now)
          insertT.run(id, tags[i % tags.length])
        }
      })()
    }
    archive.close()
    // Reopening indexes every source for search, as an archive written elsewhere would be.
    archive = Archive.open({ path, resourcesDir: join(ROOT, 'resources') })
    archive.database.pragma('wal_checkpoint(TRUNCATE)')
    console.log(
      `  ${name}: ${sources.toLocaleString('en')} sources, ${annotations.toLocaleString('en')} annotations, built in ${((performance.now() - t0) / 1000).toFixed(0)} s`
    )
    return archive
  }

  console.log('Building the archives…')
  const small = build('small', SMALL_SOURCES, 1000)
  const big = build('big', BIG_SOURCES, BIG_ANNOTATIONS)

  /** One kind of write, as the app makes it, on the archive's first sample source. */
  const writes: Record<string, (a: Archive, i: number, ctx: Ctx) => Promise<unknown>> = {
    'create an annotation': (a, i, ctx) =>
      a.createAnnotation({
        sourceId: ctx.source,
        target: { start: (i * 13) % 300, end: ((i * 13) % 300) + 15 },
        tagIds: [ctx.tags[i % ctx.tags.length]],
        note: `note ${i}`
      }),
    'tag an annotation': (a, i, ctx) =>
      a.updateAnnotation(ctx.annotation, { tagIds: [ctx.tags[i % ctx.tags.length]] }),
    'link two passages': async (a, i, ctx) => {
      const link = await a.createLink({ from: ctx.annotation, to: ctx.other, relation: 'agrees' })
      await a.deleteLink(link.id)
    },
    'edit metadata': (a, i, ctx) => a.updateSource(ctx.source, { publisher: `Publisher ${i}` })
  }
  interface Ctx {
    source: string
    tags: string[]
    annotation: string
    other: string
  }
  const context = async (a: Archive): Promise<Ctx> => {
    const source = (await a.listSources({ filter: 'Commemoration' }))[0].id
    const tags = (await a.listTags()).map((t) => t.id)
    const make = async (start: number): Promise<string> =>
      (await a.createAnnotation({ sourceId: source, target: { start, end: start + 10 } })).id
    return { source, tags, annotation: await make(20), other: await make(60) }
  }
  const ctx = new Map<Archive, Ctx>([
    [small, await context(small)],
    [big, await context(big)]
  ])
  console.log('')
  console.log('Write                     100 sources   big archive   ratio')
  let worst = 0
  /** Prints one write's medians in both archives and their ratio, and keeps the worst ratio. */
  const report = (name: string, times: Map<Archive, number[]>): void => {
    const s = median(times.get(small) as number[])
    const b = median(times.get(big) as number[])
    worst = Math.max(worst, b / s)
    console.log(
      `${name.padEnd(24)}  ${s.toFixed(3).padStart(8)} ms   ${b.toFixed(3).padStart(8)} ms   ${(b / s).toFixed(2)}`
    )
  }
  for (const [name, write] of Object.entries(writes)) {
    const times = new Map<Archive, number[]>([
      [small, []],
      [big, []]
    ])
    for (let i = 0; i < ROUNDS + 10; i++) {
      // Alternate which goes first, so neither always gets the warmer cache.
      for (const a of i % 2 ? [small, big] : [big, small]) {
        const t0 = performance.now()
        await write(a, i, ctx.get(a) as Ctx)
        if (i >= 10) times.get(a)?.push(performance.now() - t0)
      }
    }
    report(name, times)
  }
  // A bulk import's write: a folder of letters, 100 to a transaction as the app sends them, read
  // and checked beforehand (as the import workers do), so that the write alone is timed.
  const importFiles = await loadModule<typeof ImportFilesModule>('src/main/archive/import-files.ts')
  const importers = await loadModule<typeof ImportersModule>('src/main/archive/importers/index.ts')
  // The same 100 letters each round, made new by a line of their own (the archive takes a text
  // it holds already as a duplicate).
  const folder = letters(buildCorpus(2_000_000).documents.map((d) => d.text)).slice(0, 100)
  const batches: ImportFilesModule.ReadFile[][] = []
  for (let round = 0; round < IMPORT_ROUNDS + 2; round++) {
    const files = folder.map((text, i) => ({
      name: `letter-${round}-${i}.txt`,
      data: new TextEncoder().encode(`${text}\n\nCopy ${round}.`)
    }))
    batches.push(await importFiles.readImport(files))
  }
  await importers.closeImportWorkers()
  const imports = new Map<Archive, number[]>([
    [small, []],
    [big, []]
  ])
  batches.forEach((batch, i) => {
    for (const a of i % 2 ? [small, big] : [big, small]) {
      const t0 = performance.now()
      const report = a.importRead(batch)
      if (report.imported.length !== batch.length) throw new Error('a letter was not imported')
      if (i >= 2) imports.get(a)?.push(performance.now() - t0)
    }
  })
  // The aim names the four writes above; a bulk import's batch is held to the same bound beside them.
  const writesWorst = worst
  report('import 100 letters', imports)
  const verdict = (ratio: number): string => (ratio <= 1.2 ? 'MET' : 'MISSED')
  console.log(
    `Worst ratio of the aim's writes ${writesWorst.toFixed(2)} (aim: at most 1.2) ${verdict(writesWorst)}; ` +
      `with a bulk import's batch ${worst.toFixed(2)} ${verdict(worst)}`
  )
  small.close()

  // Memory: annotations made one by one in one session, as a long CLI script or app session does.
  const c = ctx.get(big) as Ctx
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const t0 = performance.now()
  for (let i = 0; i < SESSION_ANNOTATIONS; i++) {
    await writes['create an annotation'](big, i, c)
    if (i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss)
  }
  global.gc?.()
  const after = process.memoryUsage().rss
  peak = Math.max(peak, after)
  const grew = (after - before) / 1e6
  console.log('')
  console.log(
    `${SESSION_ANNOTATIONS.toLocaleString('en')} annotations in one session: ${((performance.now() - t0) / 1000).toFixed(1)} s, RSS grew ${grew.toFixed(0)} MB (peak +${((peak - before) / 1e6).toFixed(0)} MB; aim: at most 100 MB) ${grew <= 100 ? 'MET' : 'MISSED'}`
  )
  big.close()
  rmSync(dir, { recursive: true, force: true })
}

void main()
