// Annotation engine benchmark on a 1 MB source with 10,000 annotations: re-anchoring after an edit, creating one, exporting W3C (npx tsx bench/anchoring.bench.ts).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type * as AnchorModule from '../src/shared/anchoring/anchor'
import type * as AnnotationsModule from '../src/main/archive/annotations'
import type * as ArchiveModule from '../src/main/archive/archive'
import type * as EditMapModule from '../src/shared/anchoring/edit-map'
import type * as QuoteModule from '../src/shared/anchoring/quote'
import { buildCorpus, prng } from './corpus'
import { ROOT, loadModule, median } from './runner'

const RUNS = 7

function time(fn: () => unknown): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

async function main(): Promise<void> {
  const { Archive } = await loadModule<typeof ArchiveModule>('src/main/archive/archive.ts')
  const { insertAnnotation } = await loadModule<typeof AnnotationsModule>(
    'src/main/archive/annotations.ts'
  )
  const { reanchor } = await loadModule<typeof AnchorModule>('src/shared/anchoring/anchor.ts')
  const { diffHunks, mapSpan } = await loadModule<typeof EditMapModule>(
    'src/shared/anchoring/edit-map.ts'
  )
  const { quoteAt } = await loadModule<typeof QuoteModule>('src/shared/anchoring/quote.ts')

  let text = ''
  for (const d of buildCorpus(2_000_000).documents) {
    if (text.length >= 1_000_000) break
    text += `${d.text}\n\n`
  }
  text = text.slice(0, 1_000_000).trim()
  const dir = mkdtempSync(join(tmpdir(), 'parallax-anchor-bench-'))
  const archive = Archive.open({
    path: join(dir, 'bench.parallax'),
    resourcesDir: join(ROOT, 'resources'),
    withSample: true
  })
  try {
    const source = await archive.createSource({ title: 'Long text', text, language: 'en' })
    const tags = (await archive.listTags()).map((t) => t.id)
    const next = prng(11)
    const random = (n: number): number => Math.floor(next() * n)
    const step = Math.floor(text.length / 10_000)
    const items: AnchorModule.Anchored[] = []
    archive.database.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const start = i * step + random(20)
        const end = Math.min(text.length, start + 8 + random(60))
        if (text.slice(start, end).trim() === '') continue
        const id = insertAnnotation(archive.database, {
          sourceId: source.id,
          span: { start, end },
          tagIds: [tags[random(tags.length)]],
          note: i % 5 ? '' : `Note ${i}`
        })
        items.push({ id, start, end, ...quoteAt(text, start, end) })
      }
    })()

    // 1. Re-anchoring after an edit in the middle, against shifting positions only.
    const middle = text.length >> 1
    const edited = `${text.slice(0, middle)} A sentence inserted by the editor in the middle of the text. ${text.slice(middle)}`
    const ours: number[] = []
    const shiftOnly: number[] = []
    for (let r = 0; r < RUNS; r++) {
      ours.push(time(() => reanchor(text, edited, items)))
      shiftOnly.push(
        time(() => {
          const hunks = diffHunks(text, edited)
          for (const it of items) mapSpan(hunks, it.start, it.end)
        })
      )
    }
    const results = reanchor(text, edited, items)
    const orphans = results.filter((r) => r.status === 'orphan').length
    // The whole edit through the archive: new revision, re-anchoring, rows updated, search index, undo log.
    const editRuns: number[] = []
    for (let r = 0; r < 3; r++) {
      const next = r % 2 === 0 ? edited : text
      editRuns.push(await timeAsync(() => archive.editSourceText(source.id, next, 'bench')))
    }

    // 2. Creating one annotation, against a bare INSERT of the same row.
    const create: number[] = []
    const bare: number[] = []
    const insert = archive.database.prepare(
      `INSERT INTO annotations (id, source_id, start, end, exact, prefix, suffix, note, status, created, modified)
       VALUES (?, ?, ?, ?, ?, '', '', '', 'anchored', '', '')`
    )
    for (let r = 0; r < 200; r++) {
      const start = random(text.length - 100)
      create.push(
        await timeAsync(() =>
          archive.createAnnotation({
            sourceId: source.id,
            target: { start, end: start + 30 },
            tagIds: [tags[0]]
          })
        )
      )
      bare.push(
        time(() =>
          insert.run(`bare${r}`, source.id, start, start + 30, text.slice(start, start + 30))
        )
      )
    }

    // 3. W3C export of every annotation, against JSON.stringify of the same annotations.
    const w3c: number[] = []
    const plain: number[] = []
    for (let r = 0; r < 5; r++) {
      w3c.push(await timeAsync(() => archive.exportAnnotations('w3c', { sourceId: source.id })))
      plain.push(
        await timeAsync(async () =>
          JSON.stringify(await archive.listAnnotations({ sourceId: source.id }))
        )
      )
    }

    const row = (label: string, a: number[], b: number[], baseline: string, aim: number): string =>
      `${label.padEnd(34)} ${median(a).toFixed(2).padStart(8)} ms   ${baseline} ${median(b).toFixed(2).padStart(8)} ms   ratio ${(median(a) / median(b)).toFixed(2).padStart(5)}   aim <= ${aim} ms: ${median(a) <= aim ? 'met' : 'MISSED'}`
    console.log(
      `Parallax annotation engine benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}`
    )
    console.log(
      `1 MB source (State of the Union text), ${items.length} annotations; edit: one sentence inserted in the middle (${orphans} orphans)`
    )
    console.log(row('re-anchor all after the edit', ours, shiftOnly, 'position-only shift', 300))
    console.log(
      `${'whole edit through the archive'.padEnd(34)} ${median(editRuns).toFixed(2).padStart(8)} ms   (revision, re-anchoring, ${items.length} rows, index, undo log)`
    )
    console.log(row('create one annotation', create, bare, 'bare INSERT       ', 5))
    console.log(row('export all as W3C JSON-LD', w3c, plain, 'JSON.stringify     ', 1000))
  } finally {
    archive.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
