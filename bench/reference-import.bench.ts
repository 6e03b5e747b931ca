// Benchmark: a Zotero export "with files" (500 items, 100 PDF attachments) through the built CLI's
// import-references, against the bare importers on the same attachments (readDocument, in process) and the
// CLI's plain import of them. Run after a build: npx tsx bench/reference-import.bench.ts [items=500] [pdfs=100]

import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readDocument } from '../src/main/archive/importers/index'
import { type ZoteroItem, attachmentPdf, zoteroRdf } from '../tests/helpers/zotero'
import { ROOT, median } from './runner'

const ITEMS = Number(process.argv[2] ?? 500)
const PDFS = Number(process.argv[3] ?? 100)
const ROUNDS = 3

const TYPES = ['book', 'journalArticle', 'newspaperArticle', 'letter', 'report', 'manuscript']

function items(): ZoteroItem[] {
  return Array.from({ length: ITEMS }, (_, i) => ({
    type: TYPES[i % TYPES.length],
    title: `Report ${i} on the Caspian oil trade`,
    authors: [[`Author${i % 97}`, 'Anna']],
    ...(i % 5 === 0 ? { editors: [['Editor', 'Ed']] as [string, string][] } : {}),
    date: i % 3 === 0 ? `ca. ${1900 + (i % 40)}` : `${1 + (i % 28)} September ${1900 + (i % 40)}`,
    publisher: 'Caspian Press',
    place: 'Baku',
    ...(i % TYPES.length === 1
      ? { journal: { title: 'Journal of Caspian History', volume: String(i % 30), number: '2' } }
      : {}),
    doi: i % 2 ? `10.1000/caspian.${i}` : undefined,
    language: 'en',
    abstract: `An abstract of report ${i}.`,
    attachments: i < PDFS ? [{ name: `report-${i}.pdf`, mimeType: 'application/pdf' }] : []
  }))
}

/** Seconds one run of the built CLI takes (it starts a process: both CLI paths pay for that alike). */
function cli(args: string[]): number {
  const t = performance.now()
  const run = spawnSync(process.execPath, [join(ROOT, 'out/main/cli.js'), ...args], {
    encoding: 'utf8'
  })
  if (run.status !== 0) throw new Error(`cli ${args.join(' ')}: ${run.stderr}`)
  return (performance.now() - t) / 1000
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parallax-bench-refs-'))
  const exportDir = join(dir, 'Export')
  const pdfs: { name: string; data: Uint8Array }[] = []
  for (let i = 0; i < PDFS; i++) {
    const data = await attachmentPdf(`Report ${i} on the Caspian oil trade`, i, 20 + (i % 30))
    pdfs.push({ name: `report-${i}.pdf`, data })
    await mkdir(join(exportDir, 'files', String(i + 1)), { recursive: true })
    await writeFile(join(exportDir, 'files', String(i + 1), `report-${i}.pdf`), data)
  }
  await writeFile(join(exportDir, 'Export.rdf'), zoteroRdf(items()))
  const mb = pdfs.reduce((n, f) => n + f.data.byteLength, 0) / 1e6
  const times = { refs: [] as number[], bare: [] as number[], files: [] as number[] }
  try {
    for (let round = 0; round < ROUNDS + 1; round++) {
      // The bare importers in this process: the attachments' text alone.
      let t = performance.now()
      for (const f of pdfs) await readDocument(f)
      const bare = (performance.now() - t) / 1000
      // The CLI's file import of the same PDFs, and its import of the whole export.
      const files = cli([
        '--archive',
        join(dir, `files-${round}.parallax`),
        'import',
        join(exportDir, 'files')
      ])
      const refs = cli([
        '--archive',
        join(dir, `refs-${round}.parallax`),
        'import-references',
        exportDir
      ])
      t = performance.now()
      if (round === 0) continue // warm-up: module loading, JIT, disk cache
      times.bare.push(bare)
      times.files.push(files)
      times.refs.push(refs)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  const [refs, bare, files] = [median(times.refs), median(times.bare), median(times.files)]
  console.log(
    `Zotero export: ${ITEMS} items, ${PDFS} PDF attachments (${mb.toFixed(1)} MB); median of ${ROUNDS}`
  )
  console.log('| path | seconds | rate | vs bare importers |')
  console.log('| --- | ---: | ---: | ---: |')
  const row = (name: string, s: number, rate: string): void =>
    console.log(`| ${name} | ${s.toFixed(2)} | ${rate} | ${(s / bare).toFixed(2)} |`)
  row(
    `bare importers, in process (readDocument, ${PDFS} PDFs)`,
    bare,
    `${(PDFS / bare).toFixed(1)} PDFs/s`
  )
  row(`CLI import of the ${PDFS} PDFs`, files, `${(PDFS / files).toFixed(1)} PDFs/s`)
  row(
    `CLI import-references (${ITEMS} items + ${PDFS} PDFs)`,
    refs,
    `${(ITEMS / refs).toFixed(1)} items/s`
  )
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
