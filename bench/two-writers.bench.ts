// Two writers on one archive for a minute (npx tsx bench/two-writers.bench.ts [seconds]): serve mode taking
// annotations over HTTP while CLI processes import folders and annotate. Prints what each side wrote, every
// refusal by kind, acknowledged writes missing afterwards (must be none), and the longest wait for the write
// lock as a fraction of the 5 s busy timeout (a wait past it is refused with the one busy line).

import { join } from 'node:path'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { loadavg } from 'node:os'
import { CLI_BUNDLE, buildMainIfStale } from '../scripts/main-bundle.mjs'
import { writerTrial } from '../tests/helpers/writer-trial'

const SECONDS = Number(process.argv[2] ?? 60)
const BUSY_TIMEOUT_MS = 5000

async function main(): Promise<void> {
  if (buildMainIfStale() !== 0) throw new Error('the build failed')
  const dir = mkdtempSync(join(tmpdir(), 'parallax-two-writers-'))
  try {
    const r = await writerTrial({
      cli: CLI_BUNDLE,
      serve: join(CLI_BUNDLE, '..', 'serve.js'),
      dir,
      ms: SECONDS * 1000
    })
    const busy = r.refusals.filter((m) => /archive is busy/.test(m)).length
    const other = r.refusals.filter((m) => !/archive is busy/.test(m))
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`
    )
    console.log(
      `${SECONDS} s of writing by serve mode (2 HTTP writers) and the CLI (annotate, import)`
    )
    console.log(
      `  acknowledged: ${r.httpDone} HTTP annotations, ${r.cliDone} CLI annotations, ${r.imported} files imported`
    )
    console.log(`  refused as busy (the one line): ${busy}; refused otherwise: ${other.length}`)
    for (const m of other.slice(0, 5)) console.log(`    ${m}`)
    console.log(
      `  acknowledged but missing afterwards: ${r.missing.length}; integrity_check: ${r.integrity}`
    )
    console.log(
      `  longest acknowledged HTTP write: ${r.longestWaitMs} ms = ${(r.longestWaitMs / BUSY_TIMEOUT_MS).toFixed(2)}× the busy timeout`
    )
    const met = r.missing.length === 0 && other.length === 0 && r.integrity === 'ok'
    console.log(`  aim (nothing lost, refusals only the busy line): ${met ? 'MET' : 'MISSED'}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
