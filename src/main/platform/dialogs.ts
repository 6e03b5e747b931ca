// Native dialogs of the desktop app: open or create an archive, report an error.

import { dialog, type BrowserWindow } from 'electron'

const ARCHIVE_FILTER = { name: 'Parallax archive', extensions: ['parallax'] }

export async function chooseArchiveToOpen(win: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(win, {
    title: 'Open Archive',
    filters: [ARCHIVE_FILTER, { name: 'All files', extensions: ['*'] }],
    properties: ['openFile']
  })
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

export async function chooseNewArchive(win: BrowserWindow): Promise<string | null> {
  const result = await dialog.showSaveDialog(win, {
    title: 'New Archive',
    defaultPath: 'Untitled.parallax',
    filters: [ARCHIVE_FILTER],
    properties: ['createDirectory', 'showOverwriteConfirmation']
  })
  if (result.canceled || !result.filePath) return null
  return result.filePath.endsWith('.parallax') ? result.filePath : `${result.filePath}.parallax`
}

export function showError(win: BrowserWindow | null, title: string, message: string): void {
  const options = { type: 'error' as const, title, message: title, detail: message }
  if (win) void dialog.showMessageBox(win, options)
  else void dialog.showMessageBox(options)
}
