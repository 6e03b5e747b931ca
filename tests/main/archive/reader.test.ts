// A read-only second connection (what a read pool's worker opens): it reads what the writer committed, installs nothing and writes nothing; search's bounded first pass.

import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { PassageSearch } from '../../../src/main/archive/search'
import { currentVariantLookup } from '../../../src/main/archive/variants'
import type { SearchHit } from '../../../src/shared/model'
import {
  RESOURCES,
  expectArchiveError,
  snapshot,
  tempArchive,
  type TempArchive
} from '../../helpers/archive'

let handle: TempArchive | undefined
let reader: Archive | undefined
afterEach(() => {
  reader?.close()
  reader = undefined
  handle?.cleanup()
  handle = undefined
})

function open(): { writer: Archive; reader: Archive } {
  handle = tempArchive({ sample: true })
  reader = Archive.openReader({ path: handle.path, resourcesDir: RESOURCES })
  return { writer: handle.archive, reader }
}

describe('Archive.openReader', () => {
  it('reads what the writer committed, at once', async () => {
    const { writer, reader } = open()
    expect(reader.readOnly).toBe(true)
    expect(await reader.listSources()).toEqual(await writer.listSources())
    const made = await writer.createSource({ title: 'Telegram', text: 'Arrived in Enzeli today.' })
    expect((await reader.getSource(made.id)).text).toBe('Arrived in Enzeli today.')
    expect((await reader.search('enzeli')).hits.map((h) => h.sourceId)).toContain(made.id)
    await writer.editSourceText(made.id, 'Arrived in Rasht today.')
    expect((await reader.getSource(made.id)).text).toBe('Arrived in Rasht today.')
    expect((await reader.search('enzeli')).hits).toEqual([])
  })

  it('installs no triggers and refuses to write, leaving the archive as it was', async () => {
    const { writer, reader } = open()
    const temp = reader.database
      .prepare("SELECT count(*) AS n FROM sqlite_temp_schema WHERE type = 'trigger'")
      .get() as { n: number }
    expect(temp.n).toBe(0)
    const before = snapshot(writer)
    await expectArchiveError(reader.createTag({ name: 'Nope', color: '#000000' }), 'READ_ONLY')
    expect(() => reader.database.exec('DELETE FROM tags')).toThrow(/readonly|read-only/i)
    expect(snapshot(writer)).toEqual(before)
  })

  it('refuses a file that is not an archive with a one-line error', async () => {
    handle = tempArchive()
    const { writeFileSync } = await import('node:fs')
    const path = `${handle.dir}/notes.txt`
    writeFileSync(path, 'not sqlite at all, just a long enough line of text to be read '.repeat(3))
    await expectArchiveError(
      () => Archive.openReader({ path, resourcesDir: RESOURCES }),
      'NOT_AN_ARCHIVE'
    )
  })
})

describe('the first pass of a search', () => {
  it('ranks only the first N matching passages when more match, and says so', async () => {
    handle = tempArchive()
    const archive = handle.archive
    const text = Array.from({ length: 12 }, (_, i) =>
      i === 10 ? 'Oil, oil and oil again.' : `Paragraph ${i} mentions oil once.`
    ).join('\n\n')
    await archive.createSource({ title: 'Fields', text })
    const lookup = currentVariantLookup(archive.database)
    const bounded = new PassageSearch(archive.database, 5).search('oil', { limit: 3 }, lookup)
    expect(bounded.scanned).toBe(5)
    expect(bounded.truncated).toBe(true)
    expect(bounded.hits).toHaveLength(3)
    // Paragraph 10 ("oil" three times) is past the first five: not among the hits.
    expect(bounded.hits.map((h) => h.paragraph)).not.toContain(11)
    const whole = new PassageSearch(archive.database, 100).search('oil', { limit: 3 }, lookup)
    expect(whole.scanned).toBeUndefined()
    expect(whole.hits[0].paragraph).toBe(11)
    // The archive's own search ranks everything below FIRST_PASS: the same best hit.
    expect((await archive.search('oil', { limit: 3 })).hits[0].paragraph).toBe(11)
  })

  it('marks the words a prefix matches in both passes, and within chosen sources', async () => {
    handle = tempArchive()
    const archive = handle.archive
    const text = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: oilfields and oil.`).join(
      '\n\n'
    )
    const { id } = await archive.createSource({ title: 'Fields', text })
    await archive.createSource({ title: 'Elsewhere', text: 'Oilskins and nothing more.' })
    const lookup = currentVariantLookup(archive.database)
    const words = (hit: SearchHit): string[] =>
      hit.marks.map((m) => hit.snippet.slice(m.start, m.end).toLowerCase())
    const bounded = new PassageSearch(archive.database, 5).search('oil*', { limit: 3 }, lookup)
    expect(bounded.scanned).toBe(5)
    expect(bounded.hits).toHaveLength(3)
    for (const hit of bounded.hits) expect(words(hit)).toEqual(['oilfields', 'oil'])
    const whole = await archive.search('oil*', { limit: 20 })
    expect(whole.scanned).toBeUndefined()
    expect(whole.hits).toHaveLength(13)
    expect(whole.hits.flatMap(words)).toContain('oilskins')
    const chosen = await archive.search('oil*', { limit: 20, sourceIds: [id] })
    expect(chosen.hits).toHaveLength(12)
    for (const hit of chosen.hits) expect(words(hit)).toEqual(['oilfields', 'oil'])
  })
})
