// The sample archive: the two seed sources exactly as shipped, their cleaning as revisions, the codebook and variant sets, installed once.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fold } from '../../../src/shared/text/fold'
import {
  RESOURCES,
  expectArchiveError,
  snapshot,
  tempArchive,
  type TempArchive
} from '../../helpers/archive'

interface Manifest {
  name: string
  sources: {
    file: string
    meta: Record<string, unknown> & { title: string }
    revisions: { note: string; replace: { from: string; to: string }[] }[]
  }[]
  codebook: { name: string; color: string; key: number; group: string; description: string }[]
  variantSets: string[][]
}

const SAMPLE_DIR = join(RESOURCES, 'sample-archive')
const manifest = JSON.parse(readFileSync(join(SAMPLE_DIR, 'manifest.json'), 'utf8')) as Manifest
const english = manifest.sources.find((s) => s.meta.language === 'en')!
const french = manifest.sources.find((s) => s.meta.language === 'fr')!

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

function revisions(h: TempArchive, sourceId: string): { n: number; text: string; note: string }[] {
  return h.archive.database
    .prepare('SELECT n, text, note FROM revisions WHERE source_id = ? ORDER BY n')
    .all(sourceId) as { n: number; text: string; note: string }[]
}

async function sourceByTitle(h: TempArchive, title: string): Promise<string> {
  const found = (await h.archive.listSources()).find((s) => s.title === title)
  expect(found, `source "${title}"`).toBeDefined()
  return found!.id
}

