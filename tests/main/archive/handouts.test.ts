// Handout sets in the archive: saved and edited, selections and questions, rendered to real PDFs, refused when empty.

import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { tagLetters } from '../../../src/main/archive/handout-input'
import type { Source, Tag } from '../../../src/shared/model'
import {
  RESOURCES,
  expectArchiveError,
  snapshot,
  type TempArchive,
  sampleArchive,
  tempArchive
} from '../../helpers/archive'
import { tagOf } from '../../helpers/model'

let t: TempArchive
let archive: Archive
let en: Source
let fr: Source
let tags: Tag[]
const tagId = (name: string): string => tags.find((x) => x.name === name)!.id

beforeEach(async () => {
  ;({ t, archive, en, fr, tags } = await sampleArchive())
})
afterEach(() => t.cleanup())

function pdfText(pdf: Uint8Array): string {
  const path = join(t.dir, `out-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(path, pdf)
  return execFileSync('pdftotext', [path, '-']).toString().replace(/\s+/g, ' ')
}

describe('handout sets', () => {
  it('are saved with defaults, edited, listed newest first, deleted with undo', async () => {
    const set = await archive.createHandoutSet({
      title: '  Baku, 1918  ',
      sourceIds: [en.id, fr.id]
    })
    expect(set).toMatchObject({
      title: 'Baku, 1918',
      layout: 'excerpts',
      pageSize: 'A4',
      notes: 'footnotes',
      selection: { mode: 'all' }
    })
    const edited = await archive.updateHandoutSet(set.id, {
      layout: 'parallel',
      questions: { ABCDEFGH: 'Who speaks?', XYZXYZXY: '   ' }
    })
    expect(edited.layout).toBe('parallel')
    expect(edited.questions).toEqual({ ABCDEFGH: 'Who speaks?' })
    const second = await archive.createHandoutSet({ title: 'Second' })
    expect((await archive.listHandoutSets()).map((s) => s.id)).toEqual([second.id, set.id])
    await archive.deleteHandoutSet(set.id)
    await expectArchiveError(archive.getHandoutSet(set.id), 'NOT_FOUND')
    await archive.undo()
    expect((await archive.getHandoutSet(set.id)).layout).toBe('parallel')
  })

  it('refuse bad fields with a clear message and change nothing', async () => {
    const before = snapshot(archive)
    await expectArchiveError(
      archive.createHandoutSet({ title: '' }),
      'INVALID_ARGUMENT',
      /needs a title/
    )
    await expectArchiveError(
      archive.createHandoutSet({ title: 'x', layout: 'poster' as never }),
      'INVALID_ARGUMENT',
      /layout must be one of/
    )
    await expectArchiveError(
      archive.createHandoutSet({ title: 'x', pageSize: 'A3' as never }),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(
      archive.createHandoutSet({ title: 'x', colour: 'red' } as never),
      'INVALID_ARGUMENT',
      /Unknown handout field "colour"/
    )
    await expectArchiveError(
      archive.createHandoutSet({ title: 'x', selection: { mode: 'some' } } as never),
      'INVALID_ARGUMENT'
    )
    expect(snapshot(archive)).toEqual(before)
  })
})

describe('rendering a handout', () => {
  async function annotate(): Promise<{ a: string; b: string }> {
    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Baku was liberated' },
      tagIds: [tagId('Claim'), tagId('Loaded language')],
      note: 'Whose word is this?'
    })
    await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: '1,130 martyrs' },
      tagIds: [tagId('Number')],
      note: 'A figure to check.'
    })
    const b = await archive.createAnnotation({
      sourceId: fr.id,
      target: { quote: 'est entrée à Bakou le .' },
      tagIds: [tagId('Date')],
      note: 'La date manque.'
    })
    await archive.createLink({ from: a.id, to: b.id, relation: 'same-event' })
    return { a: a.id, b: b.id }
  }

  it('prints the selected passages with notes and questions in all three layouts', async () => {
    const { a } = await annotate()
    for (const layout of ['excerpts', 'full', 'parallel'] as const) {
      const set = await archive.createHandoutSet({
        title: `Baku, ${layout}`,
        layout,
        sourceIds: [en.id, fr.id],
        questions: { [a]: 'What does each account say happened?' }
      })
      const result = await archive.renderHandout({ setId: set.id })
      expect(result.fileName).toBe(`Baku, ${layout}.pdf`)
      expect(result.pages).toBeGreaterThan(0)
      const text = pdfText(result.pdf)
      for (const words of [
        'Baku was liberated',
        '1,130 martyrs',
        'est entrée à Bakou le .',
        'Whose word is this?',
        'La date manque.',
        'What does each account say happened?'
      ]) {
        expect(text, `${layout}: ${words}`).toContain(words)
      }
    }
  })

  it('prints only what the selection picks: by tag, linked passages, hand-picked', async () => {
    const { a } = await annotate()
    const byTag = await archive.renderHandout({
      set: {
        title: 'Numbers',
        sourceIds: [en.id, fr.id],
        selection: { mode: 'tags', tagIds: [tagId('Number')], annotationIds: [] }
      }
    })
    expect(pdfText(byTag.pdf)).toContain('1,130 martyrs')
    expect(pdfText(byTag.pdf)).not.toContain('Whose word is this?')
    const links = await archive.renderHandout({
      set: {
        title: 'Links',
        sourceIds: [en.id, fr.id],
        selection: { mode: 'links', tagIds: [], annotationIds: [] }
      }
    })
    expect(pdfText(links.pdf)).toContain('La date manque.')
    expect(pdfText(links.pdf)).not.toContain('A figure to check.')
    const picked = await archive.renderHandout({
      set: {
        title: 'One',
        sourceIds: [en.id],
        selection: { mode: 'picked', tagIds: [], annotationIds: [a] }
      }
    })
    expect(pdfText(picked.pdf)).toContain('Whose word is this?')
    expect(pdfText(picked.pdf)).not.toContain('A figure to check.')
  })

  it('leaves out orphaned annotations and says so', async () => {
    await annotate()
    await archive.editSourceText(en.id, en.text.replace('1,130 martyrs', 'many soldiers'))
    const result = await archive.renderHandout({
      set: { title: 'After an edit', sourceIds: [en.id] }
    })
    expect(result.warnings).toContain(
      '1 orphaned annotation was left out: its words are no longer in the text.'
    )
    expect(pdfText(result.pdf)).not.toContain('A figure to check.')
  })

  it('refuses an empty set, deleted sources, a lone parallel source and too many pages, writing nothing', async () => {
    await expectArchiveError(
      archive.renderHandout({ set: { title: 'Nothing' } }),
      'INVALID_ARGUMENT',
      /no sources yet/
    )
    await expectArchiveError(
      archive.renderHandout({ set: { title: 'Bare', sourceIds: [en.id] } }),
      'INVALID_ARGUMENT',
      /nothing to print/
    )
    await expectArchiveError(
      archive.renderHandout({ set: { title: 'One', layout: 'parallel', sourceIds: [en.id] } }),
      'INVALID_ARGUMENT',
      /add a second source/
    )
    const set = await archive.createHandoutSet({
      title: 'Gone',
      layout: 'full',
      sourceIds: [en.id, fr.id]
    })
    await archive.deleteSource(fr.id)
    await expectArchiveError(
      archive.renderHandout({ setId: set.id }),
      'NOT_FOUND',
      /a source that is no longer in the archive/
    )
    const long = await archive.createSource({
      title: 'Long',
      text: Array.from(
        { length: 4000 },
        (_, i) =>
          `Paragraph ${i}: the army entered the city in September, after long fighting around the oil fields.`
      ).join('\n\n')
    })
    await expectArchiveError(
      archive.renderHandout(
        { set: { title: 'Long', layout: 'full', sourceIds: [long.id] } },
        { maxPages: 5 }
      ),
      'TOO_LARGE'
    )
    await expectArchiveError(
      archive.renderHandout({ set: { title: 'x', sourceIds: [en.id] } }, { maxPages: 5000 }),
      'INVALID_ARGUMENT',
      /maxPages/
    )
  })
})

describe('tag letters', () => {
  it('are short, unique and follow the names', () => {
    const t = (name: string, id = name): Tag => tagOf(name, { id })
    const letters = tagLetters([
      t('Person'),
      t('Place'),
      t('Claim'),
      t('claims'),
      t('Loaded language')
    ])
    expect([...letters.values()]).toEqual(['P', 'Pl', 'C', 'Cl', 'L'])
  })
})

describe('a handout’s citation style', () => {
  it('is Chicago notes and bibliography for a new set, and can be any built-in or added style', async () => {
    const { archive: a } = tempArchive({ sample: true })
    const ids = (await a.listSources()).map((s) => s.id)
    const set = await a.createHandoutSet({ title: 'Styles', sourceIds: ids, layout: 'full' })
    expect(set.style).toBe('chicago-notes-bibliography')
    expect((await a.updateHandoutSet(set.id, { style: 'apa' })).style).toBe('apa')
    await expectArchiveError(
      a.updateHandoutSet(set.id, { style: 'no-such-style' }),
      'INVALID_ARGUMENT',
      /There is no citation style "no-such-style" in this archive/
    )
    const xml = readFileSync(join(RESOURCES, 'csl/modern-language-association.csl'), 'utf8')
    const added = await a.addCitationStyle(
      xml.replace(/<title>[^<]*<\/title>/, '<title>House MLA</title>'),
      'house.csl'
    )
    expect(added).toMatchObject({ title: 'House MLA', class: 'in-text', builtin: false })
    await a.updateHandoutSet(set.id, { style: added.id })
    const pdf = await a.renderHandout({ setId: set.id })
    expect(pdf.warnings).toEqual([])
    expect((await a.listCitationStyles()).map((s) => s.title)).toContain('House MLA')
  })
})
