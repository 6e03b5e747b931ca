// Benchmark: peak memory and time of importing issue 13's hostile files through the built CLI, against plain text files of the same text; and the import worker's overhead on ordinary files.
// Run: npx tsx bench/import-memory.bench.ts (after `npm run build`; `npm run bench -- import-memory` builds first)

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeImportWorkers, readDocument } from '../src/main/archive/importers/index'
import { readDocumentHere } from '../src/main/archive/importers/read'
import { bloatedDocx, bloatedPdf } from '../tests/helpers/hostile-files'
import {
  articleParagraphs,
  makeDocx,
  makePdf,
  newsPage
} from '../tests/main/archive/importers/fixtures'
import { ROOT, median } from './runner'

const CLI = join(ROOT, 'out', 'main', 'cli.js')
const PEAK = join(ROOT, 'bench', 'peak-rss.mjs')
const BOUND_MB = 1024

interface Run {
  seconds: number
  peakMb: number
  outcome: string
}

/** Imports one file with the built CLI in a fresh process; wall time and peak RSS (all threads). */
function cliImport(dir: string, file: string): Run {
  const archive = join(dir, `a-${Math.random().toString(36).slice(2)}.parallax`)
  const started = performance.now()
  const r = spawnSync(
    process.execPath,
    ['--import', PEAK, CLI, '--archive', archive, 'import', file],
    {
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, PARALLAX_REPORT_WORKER_RSS: '1' }
    }
  )
  const seconds = (performance.now() - started) / 1000
  // The CLI's own peak plus its import worker's: an upper bound of what the import cost in all.
  const mainKb = Number(/(?:^|\n)PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0)
  const workerKb = Number(/WORKER_PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0)
  const peakMb = (mainKb + workerKb) / 1024
  const failed = /failed: (.*)/.exec(r.stderr)?.[1]
  const outcome = r.status === 0 ? 'imported' : `refused: ${(failed ?? r.stderr).slice(0, 90)}`
  return { seconds, peakMb, outcome }
}

function row(label: string, run: Run, base: Run | null): void {
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-')
  console.log(
    `${label.padEnd(34)} ${run.seconds.toFixed(1).padStart(6)} s ${run.peakMb.toFixed(0).padStart(6)} MB` +
      (base
        ? `   vs plain text: time ${ratio(run.seconds, base.seconds)}, memory ${ratio(run.peakMb, base.peakMb)}`
        : '') +
      `   ${run.outcome}`
  )
}

async function hostile(dir: string): Promise<number> {
  const cases: [string, string, () => Promise<Uint8Array>][] = [
    ['Word, 25 MB of XML', 'bloated-25.docx', () => bloatedDocx(25)],
    ['Word, 190 MB of XML', 'bloated-190.docx', () => bloatedDocx(190)],
    ['PDF, 300 MB of page content', 'bloated-300.pdf', async () => bloatedPdf(300)]
  ]
  console.log('Hostile files (issue 13) through the built CLI; each run is a fresh process')
  let worst = 0
  for (const [label, name, make] of cases) {
    const bytes = await make()
    const file = join(dir, name)
    await writeFile(file, bytes)
    // The baseline: the same text as a plain file (for a refused file, the text up to the limit).
    let text: string
    try {
      text = (await readDocumentHere({ name, data: bytes })).text
    } catch {
      const line = 'Line 1 of the report on the harbour strike and its settlement.\n'
      text = line.repeat(Math.floor(19_900_000 / line.length))
    }
    const plain = join(dir, `${name}.txt`)
    await writeFile(plain, text)
    const base = cliImport(dir, plain)
    const run = cliImport(dir, file)
    worst = Math.max(worst, run.peakMb)
    row(`${label} (${(bytes.length / 1024).toFixed(0)} KB)`, run, base)
    row(`  same text as .txt (${(text.length / 1e6).toFixed(1)} M chars)`, base, null)
  }
  console.log(
    `Worst peak ${worst.toFixed(0)} MB: ${worst < BOUND_MB ? 'within' : 'MISSED'} the ${BOUND_MB} MB bound`
  )
  return worst
}

/** Ordinary files read through the import worker against the same reading in this thread. */
async function overhead(): Promise<void> {
  const files: { name: string; data: Uint8Array }[] = []
  const enc = new TextEncoder()
  for (let i = 0; i < 200; i++) {
    files.push({ name: `letter-${i}.txt`, data: enc.encode(articleParagraphs(10, i).join('\n\n')) })
  }
  for (let i = 0; i < 100; i++) {
    files.push({
      name: `page-${i}.html`,
      data: enc.encode(newsPage({ paragraphs: articleParagraphs(20, i) }))
    })
  }
  for (let i = 0; i < 50; i++) files.push({ name: `doc-${i}.docx`, data: makeDocx() })
  for (let i = 0; i < 20; i++) {
    const paragraphs = articleParagraphs(30, i)
    files.push({
      name: `doc-${i}.pdf`,
      data: await makePdf({}, (doc) => paragraphs.forEach((p) => doc.text(p)))
    })
  }
  const bytes = files.reduce((n, f) => n + f.data.length, 0)
  const time = async (read: typeof readDocument): Promise<number> => {
    const started = performance.now()
    for (const f of files) await read(f)
    return performance.now() - started
  }
  // Warm both paths (pdf.js loads once per thread), then alternate rounds.
  await time(readDocument)
  await time(readDocumentHere)
  const worker: number[] = []
  const here: number[] = []
  for (let round = 0; round < 5; round++) {
    worker.push(await time(readDocument))
    here.push(await time(readDocumentHere))
  }
  const [w, h] = [median(worker), median(here)]
  console.log(
    `\nOrdinary files (${files.length}: txt, html, docx, pdf; ${(bytes / 1e6).toFixed(1)} MB), median of 5, one at a time:`
  )
  console.log(
    `  in the import worker  ${w.toFixed(0)} ms (${(w / files.length).toFixed(2)} ms a file)`
  )
  console.log(
    `  in the calling thread ${h.toFixed(0)} ms (${(h / files.length).toFixed(2)} ms a file)`
  )
  console.log(
    `  worker overhead: ratio ${(w / h).toFixed(2)}, ${((w - h) / files.length).toFixed(2)} ms a file`
  )
}

void (async () => {
  if (!existsSync(CLI)) {
    console.error('bench/import-memory needs the built CLI: run `npm run build` first.')
    process.exit(1)
  }
  const dir = await mkdtemp(join(tmpdir(), 'parallax-import-memory-'))
  try {
    const worst = await hostile(dir)
    await overhead()
    await closeImportWorkers()
    process.exitCode = worst < BOUND_MB ? 0 : 1
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})()
