// The reader's keys in one table: the reader binds them from here and the Shortcuts list (F1) shows them from here.

interface Keyish {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

export interface KeyBinding {
  /** The keys as the Shortcuts list shows them, each in its own <kbd>. */
  keys: string[]
  label: string
  matches(event: Keyish): boolean
}

const plain = (e: Keyish): boolean => !e.ctrlKey && !e.metaKey && !e.altKey

/** Keys of the reader's text and selection (handled by ReaderView, while no field has focus). */
export const READER_KEYS = {
  tag: {
    keys: ['1', '–', '9'],
    label: 'Tag the selection; on a picked annotation, add or remove that tag',
    matches: (e) => plain(e) && /^[1-9]$/.test(e.key)
  },
  note: {
    keys: ['Enter'],
    label: 'Write a note on the selection or the picked annotation',
    matches: (e) => plain(e) && !e.shiftKey && e.key === 'Enter'
  },
  link: {
    keys: ['L'],
    label: 'Link the selection or annotation; in the other pane, link here',
    matches: (e) => plain(e) && (e.key === 'l' || e.key === 'L')
  },
  remove: {
    keys: ['Delete'],
    label: 'Delete the picked annotation',
    matches: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace')
  },
  next: {
    keys: ['j'],
    label: 'Next annotation',
    matches: (e) => plain(e) && e.key === 'j'
  },
  previous: {
    keys: ['k'],
    label: 'Previous annotation',
    matches: (e) => plain(e) && e.key === 'k'
  },
  find: {
    keys: ['/'],
    label: 'Find in this source',
    matches: (e) => plain(e) && e.key === '/'
  },
  escape: {
    keys: ['Esc'],
    label: 'Close the popup, cancel a link, or unpick the annotation',
    matches: (e) => e.key === 'Escape'
  }
} as const satisfies Record<string, KeyBinding>

export type ReaderAction = keyof typeof READER_KEYS

/** The reader action a key press asks for, if any. */
export function readerAction(event: Keyish): ReaderAction | null {
  for (const [action, binding] of Object.entries(READER_KEYS) as [ReaderAction, KeyBinding][])
    if (binding.matches(event)) return action
  return null
}

/** Selecting text with the keyboard, in the text of a pane (SourceText binds these). */
export const SELECTION_KEYS = {
  character: { keys: ['Shift', '←', '→'], label: 'Select by character' },
  word: { keys: ['Ctrl', 'Shift', '←', '→'], label: 'Select by word' },
  line: { keys: ['Shift', '↑', '↓'], label: 'Select by line' },
  paragraph: { keys: ['Shift', 'Home', 'End'], label: 'Select to the paragraph’s start or end' }
} as const

/** Moves of the selection for Shift+key (with Ctrl or Alt: by word), as Selection.modify takes them. */
export function selectionMove(
  event: Keyish
): ['forward' | 'backward', 'character' | 'word' | 'line' | 'paragraphboundary'] | null {
  if (!event.shiftKey) return null
  const byWord = event.ctrlKey || event.altKey
  switch (event.key) {
    case 'ArrowRight':
      return ['forward', byWord ? 'word' : 'character']
    case 'ArrowLeft':
      return ['backward', byWord ? 'word' : 'character']
    case 'ArrowDown':
      return ['forward', 'line']
    case 'ArrowUp':
      return ['backward', 'line']
    case 'End':
      return ['forward', 'paragraphboundary']
    case 'Home':
      return ['backward', 'paragraphboundary']
    default:
      return null
  }
}

/** Keys inside the note dialog and the annotation list. */
export const OTHER_READER_KEYS = {
  saveNote: {
    keys: ['Ctrl', 'Enter'],
    label: 'Save the note (in the note dialog)',
    matches: (e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey)
  },
  listStep: {
    keys: ['↑', '↓'],
    label: 'Move through a pane’s annotation list',
    matches: (e) => plain(e) && (e.key === 'ArrowDown' || e.key === 'ArrowUp')
  },
  openNote: {
    keys: ['Enter'],
    label: 'Open the note of the focused annotation in the list',
    matches: (e) => plain(e) && !e.shiftKey && e.key === 'Enter'
  }
} as const satisfies Record<string, KeyBinding>
