// The main window: hardened web preferences, remembered size, navigation and new windows denied.

import { BrowserWindow, screen, type Event } from 'electron'
import { APP_INDEX_URL, isAppUrl } from './app-url'
import { openExternalSafely } from './platform/shell'
import { preloadScript, readShellState, writeShellState } from './platform/paths'

function visibleBounds(): { x?: number; y?: number; width: number; height: number } {
  const saved = readShellState().bounds
  const fallback = { width: 1280, height: 820 }
  if (!saved) return fallback
  const area = screen.getDisplayMatching({
    x: saved.x ?? 0,
    y: saved.y ?? 0,
    width: saved.width,
    height: saved.height
  }).workArea
  const fits =
    saved.x === undefined ||
    saved.y === undefined ||
    (saved.x < area.x + area.width && saved.y < area.y + area.height)
  return fits
    ? {
        x: saved.x,
        y: saved.y,
        width: Math.max(800, saved.width),
        height: Math.max(560, saved.height)
      }
    : fallback
}

export function createMainWindow(title: string): BrowserWindow {
  const win = new BrowserWindow({
    ...visibleBounds(),
    minWidth: 800,
    minHeight: 560,
    title,
    show: false,
    backgroundColor: '#f7f5f0',
    webPreferences: {
      preload: preloadScript(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true
    }
  })
  if (readShellState().bounds?.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return
    writeShellState({ bounds: { ...win.getNormalBounds(), maximized: win.isMaximized() } })
  }
  win.on('close', save)

  // Only the app's own origin may be shown; a link elsewhere opens in the browser (if its scheme
  // is allowed), a frame or redirect elsewhere is stopped.
  const guard = (event: Event, url: string): void => {
    if (isAppUrl(url)) return
    event.preventDefault()
    openExternalSafely(url)
  }
  win.webContents.on('will-navigate', (event, url) => guard(event, url))
  win.webContents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url)
    return { action: 'deny' }
  })
  void win.loadURL(APP_INDEX_URL)
  return win
}
