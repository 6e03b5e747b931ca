// Desktop app lifecycle: single instance, hardened sessions, the archive, IPC, the window and the menu.

import { Menu, app, session, type BrowserWindow } from 'electron'
import { toErrorPayload } from '../shared/errors'
import type { CommandId } from '../shared/commands'
import { isAppUrl } from './app-url'
import { useUtilityProcessWorkers } from './platform/utility-workers'
import { buildMenu } from './menu'
import { chooseArchiveToOpen, chooseNewArchive, showError } from './platform/dialogs'
import {
  defaultArchive,
  readShellState,
  rendererDir,
  resourcesDir,
  writeShellState
} from './platform/paths'
import { keychain } from './platform/keychain'
import { registerAppProtocol, registerAppScheme } from './platform/app-protocol'
import { openExternalSafely } from './platform/shell'
import { readWorkerCount } from './archive/read-pool'
import { COMMAND_CHANNEL, serveIpc } from './transport/ipc'
import { ReplyLinks, linkedReads } from './transport/reply-links'
import { createMainWindow } from './window'
import { ThreadedSession } from './writer/threaded-session'

let archiveSession: ThreadedSession | null = null
let win: BrowserWindow | null = null
/** Large read answers waiting for the page to fetch them (app://parallax/_reply/…). */
const replies = new ReplyLinks()

/**
 * Opens an archive the way serve mode does, its writing connection in a thread of its own (so no
 * call waits behind an import's write), with what only this thread can do for it: the keychain,
 * opening a team copy just joined, and starting import workers as utility processes.
 */
function openSession(path: string): Promise<ThreadedSession> {
  return ThreadedSession.open({
    path,
    resourcesDir: resourcesDir(),
    withSample: true,
    background: true,
    readWorkers: readWorkerCount(),
    copiesDir: app.getPath('userData'),
    logPrefix: 'Parallax: ',
    host: {
      secrets: keychain,
      // Joining opens the new copy: after the call that asked has its answer.
      openCopy: async (copy) => void setImmediate(() => void openPath(copy)),
      relayProcesses: true
    }
    // A restored backup: the renderer that asked for it reloads everything it shows.
  })
}

async function switchArchive(choose: (w: BrowserWindow) => Promise<string | null>): Promise<void> {
  if (!win) return
  const path = await choose(win)
  if (path) await openPath(path)
}

async function openPath(path: string): Promise<void> {
  if (!win) return
  try {
    const next = await openSession(path)
    const previous = archiveSession
    archiveSession = next
    await previous?.stop()
    writeShellState({ archivePath: path })
    win.webContents.reload()
  } catch (error) {
    showError(win, 'Cannot open this archive', toErrorPayload(error).message)
  }
}

function send(id: CommandId): void {
  win?.webContents.send(COMMAND_CHANNEL, id)
}

async function start(): Promise<void> {
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
    archiveSession = await openSession(path)
  } catch (error) {
    showError(
      null,
      'Cannot open the archive',
      `${toErrorPayload(error).message}\nParallax opens the default archive instead.`
    )
    archiveSession = await openSession(defaultArchive())
  }
  registerAppProtocol(rendererDir(), replies)
  // Reads the read workers answer reach the page as their JSON: in bytes, or (large) as a link to
  // the file they wrote, which the page fetches and the protocol streams.
  serveIpc(
    () => {
      if (!archiveSession) throw new Error('no archive open')
      return archiveSession.handOverApi
    },
    isAppUrl,
    () => (archiveSession ? linkedReads(archiveSession.jsonReads, replies) : undefined)
  )
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
// Before ready: the renderer's scheme, and import workers as utility processes (the RunAsNode fuse
// is off in the packaged app, so it cannot fork itself as Node).
registerAppScheme()
useUtilityProcessWorkers()

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
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      showError(null, 'Parallax cannot start', toErrorPayload(error).message)
      app.quit()
    })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', (event) => {
    replies.close()
    const closing = archiveSession
    archiveSession = null
    if (!closing) return
    // Quit once the archive is closed (the writing thread checkpoints its log into the file),
    // or after 10 s whatever holds it up: what is committed is in the log, read at the next start.
    event.preventDefault()
    const bound = new Promise((resolve) => setTimeout(resolve, 10_000))
    void Promise.race([closing.stop(), bound]).finally(() => app.quit())
  })
  app.on('activate', () => {
    if (!win && archiveSession) win = createMainWindow('Parallax')
  })
}
