// The built main bundle (out/main): whether a source file is newer than it, and rebuilding it.

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')

/** The built CLI entry. */
export const CLI_BUNDLE = join(root, 'out', 'main', 'cli.js')

function newest(dir) {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** True when out/main/cli.js is missing or older than a file in src/main or src/shared. */
export function mainBundleIsStale() {
  if (!existsSync(CLI_BUNDLE)) return true
  const built = statSync(CLI_BUNDLE).mtimeMs
  return ['src/main', 'src/shared'].some((d) => newest(join(root, d)) > built)
}

/** Rebuilds with electron-vite when stale; returns the build's exit status (0 when nothing to do). */
export function buildMainIfStale() {
  if (!mainBundleIsStale()) return 0
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const build = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 180_000
  })
  return build.status ?? 1
}
