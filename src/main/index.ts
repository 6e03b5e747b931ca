// Desktop app lifecycle: single instance, hardened sessions, the archive, IPC, the window and the menu.

import { Menu, app, session, type BrowserWindow } from 'electron'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { toErrorPayload } from '../shared/errors'
import type { ArchiveApi } from '../shared/api'
import type { CommandId } from '../shared/commands'
import { Archive } from './archive/archive'
import { warmUpExport } from './export/pdf'
import { buildMenu } from './menu'
import { chooseArchiveToOpen, chooseNewArchive, showError } from './platform/dialogs'
import { defaultArchive, readShellState, resourcesDir, writeShellState } from './platform/paths'
import { keychain } from './platform/keychain'
import { openExternalSafely } from './platform/shell'
import { TeamService, archiveApi } from './team/service'
import { COMMAND_CHANNEL, serveIpc } from './transport/ipc'
import { createMainWindow, isAppUrl } from './window'

let archive: Archive | null = null
let api: ArchiveApi | null = null
let team: TeamService | null = null
let win: BrowserWindow | null = null

/** Makes `next` the open archive, with its team sync running if it is a team copy. */
function useArchive(next: Archive): void {
  void team?.stop()
  archive = next
  team = new TeamService(next, {
    secrets: keychain,
    copiesDir: app.getPath('userData'),
    // Joining opens the new copy: after the call that asked has its answer.
    openCopy: async (path) => void setImmediate(() => void openPath(path))
  })
  team.start()
  api = archiveApi(next, team)
}

function openArchive(path: string): Archive {
  mkdirSync(dirname(path), { recursive: true })
  return Archive.open({ path, resourcesDir: resourcesDir(), withSample: true })
}

async function switchArchive(choose: (w: BrowserWindow) => Promise<string | null>): Promise<void> {
  if (!win) return
  const path = await choose(win)
  if (path) await openPath(path)
}

async function openPath(path: string): Promise<void> {
  if (!win) return
  try {
    const next = openArchive(path)
    const previous = archive
    useArchive(next)
    previous?.close()
    writeShellState({ archivePath: path })
    win.webContents.reload()
  } catch (error) {
    showError(win, 'Cannot open this archive', toErrorPayload(error).message)
  }
}

/** Makes the scheduled backup of the open archive if one is due (at start and every 10 minutes). */
function backupIfDue(): void {
  try {
    archive?.runScheduledBackup()
  } catch (error) {
    console.error(`Parallax: scheduled backup failed: ${toErrorPayload(error).message}`)
  }
}

function send(id: CommandId): void {
  win?.webContents.send(COMMAND_CHANNEL, id)
}

function start(): void {
  // Deny every permission request (camera, notifications, …) and every web view.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false)
  )
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url)
      return { action: 'deny' }
    })
  })

  const path = readShellState().archivePath ?? defaultArchive()
  try {
    useArchive(openArchive(path))
  } catch (error) {
    showError(
      null,
      'Cannot open the archive',
      `${toErrorPayload(error).message}\nParallax opens the default archive instead.`
    )
    useArchive(openArchive(defaultArchive()))
  }
  backupIfDue()
  setInterval(backupIfDue, 10 * 60_000).unref()
  // The first handout would wait seconds for the citation engine and the fonts: ready them while
  // the user is still reading.
  setTimeout(() => void warmUpExport(join(resourcesDir(), 'fonts')).catch(() => {}), 3000).unref()
  serveIpc(() => {
    if (!api) throw new Error('no archive open')
    return api
  }, isAppUrl)
  win = createMainWindow('Parallax')
  win.on('closed', () => {
    win = null
  })
  const menu = buildMenu(
    {
      newArchive: () => void switchArchive(chooseNewArchive),
      openArchive: () => void switchArchive(chooseArchiveToOpen),
      send
    },
    () => win
  )
  Menu.setApplicationMenu(menu)
}

// A separate profile (tests, a portable copy): PARALLAX_USER_DATA=/path/to/folder.
if (process.env.PARALLAX_USER_DATA) app.setPath('userData', process.env.PARALLAX_USER_DATA)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  app.setAboutPanelOptions({ applicationName: 'Parallax', applicationVersion: app.getVersion() })
  void app.whenReady().then(start)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void team?.stop()
    archive?.close()
    archive = null
  })
  app.on('activate', () => {
    if (!win && archive) win = createMainWindow('Parallax')
  })
}
