// Where the desktop app keeps things: the archive in userData, resources inside the app or the checkout.

import { app } from 'electron'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ARCHIVE_FILE_NAME } from '../locations'

export function resourcesDir(): string {
  return app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources')
}

/** The built renderer, served to the window as app://parallax/ (platform/app-protocol.ts). */
export function rendererDir(): string {
  return join(__dirname, '..', 'renderer')
}

export function preloadScript(): string {
  return join(__dirname, '..', 'preload', 'index.js')
}

const statePath = (): string => join(app.getPath('userData'), 'window-state.json')

export interface ShellState {
  archivePath?: string
  bounds?: { x?: number; y?: number; width: number; height: number; maximized?: boolean }
}

/** Desktop state that lives outside any archive: the last archive opened, the window size. */
export function readShellState(): ShellState {
  try {
    return JSON.parse(readFileSync(statePath(), 'utf8')) as ShellState
  } catch {
    return {}
  }
}

export function writeShellState(patch: ShellState): void {
  const next = { ...readShellState(), ...patch }
  mkdirSync(dirname(statePath()), { recursive: true })
  writeFileSync(statePath(), JSON.stringify(next, null, 2))
}

export function defaultArchive(): string {
  return join(app.getPath('userData'), ARCHIVE_FILE_NAME)
}
