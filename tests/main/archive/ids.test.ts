// Record ids: unique, in the order they were made (new records land together in an index), and in the unambiguous alphabet.

import { afterEach, describe, expect, it, vi } from 'vitest'
import { newId } from '../../../src/main/archive/ids'
import { tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  vi.restoreAllMocks()
  handle?.cleanup()
  handle = undefined
})

const inOrder = (ids: string[]): boolean => ids.every((id, i) => i === 0 || ids[i - 1] < id)

describe('record ids', () => {
  it('are unique and increasing, however many are made in one millisecond', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 6, 12))
    const ids = Array.from({ length: 100_000 }, newId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(inOrder(ids)).toBe(true)
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[2-9A-NP-Z]{14}$/)
  })

  it('keep increasing when the clock is set back', () => {
    const now = vi.spyOn(Date, 'now')
    const ids: string[] = []
    for (const t of [Date.UTC(2026, 5, 1), Date.UTC(2026, 0, 1), Date.UTC(2025, 0, 1)]) {
      now.mockReturnValue(t)
      ids.push(newId(), newId())
    }
    expect(inOrder(ids)).toBe(true)
  })

  it('differ in their random part between copies that make them at the same moment', async () => {
    // Another copy of the module: another process making ids in the same millisecond.
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2030, 0, 1))
    vi.resetModules()
    const other = (await import('../../../src/main/archive/ids')).newId
    const mine = newId()
    const theirs = other()
    expect(theirs.slice(0, 8)).toBe(mine.slice(0, 8))
    expect(theirs).not.toBe(mine)
  })

  it('are given to imported sources in the order of the files', async () => {
    handle = tempArchive()
    const files = Array.from({ length: 30 }, (_, i) => ({
      name: `letter-${i}.txt`,
      data: new TextEncoder().encode(`Letter ${i} from Baku, September 1918.`)
    }))
    const report = await handle.archive.importFiles(files)
    const ids = report.imported.map((s) => s.id)
    expect(ids).toHaveLength(30)
    expect(inOrder(ids)).toBe(true)
  })
})
