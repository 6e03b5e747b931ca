// Benchmark: the first handout of a session (the composer's first preview), with and without the idle warm-up, each in a fresh process.
// Run: npx tsx bench/first-export.bench.ts [rounds]

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { renderHandout } from '../src/main/export/pdf/render'
import { warmUpExport } from '../src/main/export/pdf/warm-up'
import { seedHandout } from '../tests/main/export/pdf/fixtures'
import { ROOT, median } from './runner'

const FONTS = join(ROOT, 'resources/fonts')

/** In a child process: optionally warm up, then time the first render of the sample handout. */
async function child(warm: boolean): Promise<void> {
  if (warm) await warmUpExport(FONTS)
  const t = performance.now()
  await renderHandout(seedHandout('parallel'), { fontsDir: FONTS })
  console.log(JSON.stringify({ ms: performance.now() - t }))
}

function run(warm: boolean): number {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', __filename, '--child', warm ? 'warm' : 'cold'],
    { cwd: ROOT, encoding: 'utf8' }
  )
  if (out.status !== 0) throw new Error(`child failed: ${out.stderr}`)
  return (JSON.parse(out.stdout.trim().split('\n').pop() as string) as { ms: number }).ms
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5)
  const cold: number[] = []
  const warm: number[] = []
  for (let i = 0; i < rounds; i++) {
    cold.push(run(false))
    warm.push(run(true))
  }
  console.log(
    `First handout of a session (the sample's two sources, parallel layout), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${rounds} fresh processes each`
  )
  console.log(
    `without warm-up: median ${median(cold).toFixed(0)} ms; after the idle warm-up: median ${median(warm).toFixed(0)} ms; ratio ${(median(warm) / median(cold)).toFixed(2)}`
  )
}

if (process.argv[2] === '--child') {
  void child(process.argv[3] === 'warm')
} else {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
