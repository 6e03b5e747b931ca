// npm start: build, then launch the desktop app; where no Electron binary can be had, say so and point to serve mode.

import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))

function binaryPath() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

if (!binaryPath() && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  // Requiring the electron package downloads its binary the first time.
  spawnSync(process.execPath, ['-e', "require('electron')"], { stdio: 'ignore', timeout: 120_000 })
}
const bin = binaryPath()
if (!bin) {
  console.error(
    'Parallax: the Electron binary is not installed and cannot be downloaded here; run `npm run serve` to use Parallax in your browser.'
  )
  process.exit(1)
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync(bin, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(run.status ?? 0)
