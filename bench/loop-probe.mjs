// Preloaded into a benchmark's server process (node --import): reports, over the fork channel, its main thread's longest event-loop stall, its GC pauses and how busy the process is.

import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks'

const loop = monitorEventLoopDelay({ resolution: 1 })
loop.enable()

// The main thread's GC pauses since the last reset: a stall with no pause of its length is the
// thread waiting for a core, not collecting.
let gcMaxMs = 0
let gcMs = 0
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMaxMs = Math.max(gcMaxMs, entry.duration)
    gcMs += entry.duration
  }
}).observe({ entryTypes: ['gc'] })

// 'reset' starts a measurement; 'stall' answers the longest delay since and the GC pauses, in ms;
// 'busy' answers the
// process's CPU time over the next 300 ms as a share of one core (the bench waits for it to settle).
process.on('message', (message) => {
  if (message === 'reset') {
    loop.reset()
    gcMaxMs = 0
    gcMs = 0
    process.send?.({ reset: true })
  } else if (message === 'stall') {
    // GC entries arrive after the pause: let them in before answering.
    setImmediate(() => process.send?.({ stallMs: loop.max / 1e6, gcMaxMs, gcMs }))
  } else if (message === 'busy') {
    const before = process.cpuUsage()
    setTimeout(() => {
      const used = process.cpuUsage(before)
      process.send?.({ busy: (used.user + used.system) / 1000 / 300 })
    }, 300)
  }
})
// The fork channel must not keep the server alive on its own.
process.channel?.unref()
