// Benchmark: HTML and PDF import through readDocument vs. bare text extraction by the same libraries, in one run.
// Run: npx tsx bench/import-formats.bench.ts [htmlCount=1000] [pdfCount=100]

import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readDocument } from '../src/main/archive/importers/index'
import { articleParagraphs, makePdf, newsPage } from '../tests/main/archive/importers/fixtures'

const HTML_COUNT = Number(process.argv[2] ?? 1000)
const PDF_COUNT = Number(process.argv[3] ?? 100)
const ROUNDS = 5

/** Sidebar and comment furniture that Readability has to discard, so pages look like real ones. */
function furniture(seed: number): string {
  const links = Array.from(
    { length: 10 + (seed % 20) },
    (_, i) => `<li><a href="/story/${seed}-${i}">Related story ${i}</a></li>`
  )
  const comments = Array.from(
    { length: seed % 8 },
    (_, i) =>
      `<div class="comment"><b>reader${i}</b><p>I remember my grandmother telling this story, number ${i}.</p></div>`
  )
  return `<aside class="related"><ul>${links.join('')}</ul></aside><section class="comments">${comments.join('')}</section>`
}

async function writeCorpus(dir: string): Promise<void> {
  for (let i = 0; i < HTML_COUNT; i++) {
    // 8-70 paragraphs of ~220 bytes plus ~3-6 KB of page furniture: about 5-20 KB a page.
    const html = newsPage({
      title: `Report ${i}`,
      paragraphs: articleParagraphs(8 + ((i * 37) % 63), i)
    })
    await writeFile(join(dir, `page-${i}.html`), html.replace('</main>', `</main>${furniture(i)}`))
  }
  for (let i = 0; i < PDF_COUNT; i++) {
    const paragraphs = articleParagraphs(20 + (i % 30), i)
    const bytes = await makePdf({ bufferPages: true, info: { Title: `Report ${i}` } }, (doc) => {
      for (const p of paragraphs) doc.text(p, { indent: 18, paragraphGap: 6, align: 'justify' })
      const pages = doc.bufferedPageRange().count
      for (let n = 0; n < pages; n++) {
        doc.switchToPage(n)
        doc.page.margins.bottom = 0
        doc.fontSize(9).text('Harbour Gazette — Report', 72, 36, { lineBreak: false })
        doc.text(`Page ${n + 1}`, 72, doc.page.height - 48, { lineBreak: false })
      }
    })
    await writeFile(join(dir, `doc-${i}.pdf`), bytes)
  }
}

type Extract = (data: Uint8Array, name: string) => Promise<number>

const ours: Extract = async (data, name) => (await readDocument({ name, data })).text.length

const bareHtml: Extract = async (data) => {
  const { document } = parseHTML(new TextDecoder().decode(data))
  return new Readability(document).parse()?.textContent?.length ?? 0
}

const barePdf: Extract = async (data) => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: data.slice(), isEvalSupported: false, verbosity: 0 })
    .promise
  let length = 0
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent()
    length += content.items.map((item) => ('str' in item ? item.str : '')).join(' ').length
  }
  await doc.destroy()
  return length
}

/** Seconds to read (from disk, each time) and extract every file once. */
async function timeOnce(files: string[], extract: Extract): Promise<number> {
  const started = performance.now()
  for (const file of files) await extract(new Uint8Array(await readFile(file)), file)
  return (performance.now() - started) / 1000
}

/** Best of ROUNDS for both paths, alternating them so that load on the machine hits both alike. */
async function timeBoth(files: string[], bare: Extract): Promise<[number, number]> {
  let bestBare = Infinity
  let bestOurs = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    bestBare = Math.min(bestBare, await timeOnce(files, bare))
    bestOurs = Math.min(bestOurs, await timeOnce(files, ours))
  }
  return [bestBare, bestOurs]
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parallax-bench-'))
  try {
    await writeCorpus(dir)
    const names = await readdir(dir)
    const rows: string[][] = []
    for (const [format, ext, bare] of [
      ['HTML', '.html', bareHtml],
      ['PDF', '.pdf', barePdf]
    ] as const) {
      const files = names.filter((n) => n.endsWith(ext)).map((n) => join(dir, n))
      const mb =
        (await Promise.all(files.map((f) => stat(f)))).reduce((s, st) => s + st.size, 0) / 1e6
      // Warm both paths up so that neither pays for JIT and module loading alone.
      for (const f of files.slice(0, 20)) {
        const data = new Uint8Array(await readFile(f))
        await bare(data, f)
        await ours(data, f)
      }
      const [tBare, tOurs] = await timeBoth(files, bare)
      const f = (n: number): string => n.toFixed(1)
      rows.push([
        format,
        String(files.length),
        mb.toFixed(2),
        f(files.length / tBare),
        f(files.length / tOurs),
        f(mb / tBare),
        f(mb / tOurs),
        (tBare / tOurs).toFixed(2)
      ])
    }
    const head = [
      'format',
      'files',
      'MB',
      'bare files/s',
      'ours files/s',
      'bare MB/s',
      'ours MB/s',
      'ours/bare'
    ]
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
    const line = (cells: string[]): string =>
      `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`
    console.log(
      `import-formats bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, best of ${ROUNDS}`
    )
    console.log(line(head))
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
    for (const r of rows) console.log(line(r))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// The project is CommonJS, so no top-level await.
main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
