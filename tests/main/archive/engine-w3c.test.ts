// W3C Web Annotation out of and back into real archives: valid JSON-LD, round trips, web annotations, bad files.

import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { checkAnnotationMusts } from '../../../src/main/archive/w3c-schemas/musts'
import type { Source, Tag } from '../../../src/shared/model'
import {
  RESOURCES,
  expectArchiveError,
  snapshot,
  tempArchive,
  type TempArchive,
  sampleArchive,
  utf8
} from '../../helpers/archive'

let t: TempArchive
let archive: Archive
let en: Source
let fr: Source
let tags: Tag[]

beforeEach(async () => {
  ;({ t, archive, en, fr, tags } = await sampleArchive())
})
afterEach(() => t.cleanup())

const tagId = (name: string): string => tags.find((x) => x.name === name)!.id

async function annotateSample(): Promise<void> {
  const a = await archive.createAnnotation({
    sourceId: en.id,
    target: { quote: 'Baku was liberated' },
    tagIds: [tagId('Claim'), tagId('Loaded language')],
    note: 'Whose *liberation*?'
  })
  await archive.createAnnotation({
    sourceId: en.id,
    target: { quote: 'Bolshevik and Armenian gangs' },
    tagIds: [tagId('Loaded language')]
  })
  const b = await archive.createAnnotation({
    sourceId: fr.id,
    target: { quote: "l'armée de Nouri Pacha est entrée à Bakou le ." },
    note: 'La date manque : « le . »'
  })
  await archive.createAnnotation({
    sourceId: fr.id,
    target: { quote: 'Битва за Баку' },
    tagIds: [tagId('Place')]
  })
  await archive.createLink({ from: a.id, to: b.id, relation: 'same-event', note: 'Same day' })
}

function items(collection: unknown): Record<string, unknown>[] {
  return ((collection as { first?: { items: Record<string, unknown>[] } }).first?.items ??
    []) as Record<string, unknown>[]
}

/** What should survive a round trip, independent of ids. */
async function essence(a: Archive) {
  const names = new Map((await a.listTags()).map((x) => [x.id, x.name]))
  const anns = await a.listAnnotations()
  const byId = new Map(anns.map((x) => [x.id, x]))
  return {
    annotations: anns.map((x) => ({
      source: x.sourceId,
      start: x.start,
      end: x.end,
      exact: x.exact,
      note: x.note,
      tags: x.tagIds.map((id) => names.get(id))
    })),
    links: (await a.listLinks()).map((l) => ({
      from: byId.get(l.from)?.exact,
      to: byId.get(l.to)?.exact,
      relation: l.relation,
      note: l.note
    }))
  }
}

describe('W3C export', () => {
  it('writes an AnnotationCollection whose every item meets the MUSTs of the W3C test suite', async () => {
    await annotateSample()
    const collection = JSON.parse(await archive.exportAnnotations('w3c'))
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 5 })
    const list = items(collection)
    expect(list).toHaveLength(5)
    for (const item of list) {
      const failures = checkAnnotationMusts({ '@context': collection['@context'], ...item })
      expect(failures, JSON.stringify(item)).toEqual([])
    }
    const liberated = list.find(
      (i) => JSON.stringify(i).includes('Baku was liberated') && i.motivation === 'tagging'
    )!
    expect(liberated.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'Claim' },
      { type: 'TextualBody', purpose: 'tagging', value: 'Loaded language' },
      {
        type: 'TextualBody',
        purpose: 'commenting',
        value: 'Whose *liberation*?',
        format: 'text/markdown'
      }
    ])
    const link = list.find((i) => i.motivation === 'linking')!
    expect(link.target).toHaveLength(2)
  })

  it('counts positions in code points where the text has characters outside the BMP', async () => {
    const src = await archive.createSource({
      title: 'Old Persian',
      text: '𐎠𐎭𐎶 Darius wrote this line.',
      language: 'peo'
    })
    const a = await archive.createAnnotation({ sourceId: src.id, target: { quote: 'Darius' } })
    expect(a.start).toBe(7) // three surrogate pairs and a space
    const collection = JSON.parse(await archive.exportAnnotations('w3c', { sourceId: src.id }))
    const position = JSON.stringify(items(collection)[0])
    expect(position).toContain('"type":"TextPositionSelector","start":4,"end":10')
  })

  it('scopes an export to a source or a tag', async () => {
    await annotateSample()
    expect(
      items(JSON.parse(await archive.exportAnnotations('w3c', { sourceId: fr.id })))
    ).toHaveLength(2)
    expect(
      items(JSON.parse(await archive.exportAnnotations('w3c', { tagId: tagId('Loaded language') })))
    ).toHaveLength(2)
  })
})

