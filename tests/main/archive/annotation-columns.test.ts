// The reader's compact annotation listing: the same annotations as a compact listAnnotations, a fraction of the size.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { dispatch } from '../../../src/main/transport/dispatch'
import { annotationsFromColumns } from '../../../src/shared/annotation-columns'
import type { Source, Tag } from '../../../src/shared/model'
import { apiOf, expectArchiveError, type TempArchive, sampleArchive } from '../../helpers/archive'

let t: TempArchive
let archive: Archive
let en: Source
let fr: Source
let tags: Tag[]
const tag = (name: string): Tag => tags.find((x) => x.name === name) as Tag

beforeEach(async () => {
  ;({ t, archive, en, fr, tags } = await sampleArchive())
})
afterEach(() => t.cleanup())

/** The reader's view of a source: its current text and the annotations rebuilt from the columns. */
async function fromColumns(sourceId: string) {
  const [source, columns] = await Promise.all([
    archive.getSource(sourceId),
    archive.listAnnotationColumns(sourceId)
  ])
  expect(columns.revision).toBe(source.revision)
  return annotationsFromColumns(columns, source.text)
}

describe('listAnnotationColumns', () => {
  it('gives what a compact listing of the source gives: order, tags in codebook order, notes, paragraphs, orphans', async () => {
    const claim = tag('Claim').id
    const person = tag('Person').id
    const place = tag('Place').id
    await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Bolshevik and Armenian gangs' },
      tagIds: [person, claim],
      note: 'Two *tags*,\nand a second line'
    })
    await archive.createAnnotation({ sourceId: en.id, target: { quote: 'Baku', occurrence: 2 } })
    const at = en.text.indexOf('Baku was liberated')
    // Same start, different ends; and the very same span twice.
    await archive.createAnnotation({
      sourceId: en.id,
      target: { start: at, end: at + 4 },
      tagIds: [place]
    })
    await archive.createAnnotation({ sourceId: en.id, target: { start: at, end: at + 18 } })
    await archive.createAnnotation({ sourceId: en.id, target: { start: at, end: at + 18 } })
    const doomed = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: '1,130 martyrs' },
      tagIds: [claim],
      note: 'becomes an orphan'
    })
    await archive.createAnnotation({ sourceId: fr.id, target: { quote: 'Bakou' } })
    // Reordering the codebook reorders each annotation's tags.
    await archive.reorderTags([person, ...tags.map((x) => x.id).filter((id) => id !== person)])
    const edited = `A new first paragraph.\n\n${en.text.replace('1,130 martyrs', '1,130 soldiers')}`
    const result = await archive.editSourceText(en.id, edited)
    expect(result.orphanIds).toEqual([doomed.id])

    const compact = await archive.listAnnotations({ sourceId: en.id, compact: true })
    expect(compact).toHaveLength(6)
    expect(compact.find((a) => a.id === doomed.id)?.status).toBe('orphan')
    expect(compact.find((a) => a.tagIds.length === 2)?.tagIds).toEqual([person, claim])
    expect(await fromColumns(en.id)).toEqual(compact)
    expect(await fromColumns(fr.id)).toEqual(
      await archive.listAnnotations({ sourceId: fr.id, compact: true })
    )

    const columns = await archive.listAnnotationColumns(en.id)
    expect(columns.orphans).toEqual([compact.findIndex((a) => a.id === doomed.id)])
    // Only the orphan's quote travels; the others are the text between their offsets.
    expect(columns.quotes).toEqual([{ index: columns.orphans[0], exact: '1,130 martyrs' }])
    const used = new Set([person, claim, place])
    expect(columns.tagIds).toEqual(
      (await archive.listTags()).map((x) => x.id).filter((id) => used.has(id))
    )
    expect(columns.tagIds[0]).toBe(person)
  })

  it('names the maker of each annotation, members taking turns through the text', async () => {
    // Three members' annotations, made in turns; in text order one maker twice running and one
    // coming back after others. Each maker is listed once.
    const makers = ['Leyla', 'Hamid', 'Leyla', 'Ruth', 'Hamid']
    const words = ['Baku', 'Turkish', 'Azerbaijani', 'Bolshevik', 'Armenian']
    for (const [i, word] of words.entries()) {
      await archive.setSetting('author.name', makers[i])
      await archive.createAnnotation({
        sourceId: en.id,
        target: { quote: word },
        tagIds: i % 2 ? [tag('Claim').id, tag('Person').id] : []
      })
    }
    const compact = await archive.listAnnotations({ sourceId: en.id, compact: true })
    expect(await fromColumns(en.id)).toEqual(compact)
    const columns = await archive.listAnnotationColumns(en.id)
    expect(columns.authors.toSorted()).toEqual(['Hamid', 'Leyla', 'Ruth'])
    expect(columns.author.map((k) => columns.authors[k])).toEqual(compact.map((a) => a.createdBy))
    expect(compact.map((a) => a.createdBy)).toEqual(['Leyla', 'Ruth', 'Hamid', 'Hamid', 'Leyla'])
  })

  it('lists a source without annotations as empty columns', async () => {
    const source = await archive.createSource({ title: 'Bare', text: 'Nothing marked here.' })
    expect(await archive.listAnnotationColumns(source.id)).toEqual({
      sourceId: source.id,
      revision: 1,
      id: [],
      start: [],
      end: [],
      orphans: [],
      tagIds: [],
      tags: [],
      note: [],
      quotes: [],
      authors: [],
      author: []
    })
    expect(await fromColumns(source.id)).toEqual([])
  })

  it('refuses unknown sources and bad ids', async () => {
    await expectArchiveError(archive.listAnnotationColumns('NOSUCHID'), 'NOT_FOUND')
    await expectArchiveError(
      archive.listAnnotationColumns('not an id' as string),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(
      archive.listAnnotationColumns(undefined as unknown as string),
      'INVALID_ARGUMENT'
    )
  })

  it('is served by name like every contract method, and is a fraction of the full listing on the wire', async () => {
    const text = Array.from(
      { length: 200 },
      (_, i) => `Paragraph ${i}: the army crossed the river at dawn and the town was taken.`
    ).join('\n\n')
    const source = await archive.createSource({ title: 'Many marks', text })
    const spans = [...text.matchAll(/the river/g)].map((m) => m.index)
    for (const [i, start] of spans.entries()) {
      await archive.createAnnotation({
        sourceId: source.id,
        target: { start, end: start + 9 },
        tagIds: [tags[i % tags.length].id],
        note: i % 5 === 0 ? `Note ${i}` : ''
      })
    }
    const reply = await dispatch(apiOf(archive), 'listAnnotationColumns', [source.id])
    expect(reply.ok).toBe(true)
    const columns = (reply as { value: Awaited<ReturnType<Archive['listAnnotationColumns']>> })
      .value
    expect(columns.id).toHaveLength(200)
    const compact = await archive.listAnnotations({ sourceId: source.id, compact: true })
    expect(annotationsFromColumns(columns, text)).toEqual(compact)
    expect(JSON.stringify(columns).length * 4).toBeLessThan(JSON.stringify(compact).length)
    expect((await dispatch(apiOf(archive), 'listAnnotationColumns', [])).ok).toBe(false)
  })
})

