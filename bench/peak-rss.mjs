// Preloaded into a benchmark's or test's child process (node --import): prints the peak RSS (VmHWM, all threads) on exit.

import { readFileSync } from 'node:fs'

process.on('exit', () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  process.stderr.write(`PEAK_RSS_KB ${m ? m[1] : 0}\n`)
})
