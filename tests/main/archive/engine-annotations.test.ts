// The annotation engine on a real archive: codebook, annotations, links, bad input leaving the archive unchanged.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import type { Source, Tag } from '../../../src/shared/model'
import {
  expectArchiveError,
  snapshot,
  type TempArchive,
  sampleArchive
} from '../../helpers/archive'

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

describe('codebook', () => {
  it('creates tags with unique names, case-insensitively', async () => {
    const t1 = await archive.createTag({
      name: 'Casualties',
      color: '#112233',
      description: 'Numbers of dead'
    })
    expect(t1.position).toBe(tags.length)
    await expectArchiveError(
      archive.createTag({ name: 'casualties' }),
      'CONFLICT',
      /already a tag named "Casualties"/
    )
    await expectArchiveError(
      archive.createTag({ name: 'X', color: 'red' }),
      'INVALID_ARGUMENT',
      /colour/
    )
    await expectArchiveError(archive.createTag({ name: '  ' }), 'INVALID_ARGUMENT')
  })

  it('renames, recolours and moves a shortcut key from the tag that held it', async () => {
    const renamed = await archive.updateTag(tag('Claim').id, {
      name: 'Assertion',
      color: '#AABBCC',
      key: 1
    })
    expect(renamed).toMatchObject({ name: 'Assertion', color: '#aabbcc', key: 1 })
    const after = await archive.listTags()
    expect(after.find((x) => x.id === tag('Person').id)?.key).toBeNull()
    await expectArchiveError(archive.updateTag(tag('Place').id, { name: 'assertion' }), 'CONFLICT')
  })

  it('reorders, merges and deletes tags, asking first about bare annotations', async () => {
    const ids = tags.map((x) => x.id).reverse()
    expect((await archive.reorderTags(ids)).map((x) => x.id)).toEqual(ids)
    await expectArchiveError(archive.reorderTags(ids.slice(1)), 'INVALID_ARGUMENT')

    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Baku was liberated' },
      tagIds: [tag('Claim').id]
    })
    const b = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'gangs' },
      tagIds: [tag('Loaded language').id, tag('Person').id]
    })
    const merged = await archive.mergeTags(tag('Person').id, tag('Loaded language').id)
    expect(merged.count).toBe(1)
    expect((await archive.getAnnotation(b.id)).tagIds).toEqual([tag('Loaded language').id])

    const before = snapshot(archive)
    const err = await expectArchiveError(
      archive.deleteTag(tag('Claim').id),
      'CONFLICT',
      /1 annotation has only the tag “Claim”/
    )
    expect(err.details).toEqual({ bare: 1 })
    expect(snapshot(archive)).toEqual(before)
    await archive.deleteTag(tag('Claim').id, { bare: 'keep' })
    expect((await archive.getAnnotation(a.id)).tagIds).toEqual([])
    await archive.deleteTag(tag('Loaded language').id, { bare: 'delete' })
    await expectArchiveError(archive.getAnnotation(b.id), 'NOT_FOUND')
  })
})

