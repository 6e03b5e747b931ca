// Where archives and resources live when Parallax runs without Electron (serve mode, CLI, tests).

import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

/** The folder Electron would use as userData for "Parallax" on this platform. */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Parallax')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Parallax')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Parallax')
}

export const ARCHIVE_FILE_NAME = 'Archive.parallax'

/** The archive the desktop app opens by default; serve mode and the CLI use it when given no --archive. */
export function defaultArchivePath(): string {
  return join(defaultUserDataDir(), ARCHIVE_FILE_NAME)
}

/** The nearest folder above this module that has `name` (the bundle may sit in out/main or out/main/chunks). */
function findUp(name: string, marker: string): string {
  let dir = __dirname
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, name)
    if (existsSync(join(candidate, marker))) return candidate
    dir = dirname(dir)
  }
  throw new Error(`cannot find ${name}/${marker} above ${__dirname}`)
}

/** The checkout's resources folder (sample archive, fonts). */
export function bundledResourcesDir(): string {
  return findUp('resources', 'sample-archive/manifest.json')
}

/** The built renderer (out/renderer). */
export function bundledRendererDir(): string {
  return join(findUp('out', 'renderer/index.html'), 'renderer')
}
