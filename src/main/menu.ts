// The application menu: standard File/Edit/View/Help with accelerators; app commands go to the renderer.

import { Menu, app, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { APP_COMMANDS, type CommandId } from '../shared/commands'
import { openExternalSafely } from './platform/shell'

export interface MenuActions {
  /** Runs in the main process (archive dialogs). */
  newArchive(): void
  openArchive(): void
  /** Sends an app command to the renderer. */
  send(id: CommandId): void
}

function item(id: CommandId, actions: MenuActions, run?: () => void): MenuItemConstructorOptions {
  const spec = APP_COMMANDS[id]
  return {
    label: spec.label,
    accelerator: 'accelerator' in spec ? spec.accelerator : undefined,
    click: run ?? (() => actions.send(id))
  }
}

export function buildMenu(actions: MenuActions, getWindow: () => BrowserWindow | null): Menu {
  const mac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('archive.new', actions, actions.newArchive),
        item('archive.open', actions, actions.openArchive),
        { type: 'separator' },
        item('source.import', actions),
        item('archive.tools', actions),
        { type: 'separator' },
        item('team.share', actions),
        item('team.join', actions),
        item('team.status', actions),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' }
      ]
    },
    {
      label: '&Edit',
      // Undo/redo go to the renderer, which undoes text typing in a field or the last archive change.
      submenu: [
        item('edit.undo', actions),
        item('edit.redo', actions),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        item('search.focus', actions),
        item('tags.codebook', actions)
      ]
    },
    {
      label: '&View',
      submenu: [
        item('view.library', actions),
        item('view.reader', actions),
        item('view.handouts', actions),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])
      ]
    },
    {
      label: '&Help',
      submenu: [
        item('help.shortcuts', actions),
        { label: 'Parallax on the Web', click: () => openExternalSafely('https://github.com/') },
        { type: 'separator' },
        item('help.about', actions, () => {
          const win = getWindow()
          if (win) actions.send('help.about')
          else app.showAboutPanel()
        })
      ]
    }
  ]
  return Menu.buildFromTemplate(template)
}