describe('annotations', () => {
  it('marks a passage by offsets with the quote selector and 32 characters of context', async () => {
    const start = en.text.indexOf('Bolshevik and Armenian gangs')
    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { start, end: start + 28 },
      tagIds: [tag('Loaded language').id],
      note: 'Framing of the **opponents**'
    })
    expect(a).toMatchObject({
      exact: 'Bolshevik and Armenian gangs',
      status: 'anchored',
      paragraph: 1,
      start,
      end: start + 28
    })
    expect(a.prefix).toBe(en.text.slice(start - 32, start))
    expect(a.suffix).toBe(en.text.slice(start + 28, start + 60))
    expect((await archive.listTags()).find((x) => x.name === 'Loaded language')?.count).toBe(1)
  })

  it('finds a passage by quote and occurrence, trims spaces, and allows overlaps', async () => {
    const second = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Baku', occurrence: 2 }
    })
    const all = [...en.text.matchAll(/Baku/g)].map((m) => m.index)
    expect(second.start).toBe(all[1])
    const spaced = en.text.indexOf(' Baku was liberated. ')
    const trimmed = await archive.createAnnotation({
      sourceId: en.id,
      target: { start: spaced, end: spaced + 21 }
    })
    expect(trimmed.exact).toBe('Baku was liberated.')
    const inner = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'liberated' }
    })
    const list = await archive.listAnnotations({ sourceId: en.id })
    expect(list.map((x) => x.id)).toContain(inner.id)
    expect(list.map((x) => x.start)).toEqual([...list.map((x) => x.start)].sort((p, q) => p - q))
  })

  it('lists by tag and by text in quote or note, folded', async () => {
    await archive.createAnnotation({
      sourceId: fr.id,
      target: { quote: 'Bakı döyüşü' },
      tagIds: [tag('Place').id]
    })
    await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Türkiye', occurrence: 1 },
      note: 'Name used since 2022'
    })
    expect((await archive.listAnnotations({ tagId: tag('Place').id })).map((a) => a.exact)).toEqual(
      ['Bakı döyüşü']
    )
    expect((await archive.listAnnotations({ text: 'BAKI DOYUSU' })).length).toBe(1)
    expect((await archive.listAnnotations({ text: '2022' })).map((a) => a.exact)).toEqual([
      'Türkiye'
    ])
  })

  it('edits tags and note, re-targets, and deletes with undo', async () => {
    const a = await archive.createAnnotation({ sourceId: en.id, target: { quote: 'gangs' } })
    const edited = await archive.updateAnnotation(a.id, {
      tagIds: [tag('Claim').id, tag('Person').id],
      note: 'Who?'
    })
    expect(edited.tagIds).toEqual([tag('Person').id, tag('Claim').id]) // codebook order
    const moved = await archive.updateAnnotation(a.id, { target: { start: 0, end: 20 } })
    expect(moved.exact).toBe(en.text.slice(0, 20).trim())
    await archive.deleteAnnotation(a.id)
    await archive.undo()
    expect((await archive.getAnnotation(a.id)).note).toBe('Who?')
  })

  it('refuses bad input with a clear error and leaves the archive unchanged', async () => {
    const before = snapshot(archive)
    const len = en.text.length
    await expectArchiveError(
      archive.createAnnotation({ sourceId: en.id, target: { start: len - 2, end: len + 5 } }),
      'INVALID_ARGUMENT',
      /end must be a whole number from 0 to/
    )
    await expectArchiveError(
      archive.createAnnotation({ sourceId: en.id, target: { start: -1, end: 4 } }),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(
      archive.createAnnotation({ sourceId: en.id, target: { start: 10, end: 10 } }),
      'INVALID_ARGUMENT',
      /empty/
    )
    const gap = en.text.indexOf('\n\n')
    await expectArchiveError(
      archive.createAnnotation({ sourceId: en.id, target: { start: gap, end: gap + 2 } }),
      'INVALID_ARGUMENT',
      /only spaces/
    )
    await expectArchiveError(
      archive.createAnnotation({ sourceId: en.id, target: { quote: 'Tbilisi' } }),
      'NOT_FOUND',
      /does not contain “Tbilisi”/
    )
    await expectArchiveError(
      archive.createAnnotation({ sourceId: en.id, target: { quote: 'Baku', occurrence: 99 } }),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(
      archive.createAnnotation({
        sourceId: en.id,
        target: { quote: 'Baku' },
        tagIds: ['NOSUCHTAG']
      }),
      'NOT_FOUND',
      /tag/
    )
    await expectArchiveError(
      archive.createAnnotation({ sourceId: 'NOSUCHSRC', target: { quote: 'Baku' } }),
      'NOT_FOUND',
      /source/
    )
    await expectArchiveError(
      archive.createAnnotation({ sourceId: en.id, target: 'Baku' } as never),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(archive.updateAnnotation('NOSUCHANN', { note: 'x' }), 'NOT_FOUND')
    expect(snapshot(archive)).toEqual(before)
  })
})

describe('links', () => {
  it('links passages across sources, lists them from both ends, and refuses duplicates', async () => {
    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Baku was liberated' },
      tagIds: [tag('Claim').id]
    })
    const b = await archive.createAnnotation({
      sourceId: fr.id,
      target: { quote: "l'armée de Nouri Pacha est entrée à Bakou" }
    })
    const link = await archive.createLink({
      from: a.id,
      to: b.id,
      relation: 'same-event',
      note: 'Same day, different words'
    })
    expect(link).toMatchObject({ from: a.id, to: b.id, relation: 'same-event' })
    expect((await archive.listLinks({ annotationId: b.id })).map((l) => l.id)).toEqual([link.id])
    expect((await archive.listLinks({ sourceId: en.id })).map((l) => l.id)).toEqual([link.id])
    // By label too, and the reverse direction counts as the same link.
    await expectArchiveError(
      archive.createLink({ from: b.id, to: a.id, relation: 'same event as' }),
      'CONFLICT'
    )
    const other = await archive.createLink({ from: b.id, to: a.id, relation: 'contradicts' })
    await archive.updateLink(other.id, { relation: 'adds-detail', note: 'more' })
    expect((await archive.listLinks()).length).toBe(2)
    await archive.deleteAnnotation(b.id)
    expect(await archive.listLinks()).toEqual([])
  })

  it('supports user-defined relations and refuses bad links', async () => {
    const rel = await archive.createRelation('is quoted by')
    expect(rel).toEqual({ id: 'is-quoted-by', label: 'is quoted by', builtin: false })
    await expectArchiveError(archive.createRelation('Is Quoted By'), 'CONFLICT')
    await expectArchiveError(archive.deleteRelation('agrees'), 'CONFLICT', /built in/)
    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Baku was liberated' }
    })
    const b = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'liberation', occurrence: 1 }
    })
    const before = snapshot(archive)
    await expectArchiveError(
      archive.createLink({ from: a.id, to: a.id, relation: 'agrees' }),
      'INVALID_ARGUMENT',
      /two different/
    )
    await expectArchiveError(
      archive.createLink({ from: a.id, to: 'NOPE1234', relation: 'agrees' }),
      'NOT_FOUND'
    )
    await expectArchiveError(
      archive.createLink({ from: a.id, to: b.id, relation: 'rhymes with' }),
      'NOT_FOUND',
      /no relation/
    )
    expect(snapshot(archive)).toEqual(before)
    await archive.createLink({ from: a.id, to: b.id, relation: rel.id })
    await expectArchiveError(archive.deleteRelation(rel.id), 'CONFLICT', /used by 1 link/)
  })
})

describe('undo and redo across the engine', () => {
  it('undoes and redoes annotations, links, tags and text edits step by step', async () => {
    const start = snapshot(archive)
    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Baku was liberated' },
      tagIds: [tag('Claim').id]
    })
    const b = await archive.createAnnotation({
      sourceId: fr.id,
      target: { quote: 'entrée à Bakou' }
    })
    await archive.createLink({ from: a.id, to: b.id, relation: 'same-event' })
    await archive.updateTag(tag('Claim').id, { color: '#000000' })
    await archive.editSourceText(
      en.id,
      en.text.replace('Monday was', 'Last Monday was'),
      'Clarify the day'
    )
    const end = snapshot(archive)
    expect((await archive.archiveInfo()).undo).toBe('Edit text')
    for (let i = 0; i < 5; i++) await archive.undo()
    expect(snapshot(archive)).toEqual(start)
    await expectArchiveError(archive.undo(), 'NOTHING_TO_UNDO')
    for (let i = 0; i < 5; i++) await archive.redo()
    expect(snapshot(archive)).toEqual(end)
    expect((await archive.search('"Last Monday"')).hits.length).toBe(1)
  })
})
