// What the desktop shell offers the renderer (menu commands, platform); inert in serve mode.

import { isCommandId, type CommandId } from '../../../shared/commands'

interface ShellBridge {
  platform: string
  onCommand(callback: (id: string) => void): () => void
}

declare global {
  interface Window {
    parallaxShell?: ShellBridge
  }
}

const bridge = window.parallaxShell

export const isMac =
  (bridge?.platform ?? navigator.platform).toLowerCase().startsWith('mac') ||
  bridge?.platform === 'darwin'

/** Menu commands from the desktop shell; returns an unsubscribe function. */
export function onMenuCommand(callback: (id: CommandId) => void): () => void {
  if (!bridge) return () => {}
  return bridge.onCommand((id) => {
    if (isCommandId(id)) callback(id)
  })
}

/** Whether the desktop menu handles accelerators itself (so key events must not run them twice). */
export const menuHandlesAccelerators = bridge !== undefined
