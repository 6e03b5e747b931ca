// Library benchmark in Chromium: showing, filtering, sorting and scrolling 5,000 and 100,000 sources against 100 in the same run (npx tsx bench/library.bench.ts; needs `npm run build`).

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { CHROMIUM_ARGS } from '../playwright.config'
import { makeLibraryArchive } from './library-archive'
import { PAGE_HELPERS, floorPage } from './library-page'
import { ROOT, median } from './runner'
import { TRACE_CATEGORIES, longestTaskCpu, processCpu, totalTaskCpu } from './trace'

/** Another checkout to measure instead of this one (its archive core writes the archives too). */
const APP = resolve(process.env.BENCH_APP ?? ROOT)
const SIZES = (process.env.BENCH_SIZES ?? '100,5000,100000').split(',').map(Number)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
/** A word in about one title or description in twenty. */
const FILTER = 'treaty'

interface Served {
  url: string
  api: <T>(method: string, ...args: unknown[]) => Promise<T>
  /** CPU time the server has used so far (ms). */
  cpu: () => number
  stop: () => void
}

async function serve(archivePath: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [join(APP, 'out/main/serve.js'), '--archive', archivePath, '--port', '0', '--token', 'bench'],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const url = await new Promise<string>((ok) =>
    child.stdout.on('data', (d: Buffer) => {
      const m = /Open (\S+)/.exec(String(d))
      if (m) ok(m[1])
    })
  )
  const api = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    const res = await fetch(`${new URL(url).origin}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer bench', 'Content-Type': 'application/json' },
      body: JSON.stringify(args)
    })
    return ((await res.json()) as { value: T }).value
  }
  return { url, api, cpu: () => processCpu(child.pid!), stop: () => child.kill() }
}

interface Expected {
  all: number
  filtered: number
  firstByCreators: string
}

interface Sample {
  open: number
  show: number
  showFrame: number
  filter: number
  /** CPU time of the filter, page and server (see measure). */
  filterCpu: number
  filterFrame: number
  clear: number
  clearFrame: number
  sort: number
  sortCpu: number
  sortFrame: number
  scrollFrame: number
  scrollP95: number
  /** The longest task on the page's main thread while scrolling, in CPU time (ms). */
  scrollTask: number
  /** Frames while a column's edge is dragged across 160 px and back (ms). */
  resizeFrame: number
  resizeP95: number
  /** The longest task while resizing, and the page's CPU time over the whole drag (ms). */
  resizeTask: number
  resizeCpu: number
  nodes: number
  heapMB: number
  rendererMB: number
}

/** Resident memory of the largest renderer process (the page's: the others are spares), in MB. */
async function rendererMB(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession()
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[]
  }
  await cdp.detach()
  let kb = 0
  for (const p of processInfo.filter((p) => p.type === 'renderer')) {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))
    kb = Math.max(kb, m ? Number(m[1]) : 0)
  }
  return kb / 1024
}

async function measure(
  browser: Browser,
  served: Served,
  expected: Expected,
  size: number
): Promise<Sample> {
  // The helpers are evaluated as strings, which the app's CSP forbids to its own scripts.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    bypassCSP: true
  })
  const page = await context.newPage()
  await page.addInitScript({ content: PAGE_HELPERS })
  // A write makes the archive forget the orders it has cached: each run starts cold, as a new session.
  await served.api('setSetting', 'bench.run', Math.random())
  try {
    await page.goto(served.url)
    await page.waitForFunction('window.__firstRowAt !== null', null, { timeout: 300_000 })
    type Timed = { ms: number; frame: number }
    // A step that fails says which it was, and leaves a screenshot of the page as it stood.
    const run = <T>(script: string): Promise<T> =>
      (page.evaluate(script) as Promise<T>).catch(async (error: Error) => {
        const shot = join(tmpdir(), 'library-bench-failure.png')
        await page.screenshot({ path: shot }).catch(() => undefined)
        throw new Error(`${script} failed at ${size} sources (${shot}): ${error.message}`)
      })
    const open = await run<number>('window.__firstRowAt')
    const show = await run<Timed>(`window.__bench.show('Handouts')`)
    // The CPU time of a step, the page's main thread and the server's: on a machine others keep
    // busy, what the step would take on an idle one (less the debounce, which costs none).
    const cpu = async <T>(script: string): Promise<[T, number]> => {
      await browser.startTracing(page, { categories: TRACE_CATEGORIES })
      const before = served.cpu()
      const result = await run<T>(script)
      const server = served.cpu() - before
      return [result, totalTaskCpu(await browser.stopTracing()) + server]
    }
    const [filter, filterCpu] = await cpu<Timed>(
      `window.__bench.filter(${JSON.stringify(FILTER)}, ${expected.filtered})`
    )
    const clear = await run<Timed>(`window.__bench.filter('', ${expected.all})`)
    const [sort, sortCpu] = await cpu<Timed>(
      `window.__bench.sort('Creators', ${JSON.stringify(expected.firstByCreators)})`
    )
    const moved = await motion(browser, page)
    const nodes = await run<number>('window.__bench.nodes()')
    const heap = await run<number>('window.__bench.heap()')
    return {
      open,
      show: show.ms,
      showFrame: show.frame,
      filter: filter.ms,
      filterCpu,
      filterFrame: filter.frame,
      clear: clear.ms,
      clearFrame: clear.frame,
      sort: sort.ms,
      sortCpu,
      sortFrame: sort.frame,
      ...moved,
      nodes,
      heapMB: heap / 1e6,
      rendererMB: await rendererMB(browser)
    }
  } finally {
    await context.close()
  }
}

interface Frames {
  max: number
  p95: number
}

/**
 * Scrolls twice: once as is, for the frames (tracing slows the page), then traced, for the
 * longest task's CPU time.
 */
async function scrolling(
  browser: Browser,
  page: Page
): Promise<{ scroll: Frames; scrollTask: number }> {
  const scroll = (await page.evaluate('window.__bench.scroll()')) as Frames
  await browser.startTracing(page, { categories: TRACE_CATEGORIES })
  await page.evaluate('window.__bench.scroll()')
  return { scroll, scrollTask: longestTaskCpu(await browser.stopTracing()) }
}

/**
 * Drags the Creators column's edge 160 px to the right and back with the mouse, a move every 4 px,
 * as a hand would, twice: once as is, for the frames, then traced, for the longest task's CPU time
 * and the page's CPU time in all.
 */
async function resizing(
  browser: Browser,
  page: Page
): Promise<{ resize: Frames; resizeTask: number; resizeCpu: number }> {
  const resize = await dragEdge(page)
  await browser.startTracing(page, { categories: TRACE_CATEGORIES })
  await dragEdge(page)
  const trace = await browser.stopTracing()
  return { resize, resizeTask: longestTaskCpu(trace), resizeCpu: totalTaskCpu(trace) }
}

async function dragEdge(page: Page): Promise<Frames> {
  const box = await page
    .getByRole('separator', { name: 'Resize the Creators column' })
    .boundingBox()
  if (!box) throw new Error('no Creators column edge to drag')
  const x = box.x + box.width / 2
  const y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.evaluate('window.__bench.track()')
  for (let i = 1; i <= 40; i++) await page.mouse.move(x + i * 4, y)
  for (let i = 39; i >= 0; i--) await page.mouse.move(x + i * 4, y)
  await page.mouse.up()
  return (await page.evaluate('window.__bench.tracked()')) as Frames
}

/** A column's edge dragged, then the rows scrolled: the frames and tasks of both. */
async function motion(browser: Browser, page: Page): Promise<Omit<FloorSample, 'rendererMB'>> {
  const { resize, resizeTask, resizeCpu } = await resizing(browser, page)
  const { scroll, scrollTask } = await scrolling(browser, page)
  return {
    scrollFrame: scroll.max,
    scrollP95: scroll.p95,
    scrollTask,
    resizeFrame: resize.max,
    resizeP95: resize.p95,
    resizeTask,
    resizeCpu
  }
}

/** The same scrolling and resizing on the bare virtual list of floorPage, as many rows as `rows`. */
async function measureFloor(browser: Browser, rows: number): Promise<FloorSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  try {
    await page.setContent(floorPage(rows))
    await page.evaluate(PAGE_HELPERS)
    const moved = await motion(browser, page)
    return { ...moved, rendererMB: await rendererMB(browser) }
  } finally {
    await context.close()
  }
}

type FloorSample = Pick<
  Sample,
  | 'scrollFrame'
  | 'scrollP95'
  | 'scrollTask'
  | 'resizeFrame'
  | 'resizeP95'
  | 'resizeTask'
  | 'resizeCpu'
  | 'rendererMB'
>

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-library-bench-'))
  const servers: Served[] = []
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info']
  })
  const samples = new Map<number, Sample[]>()
  const floor: FloorSample[] = []
  try {
    const setups: { size: number; served: Served; expected: Expected }[] = []
    for (const size of SIZES) {
      const path = join(dir, `library-${size}.parallax`)
      const t0 = performance.now()
      await makeLibraryArchive(APP, path, size)
      const made = performance.now() - t0
      const served = await serve(path)
      servers.push(served)
      const byCreators = await served.api<{ title: string }[]>('listSources', { sort: 'creators' })
      const filtered = await served.api<unknown[]>('listSources', { filter: FILTER })
      const expected = {
        all: byCreators.length,
        filtered: filtered.length,
        firstByCreators: byCreators[0].title
      }
      console.log(
        `${size} sources written and indexed in ${(made / 1000).toFixed(1)} s; "${FILTER}" matches ${expected.filtered}`
      )
      setups.push({ size, served, expected })
      samples.set(size, [])
    }
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so every size sees the same machine load.
      for (const { size, served, expected } of setups) {
        samples.get(size)!.push(await measure(browser, served, expected, size))
      }
      floor.push(await measureFloor(browser, SIZES[SIZES.length - 1]))
    }
  } finally {
    await browser.close()
    for (const s of servers) s.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  report(samples, floor)
}

function report(samples: Map<number, Sample[]>, floor: FloorSample[]): void {
  const sizes = [...samples.keys()]
  const base = sizes[0]
  const keys = Object.keys(samples.get(base)![0]) as (keyof Sample)[]
  console.log(
    `Parallax library benchmark, ${new Date().toISOString().slice(0, 10)}${APP === ROOT ? '' : ` (${APP})`}: median of ${RUNS}, ratios to ${base} sources`
  )
  console.log(['measure'.padEnd(12), ...sizes.map((s) => `${s} sources`.padStart(24))].join(''))
  for (const key of keys) {
    const b = median(samples.get(base)!.map((s) => s[key]))
    const cells = sizes.map((size) => {
      const m = median(samples.get(size)!.map((s) => s[key]))
      return `${m.toFixed(1)}${size === base ? '' : ` (${(m / b).toFixed(2)}x)`}`.padStart(24)
    })
    console.log([key.padEnd(12), ...cells].join(''))
  }
  const floorWorst = Math.max(...floor.map((s) => s.scrollFrame))
  console.log(
    `floor: a bare virtual list of ${sizes[sizes.length - 1]} rows, scrolled the same way: worst frame ${floorWorst.toFixed(1)} ms ` +
      `(runs: ${floor.map((s) => s.scrollFrame.toFixed(0)).join(', ')}), p95 ${median(floor.map((s) => s.scrollP95)).toFixed(1)} ms, ` +
      `longest task ${Math.max(...floor.map((s) => s.scrollTask)).toFixed(1)} ms of CPU; ` +
      `resizing a column: worst frame ${Math.max(...floor.map((s) => s.resizeFrame)).toFixed(1)} ms, p95 ${median(floor.map((s) => s.resizeP95)).toFixed(1)} ms, ` +
      `longest task ${Math.max(...floor.map((s) => s.resizeTask)).toFixed(1)} ms, ${median(floor.map((s) => s.resizeCpu)).toFixed(0)} ms of CPU in all; ` +
      `its renderer ${Math.max(...floor.map((s) => s.rendererMB)).toFixed(0)} MB at most`
  )
  const floorResize = median(floor.map((s) => s.resizeFrame))
  const resizeAtBase = samples.has(100) ? median(samples.get(100)!.map((s) => s.resizeFrame)) : null
  const big = sizes[sizes.length - 1]
  const worst = (key: keyof Sample): number => Math.max(...samples.get(big)!.map((s) => s[key]))
  const med = (key: keyof Sample): number => median(samples.get(big)!.map((s) => s[key]))
  const aim = (label: string, ok: boolean, value: string): string =>
    `${label}: ${ok ? 'met' : 'MISSED'} (${value})`
  console.log(
    `Aims at ${big} sources: ` +
      [
        aim(
          'rows within 300 ms of showing the library',
          med('show') <= 300,
          `${med('show').toFixed(0)} ms`
        ),
        aim(
          'filter within 50 ms after the debounce',
          med('filter') <= 50,
          `${med('filter').toFixed(0)} ms; ${med('filterCpu').toFixed(0)} ms of CPU`
        ),
        aim(
          'sort within 200 ms',
          med('sort') <= 200,
          `${med('sort').toFixed(0)} ms; ${med('sortCpu').toFixed(0)} ms of CPU`
        ),
        aim(
          'no frame over 20 ms scrolling',
          worst('scrollFrame') <= 20,
          `worst ${worst('scrollFrame').toFixed(0)} ms, the bare list's ${floorWorst.toFixed(0)} ms; longest task ${worst('scrollTask').toFixed(1)} ms of CPU`
        ),
        aim(
          'resizing a column as smooth as with 100 sources and as the bare list',
          resizeAtBase !== null &&
            med('resizeFrame') <= 1.2 * resizeAtBase &&
            med('resizeFrame') <= floorResize,
          `worst frame ${med('resizeFrame').toFixed(0)} ms, p95 ${med('resizeP95').toFixed(0)} ms; ` +
            `with 100 sources ${resizeAtBase?.toFixed(0) ?? '?'} ms; the bare list's ${floorResize.toFixed(0)} ms`
        ),
        aim(
          'renderer under 300 MB',
          worst('rendererMB') < 300,
          `${worst('rendererMB').toFixed(0)} MB; the bare list's ${Math.max(...floor.map((s) => s.rendererMB)).toFixed(0)} MB`
        )
      ].join('; ')
  )
}

void main()
