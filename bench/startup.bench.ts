// Benchmark: how long Parallax takes to start. Serve mode from launch to its URL (with and without
// the writing thread) and one CLI command from launch to exit, each on a new archive with the sample,
// against a bare `node -e ""` started the same way in the same run.
// With STARTUP_ARCHIVE=PATH it also times serve mode opening that archive (a large one: its size
// decides whether it is quick-checked on open), as serve mode opens it: use a copy.
// Run: npx tsx bench/startup.bench.ts [runs=7] [other checkout to compare, built] (after `npm run build`)

import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { ROOT, median } from './runner'

const RUNS = Number(process.argv[2] ?? 7)
const OTHER = process.argv[3] ? resolve(process.argv[3]) : null
const EXISTING = process.env.STARTUP_ARCHIVE ? resolve(process.env.STARTUP_ARCHIVE) : null

/** Milliseconds from spawning `args` until `ready` matches its output (or it exits, without one). */
async function timeToReady(args: string[], ready?: RegExp): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'parallax-startup-'))
  const archive = join(dir, 'startup.parallax')
  const started = performance.now()
  const child = spawn(
    process.execPath,
    args.map((a) => a.replace('ARCHIVE', archive)),
    {
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((done) => child.on('exit', done))
  try {
    if (ready) {
      await new Promise<void>((done, fail) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString()
          if (ready.test(out)) done()
        })
        void exited.then((code) => fail(new Error(`${args.join(' ')} ended (${code}): ${err}`)))
      })
      const took = performance.now() - started
      child.kill('SIGTERM')
      await exited
      return took
    }
    const code = await exited
    if (code !== 0) throw new Error(`${args.join(' ')} failed (${code}): ${err}`)
    return performance.now() - started
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const cases = (root: string): [string, string[], RegExp?][] => [
  ['serve, writing thread', [join(root, 'out/main/serve.js'), '--archive', 'ARCHIVE'], /Open http/],
  [
    'serve, no writing thread',
    [join(root, 'out/main/serve.js'), '--archive', 'ARCHIVE', '--write-thread', 'off'],
    /Open http/
  ],
  ['CLI: list', [join(root, 'out/main/cli.js'), '--archive', 'ARCHIVE', '--with-sample', 'list']],
  ...(EXISTING
    ? ([
        [
          `serve, ${basename(EXISTING)}`,
          [join(root, 'out/main/serve.js'), '--archive', EXISTING, '--no-sample'],
          /Open http/
        ]
      ] as [string, string[], RegExp][])
    : [])
]

async function main(): Promise<void> {
  const roots = OTHER ? [ROOT, OTHER] : [ROOT]
  const all = roots.flatMap((root) =>
    cases(root).map(([name, args, ready]) => ({
      name: roots.length > 1 ? `${name} (${root === ROOT ? 'this' : 'other'})` : name,
      args,
      ready,
      times: [] as number[]
    }))
  )
  const bare = { name: 'node -e ""', args: ['-e', ''], ready: undefined, times: [] as number[] }
  // Turns: every case once per round, so a busy spell touches them all alike.
  for (let round = 0; round < RUNS; round++) {
    for (const c of [bare, ...all]) c.times.push(await timeToReady(c.args, c.ready))
  }
  const floor = median(bare.times)
  console.log(`bare node: ${floor.toFixed(0)} ms (median of ${RUNS})`)
  for (const c of all) {
    const m = median(c.times)
    console.log(
      `${c.name.padEnd(36)} ${m.toFixed(0).padStart(5)} ms  ${(m / floor).toFixed(2)}x bare node  [${c.times.map((t) => t.toFixed(0)).join(' ')}]`
    )
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
