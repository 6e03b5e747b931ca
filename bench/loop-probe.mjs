// Preloaded into a benchmark's server process (node --import): reports, over the fork channel, its main thread's longest event-loop stall and how busy the process is.

import { monitorEventLoopDelay } from 'node:perf_hooks'

const loop = monitorEventLoopDelay({ resolution: 1 })
loop.enable()

// 'reset' starts a measurement; 'stall' answers the longest delay since, in ms; 'busy' answers the
// process's CPU time over the next 300 ms as a share of one core (the bench waits for it to settle).
process.on('message', (message) => {
  if (message === 'reset') {
    loop.reset()
    process.send?.({ reset: true })
  } else if (message === 'stall') {
    process.send?.({ stallMs: loop.max / 1e6 })
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
