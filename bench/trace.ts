// What the Chromium benchmarks measure in CPU time rather than on the clock: the page's main-thread tasks in a trace, a server's threads.

import { readFileSync, readdirSync } from 'node:fs'

export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline'
]

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  tdur?: number
  args?: { name?: string }
}

/**
 * The CPU times (ms) of the tasks on the page's main thread in a trace: the busiest renderer main
 * thread (the others are spare renderers). Frame and wall-clock times measure the machine as much
 * as the page when other work shares its two cores; a task's thread time does not.
 */
export function mainThreadTasks(trace: Buffer): number[] {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`)
  )
  const byThread = new Map<string, number[]>()
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`
    if (e.ph !== 'X' || e.name !== 'RunTask' || !mains.has(thread)) continue
    let tasks = byThread.get(thread)
    if (!tasks) byThread.set(thread, (tasks = []))
    tasks.push((e.tdur ?? 0) / 1000)
  }
  let busiest: number[] = []
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)
  for (const tasks of byThread.values()) if (sum(tasks) > sum(busiest)) busiest = tasks
  return busiest
}

/** The CPU time of the longest task on the page's main thread: a frame cannot be shorter. */
export function longestTaskCpu(trace: Buffer): number {
  return Math.max(0, ...mainThreadTasks(trace))
}

/** The CPU time the page's main thread spent in all. */
export function totalTaskCpu(trace: Buffer): number {
  return mainThreadTasks(trace).reduce((a, b) => a + b, 0)
}

/**
 * CPU time (ms) a process's threads have run so far (Linux schedstat, in nanoseconds): the main
 * thread and the read workers and writing thread that answer most of a page's calls. (A thread
 * that ended between two readings drops out of the second; the servers' threads live as long as
 * they do.)
 */
export function processCpu(pid: number): number {
  let ns = 0
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      // The thread ended while being read.
    }
  }
  return ns / 1e6
}
