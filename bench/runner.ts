// What the benchmarks share: loading the app's modules through Vite, and the median of samples.

import { resolve } from 'node:path'
import { runnerImport } from 'vite'

/** The checkout's root folder. */
export const ROOT = resolve(__dirname, '..')

/**
 * Loads a module of the app (a path from the checkout's root) through Vite's module runner: the
 * archive core uses Vite's import.meta.glob (migrations), which plain Node cannot run. `root` is
 * another checkout when a benchmark compares builds.
 */
export async function loadModule<T>(path: string, root = ROOT): Promise<T> {
  const { module } = await runnerImport<T>(resolve(root, path), {
    root,
    configFile: false,
    logLevel: 'error'
  })
  return module
}

/** The middle sample (the upper of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
