// Per-archive settings: JSON values kept in the archive file, outside undo, with a size limit.

import { afterEach, describe, expect, it } from 'vitest'
import { expectArchiveError, tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

describe('settings', () => {
  it('round-trip JSON values and survive reopening', async () => {
    handle = tempArchive()
    const value = { layout: 'side-by-side', widths: [0.4, 0.6], font: 'Noto Serif', on: true }
    await handle.archive.setSetting('reader', value)
    await handle.archive.setSetting('count', 3)
    expect(await handle.archive.getSetting('reader')).toEqual(value)
    const archive = handle.reopen()
    expect(await archive.getSetting('reader')).toEqual(value)
    expect(await archive.getSetting('count')).toBe(3)
  })

  it('answer null for a key never set, and forget a key set to null', async () => {
    handle = tempArchive()
    expect(await handle.archive.getSetting('nothing')).toBeNull()
    await handle.archive.setSetting('x', 'y')
    await handle.archive.setSetting('x', null)
    expect(await handle.archive.getSetting('x')).toBeNull()
  })

  it('refuse a value over the size limit and a key that is not text', async () => {
    handle = tempArchive()
    await expectArchiveError(
      handle.archive.setSetting('big', 'x'.repeat(200_000)),
      'INVALID_ARGUMENT',
      /too large/
    )
    expect(await handle.archive.getSetting('big')).toBeNull()
    await expectArchiveError(
      handle.archive.setSetting(42 as unknown as string, 1),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(handle.archive.getSetting({} as unknown as string), 'INVALID_ARGUMENT')
  })
})