describe('W3C import', () => {
  it('gives back the same annotations and links in an empty copy of the archive with the same sources', async () => {
    await annotateSample()
    const before = await essence(archive)
    const exported = JSON.parse(await archive.exportAnnotations('w3c'))
    const copyPath = join(t.dir, 'copy.parallax')
    await archive.database.backup(copyPath)
    const copy = Archive.open({ path: copyPath, resourcesDir: RESOURCES })
    try {
      copy.database.exec('DELETE FROM links; DELETE FROM annotations')
      const report = await copy.importAnnotations(exported)
      expect(report).toMatchObject({ imported: 4, links: 1, duplicates: 0, rejected: [] })
      expect(await essence(copy)).toEqual(before)
      // Importing the same file again changes nothing.
      const again = await copy.importAnnotations(exported)
      expect(again).toMatchObject({ imported: 0, links: 0, duplicates: 5 })
    } finally {
      copy.close()
    }
  })

  it('places annotations made on the web (by the source URL and the quote), creating their tags', async () => {
    const web = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://hypothes.is/a/abc123',
      type: 'Annotation',
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'Dunsterforce' },
        { type: 'TextualBody', value: 'British commander' }
      ],
      target: {
        source: 'https://fr.wikipedia.org/wiki/Bataille_de_Bakou',
        selector: {
          type: 'TextQuoteSelector',
          exact: 'Lionel Dunsterville',
          prefix: 'anglo-arméniennes dirigées par ',
          suffix: '.'
        }
      }
    }
    const report = await archive.importAnnotations(web)
    expect(report).toMatchObject({ imported: 1, rejected: [] })
    const [a] = await archive.listAnnotations({ sourceId: fr.id })
    expect(a).toMatchObject({ exact: 'Lionel Dunsterville', note: 'British commander' })
    expect((await archive.listTags()).find((x) => x.id === a.tagIds[0])?.name).toBe('Dunsterforce')
  })

  it('reports annotations of unknown sources or missing quotes and imports the rest', async () => {
    const good = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:x:1',
      type: 'Annotation',
      target: {
        source: `urn:parallax:source:${en.id}`,
        selector: { type: 'TextQuoteSelector', exact: 'red carnations' }
      }
    }
    const elsewhere = {
      ...good,
      id: 'urn:x:2',
      target: {
        source: 'urn:parallax:source:NOTHERE1',
        selector: { type: 'TextQuoteSelector', exact: 'x' }
      }
    }
    const missing = {
      ...good,
      id: 'urn:x:3',
      target: {
        source: `urn:parallax:source:${en.id}`,
        selector: { type: 'TextQuoteSelector', exact: 'white tulips' }
      }
    }
    const image = {
      ...good,
      id: 'urn:x:4',
      target: {
        source: 'http://example.org/photo.jpg',
        selector: { type: 'FragmentSelector', value: 'xywh=1,2,3,4' }
      }
    }
    const report = await archive.importAnnotations([good, elsewhere, missing, image])
    expect(report.imported).toBe(1)
    expect(report.rejected.map((r) => r.index)).toEqual([1, 2, 3])
    expect(report.rejected[0].reason).toMatch(/source that is not in this archive/)
    expect(report.rejected[1].reason).toMatch(/“white tulips” is not in the source/)
    expect(report.rejected[2].reason).toMatch(/no text selector/)
    await archive.undo()
    expect(await archive.listAnnotations()).toEqual([])
  })

  it('refuses what is not Web Annotation JSON-LD and leaves the archive unchanged', async () => {
    await annotateSample()
    const before = snapshot(archive)
    await expectArchiveError(archive.importAnnotations(42), 'INVALID_ARGUMENT')
    await expectArchiveError(archive.importAnnotations('just text'), 'INVALID_ARGUMENT')
    await expectArchiveError(archive.importAnnotations({ hello: 'world' }), 'INVALID_ARGUMENT')
    const notW3C = await archive
      .importAnnotations([{ type: 'Annotation', target: 'x' }])
      .catch((e: Error) => e)
    if (!(notW3C instanceof Error)) expect(notW3C.imported).toBe(0)
    expect(snapshot(archive)).toEqual(before)
  })
})

describe('W3C files between archives', () => {
  const files = [
    {
      name: 'letter.txt',
      data: utf8(
        'A letter from Lankaran\n\nThe rain came from the Caspian all week, and the road to Baku was closed.\n\nWe wait for news.'
      )
    },
    {
      name: 'diary.md',
      data: utf8(
        '# A diary\n\nOn the fifteenth the guns fell silent over Baku.\n\nIn the evening, bread.'
      )
    }
  ]

  it("bring every annotation, tag and link into another person's archive that imported the same files", async () => {
    const mine = await sampleArchive()
    const report = await mine.archive.importFiles(files)
    const [letter, diary] = report.imported.map((s) => s.id)
    const rumour = await mine.archive.createTag({ name: 'Rumour', color: '#882255' })
    const a = await mine.archive.createAnnotation({
      sourceId: letter,
      target: { quote: 'the road to Baku was closed' },
      tagIds: [rumour.id],
      note: 'Closed by whom?'
    })
    const b = await mine.archive.createAnnotation({
      sourceId: diary,
      target: { quote: 'the guns fell silent' },
      note: 'The fifteenth: same day as the report'
    })
    await mine.archive.createLink({ from: a.id, to: b.id, relation: 'same-event' })
    // The letter is edited here afterwards: positions then count in a text the other archive lacks.
    await mine.archive.editSourceText(
      letter,
      `Preface.\n\n${(await mine.archive.getSource(letter)).text}`
    )
    const file = JSON.parse(await mine.archive.exportAnnotations('w3c'))

    const theirs = tempArchive()
    try {
      await theirs.archive.importFiles(files)
      const result = await theirs.archive.importAnnotations(file)
      expect(result.rejected).toEqual([])
      expect([result.imported, result.links]).toEqual([2, 1])
      const got = await theirs.archive.listAnnotations()
      const tagNames = new Map((await theirs.archive.listTags()).map((t) => [t.id, t.name]))
      expect(
        got.map((x) => [x.exact, x.note, x.tagIds.map((id) => tagNames.get(id))]).sort()
      ).toEqual(
        [
          ['the guns fell silent', 'The fifteenth: same day as the report', []],
          ['the road to Baku was closed', 'Closed by whom?', ['Rumour']]
        ].sort()
      )
      expect(await theirs.archive.listLinks()).toHaveLength(1)
    } finally {
      theirs.cleanup()
      mine.t.cleanup()
    }
  })
})
