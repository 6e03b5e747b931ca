// App commands with their accelerators: one list for the Electron menu and the renderer's keyboard handling.

export interface CommandSpec {
  label: string
  /** Electron accelerator syntax ("CmdOrCtrl+Shift+Z"); the renderer matches keys against it. */
  accelerator?: string
  /** Only the desktop shell can do this (native archive dialogs). */
  desktopOnly?: boolean
}

export const APP_COMMANDS = {
  'archive.new': { label: 'New Archive…', accelerator: 'CmdOrCtrl+Shift+N', desktopOnly: true },
  'archive.open': { label: 'Open Archive…', accelerator: 'CmdOrCtrl+O', desktopOnly: true },
  'source.import': { label: 'Import Files…', accelerator: 'CmdOrCtrl+I' },
  'archive.tools': { label: 'Back Up, Export and Import Archive…' },
  'team.share': { label: 'Share Archive…' },
  'team.join': { label: 'Join Team Archive…', desktopOnly: true },
  'team.status': { label: 'Team Status…' },
  'edit.undo': { label: 'Undo', accelerator: 'CmdOrCtrl+Z' },
  'edit.redo': { label: 'Redo', accelerator: 'Shift+CmdOrCtrl+Z' },
  'view.library': { label: 'Library', accelerator: 'CmdOrCtrl+1' },
  'view.reader': { label: 'Reader', accelerator: 'CmdOrCtrl+2' },
  'view.handouts': { label: 'Handouts', accelerator: 'CmdOrCtrl+3' },
  'search.focus': { label: 'Search the Archive', accelerator: 'CmdOrCtrl+F' },
  'tags.codebook': { label: 'Edit Codebook…', accelerator: 'CmdOrCtrl+Shift+K' },
  'help.shortcuts': { label: 'Keyboard Shortcuts', accelerator: 'F1' },
  'help.about': { label: 'About Parallax' }
} as const satisfies Record<string, CommandSpec>

export type CommandId = keyof typeof APP_COMMANDS

export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && Object.hasOwn(APP_COMMANDS, value)
}

/** Whether a key event matches an accelerator; `mac` decides what CmdOrCtrl means. */
export function matchesAccelerator(
  accelerator: string,
  event: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
  mac: boolean
): boolean {
  const parts = accelerator.split('+')
  const key = parts.pop() ?? ''
  const want = { ctrl: false, meta: false, shift: false, alt: false }
  for (const p of parts) {
    if (p === 'CmdOrCtrl') want[mac ? 'meta' : 'ctrl'] = true
    else if (p === 'Ctrl') want.ctrl = true
    else if (p === 'Cmd') want.meta = true
    else if (p === 'Shift') want.shift = true
    else if (p === 'Alt') want.alt = true
  }
  return (
    event.key.toLowerCase() === key.toLowerCase() &&
    event.ctrlKey === want.ctrl &&
    event.metaKey === want.meta &&
    event.shiftKey === want.shift &&
    event.altKey === want.alt
  )
}

/** An accelerator as the user's platform writes it ("Ctrl+Shift+Z", "⇧⌘Z"). */
export function acceleratorLabel(accelerator: string, mac: boolean): string {
  if (!mac) return accelerator.replace('CmdOrCtrl', 'Ctrl')
  const symbols: Record<string, string> = {
    CmdOrCtrl: '⌘',
    Cmd: '⌘',
    Ctrl: '⌃',
    Shift: '⇧',
    Alt: '⌥'
  }
  const parts = accelerator.split('+')
  const key = parts.pop() ?? ''
  return parts.map((p) => symbols[p] ?? p).join('') + key
}