describe('listAnnotationColumns over a range', () => {
  it('gives the anchored annotations overlapping the range, in text order', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `Line ${i} of the account.`).join('\n\n')
    const source = await archive.createSource({ title: 'Ranges', text })
    const at = (i: number): number => text.indexOf(`Line ${i} `)
    const made: { id: string; start: number; end: number }[] = []
    for (const i of [3, 10, 11, 20, 30]) {
      const a = await archive.createAnnotation({
        sourceId: source.id,
        target: { start: at(i), end: at(i) + 7 },
        tagIds: [tags[i % tags.length].id],
        note: `on line ${i}`
      })
      made.push(a)
    }
    // A long one that starts before the range and ends inside it.
    const long = await archive.createAnnotation({
      sourceId: source.id,
      target: { start: at(2), end: at(10) + 3 }
    })
    const all = annotationsFromColumns(await archive.listAnnotationColumns(source.id), text)
    const range = { start: at(10), end: at(20) }
    const part = await archive.listAnnotationColumns(source.id, range)
    expect(part.revision).toBe(1)
    const expected = all.filter((a) => a.end > range.start && a.start < range.end)
    expect(expected.map((a) => a.id)).toEqual([long.id, made[1].id, made[2].id])
    expect(annotationsFromColumns(part, text)).toEqual(expected)
    // Empty and whole ranges; ranges past the end.
    expect((await archive.listAnnotationColumns(source.id, { start: 5, end: 5 })).id).toEqual([])
    expect(
      annotationsFromColumns(
        await archive.listAnnotationColumns(source.id, { start: 0, end: text.length + 100 }),
        text
      )
    ).toEqual(all)
  })

  it('leaves orphans out of ranges, and refuses bad ranges', async () => {
    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: '1,130 martyrs' }
    })
    await archive.editSourceText(en.id, en.text.replace('1,130 martyrs', '1,130 soldiers'))
    const whole = { start: 0, end: en.text.length + 10 }
    expect((await archive.listAnnotationColumns(en.id)).id).toEqual([a.id])
    expect((await archive.listAnnotationColumns(en.id, whole)).id).toEqual([])
    for (const bad of [{ start: 5, end: 4 }, { start: -1, end: 4 }, { start: 0 }, 'all', [0, 4]]) {
      await expectArchiveError(
        archive.listAnnotationColumns(en.id, bad as unknown as { start: number; end: number }),
        'INVALID_ARGUMENT'
      )
    }
    const reply = await dispatch(apiOf(archive), 'listAnnotationColumns', [
      en.id,
      { start: 0, end: 10 }
    ])
    expect(reply).toMatchObject({ ok: true, value: { id: [], sourceId: en.id } })
  })
})
