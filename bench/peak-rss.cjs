// Preloaded into a benchmark's child process (node -r): prints the process's peak RSS (VmHWM, all threads) on exit.
const { readFileSync } = require('node:fs')
process.on('exit', () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  process.stderr.write(`PEAK_RSS_KB ${m ? m[1] : 0}\n`)
})