describe('the sample archive', () => {
  it('installs exactly the two seed sources with the manifest metadata', async () => {
    handle = tempArchive({ sample: true })
    const list = await handle.archive.listSources()
    expect(list.map((s) => s.title).sort()).toEqual(
      manifest.sources.map((s) => s.meta.title).sort()
    )
    for (const entry of manifest.sources) {
      const s = list.find((x) => x.title === entry.meta.title)!
      expect(s).toMatchObject(entry.meta)
      expect(s.origin).toMatchObject({ fileName: entry.file })
    }
    const info = await handle.archive.archiveInfo()
    expect(info.name).toBe(manifest.name)
    expect(info.sources).toBe(2)
  })

  it('keeps revision 1 of each source byte for byte as the seed file', async () => {
    handle = tempArchive({ sample: true })
    for (const entry of manifest.sources) {
      const id = await sourceByTitle(handle, entry.meta.title)
      const first = revisions(handle, id)[0]
      expect(first.n).toBe(1)
      const seed = readFileSync(join(SAMPLE_DIR, entry.file))
      expect(Buffer.from(first.text, 'utf8').equals(seed)).toBe(true)
    }
  })

  it('stores the English cleaning as revision 2, without the glued " date 2025-09-15 "', async () => {
    handle = tempArchive({ sample: true })
    const id = await sourceByTitle(handle, english.meta.title)
    const revs = revisions(handle, id)
    expect(revs.map((r) => r.n)).toEqual([1, 2])
    expect(revs[0].text).toContain(' date 2025-09-15 ')
    expect(revs[1].text).not.toContain('date 2025-09-15')
    expect(revs[1].text).toBe(revs[0].text.replace(' date 2025-09-15 ', ''))
    expect(revs[1].text.startsWith('Monday was the 107th anniversary')).toBe(true)
    expect(revs[1].note).toMatch(/date/)
    const source = await handle.archive.getSource(id)
    expect(source.revision).toBe(2)
    expect(source.text).toBe(revs[1].text)
    expect(source.date).toBe('2025-09-15')
    expect(source.length).toBe(revs[1].text.length)
  })

  it('stores the French cleaning as revision 2: captions and section title as paragraphs, every word kept', async () => {
    handle = tempArchive({ sample: true })
    const id = await sourceByTitle(handle, french.meta.title)
    const revs = revisions(handle, id)
    expect(revs.map((r) => r.n)).toEqual([1, 2])
    expect(revs[0].text).toBe(readFileSync(join(SAMPLE_DIR, french.file), 'utf8'))
    expect(revs[0].text).not.toContain('\n')
    const source = await handle.archive.getSource(id)
    expect(source.revision).toBe(2)
    expect(source.text).toBe(revs[1].text)
    expect(source.text).not.toMatch(/thumb\||vignette\|/)
    const paragraphs = source.text.split('\n\n')
    expect(paragraphs).toHaveLength(5)
    expect(paragraphs[0]).toBe(
      'Artilleurs azéris et turcs à proximité de Bakou durant la bataille.'
    )
    expect(paragraphs[2]).toBe('Évènements de mars')
    expect(paragraphs[3]).toBe("L'offensive ottomane du Caucase en 1918.")
    // The same words in the same order: only the markers went, and spaces became paragraph breaks.
    const words = (t: string): string[] =>
      t
        .replace(/thumb\||vignette\|/g, ' ')
        .split(/\s+/)
        .filter(Boolean)
    expect(words(source.text)).toEqual(words(revs[0].text))
    expect(source.text).toContain("l'armée de Nouri Pacha est entrée à Bakou le .")
  })

  it('installs the codebook with shortcut keys 1 to 7 in manifest order', async () => {
    handle = tempArchive({ sample: true })
    const tags = await handle.archive.listTags()
    expect(tags.map((t) => t.name)).toEqual(manifest.codebook.map((t) => t.name))
    expect(tags.map((t) => t.key)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(tags.map((t) => t.position)).toEqual([0, 1, 2, 3, 4, 5, 6])
    for (const [i, tag] of tags.entries()) {
      expect(tag.color.toLowerCase()).toBe(manifest.codebook[i].color.toLowerCase())
      expect(tag.group).toBe(manifest.codebook[i].group)
      expect(tag.description).toBe(manifest.codebook[i].description)
      expect(tag.count).toBe(0)
    }
  })

  it('installs the variant sets (spellings that fold alike, such as Bakü and Baku, kept once)', async () => {
    handle = tempArchive({ sample: true })
    const sets = await handle.archive.listVariantSets()
    expect(sets).toHaveLength(manifest.variantSets.length)
    for (const [i, terms] of manifest.variantSets.entries()) {
      expect(sets[i].terms[0]).toBe(terms[0])
      expect(new Set(sets[i].terms.map(fold))).toEqual(new Set(terms.map(fold)))
      for (const t of sets[i].terms) expect(terms).toContain(t)
    }
  })

  it('is not an undoable change: undo right after opening keeps the sample', async () => {
    handle = tempArchive({ sample: true })
    await expectArchiveError(handle.archive.undo(), 'NOTHING_TO_UNDO')
    expect(await handle.archive.listSources()).toHaveLength(2)
  })

  it('is installed only once, however often the archive is opened with the sample', async () => {
    handle = tempArchive({ sample: true })
    const before = snapshot(handle.archive)
    handle.reopen({ sample: true })
    handle.reopen({ sample: true })
    expect(snapshot(handle.archive)).toEqual(before)
    expect(await handle.archive.listTags()).toHaveLength(manifest.codebook.length)
  })

  it('is not reinstalled after the user deleted both sample sources', async () => {
    handle = tempArchive({ sample: true })
    for (const s of await handle.archive.listSources()) await handle.archive.deleteSource(s.id)
    handle.reopen({ sample: true })
    expect(await handle.archive.listSources()).toEqual([])
  })

  it('never seeds an archive that already has sources', async () => {
    handle = tempArchive()
    await handle.archive.createSource({ title: 'My own source', text: 'My own words.' })
    handle.reopen({ sample: true })
    const list = await handle.archive.listSources()
    expect(list.map((s) => s.title)).toEqual(['My own source'])
    expect(await handle.archive.listTags()).toEqual([])
    expect(await handle.archive.listVariantSets()).toEqual([])
  })

  it('is searchable as soon as it is installed', async () => {
    handle = tempArchive({ sample: true })
    const results = await handle.archive.search('Dunsterville')
    expect(results.hits.length).toBeGreaterThan(0)
    expect(new Set(results.hits.map((h) => h.sourceTitle))).toEqual(new Set([french.meta.title]))
  })
})
