// Agreement, comparison and settling on a real archive: two members' annotations, differences, one-step settling, conflicts.

import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import type { Comparison } from '../../../src/shared/compare-coders'
import type { Source, Tag } from '../../../src/shared/model'
import {
  RESOURCES,
  expectArchiveError,
  sampleArchive,
  snapshot,
  type SampleArchive
} from '../../helpers/archive'

let s: SampleArchive
const opened: Archive[] = []
afterEach(() => {
  for (const a of opened.splice(0)) a.close()
  s?.t.cleanup()
})

function as(name: string): Archive {
  const a = Archive.open({ path: s.t.path, resourcesDir: RESOURCES, author: name })
  opened.push(a)
  return a
}

const tag = (tags: Tag[], name: string): string => tags.find((t) => t.name === name)!.id

async function twoCoders(): Promise<{ ana: Archive; ben: Archive; en: Source }> {
  s = await sampleArchive()
  const ana = as('Ana')
  const ben = as('Ben')
  const en = s.en
  const mark = (a: Archive, quote: string, name: string): Promise<unknown> =>
    a.createAnnotation({ sourceId: en.id, target: { quote }, tagIds: [tag(s.tags, name)] })
  await mark(ana, 'Bolshevik and Armenian gangs', 'Loaded language')
  await mark(ben, 'Armenian gangs', 'Loaded language')
  await mark(ana, 'Baku was liberated', 'Claim')
  await mark(ben, 'Baku was liberated', 'Loaded language')
  await mark(ana, 'Enver Pasha', 'Person')
  await mark(ben, 'Enver Pasha', 'Person')
  await mark(ben, 'Ketim Veliyev', 'Person')
  return { ana, ben, en }
}

describe('agreement on an archive', () => {
  it('gives figures per tag and over all tags for the members who annotated the source', async () => {
    const { ana, en } = await twoCoders()
    const report = await ana.agreement({ sourceId: en.id })
    expect(report.coders).toEqual(['Ana', 'Ben'])
    expect(report.rows.map((r) => r.tagName)).toEqual([
      'Person',
      'Claim',
      'Loaded language',
      'All tags'
    ])
    const person = report.rows[0]
    // 14 paragraphs; Ana marks Person in 1, Ben in 2 (one shared): 13 of 14 agree.
    expect(person.percent.value).toBeCloseTo(13 / 14, 3)
    expect(person.kappa.value).toBeCloseTo(0.632, 3)
    const one = await ana.agreement({ sourceId: s.fr.id })
    expect(one.reason).toBe('nobody has annotated this source')
    const unused = await ana.agreement({
      sourceId: en.id,
      tag: 'Date',
      members: ['Ana', 'Ben', 'Cem']
    })
    expect(unused.missing).toEqual(['Cem'])
    expect(unused.rows[0].alpha.reason).toBe('nobody used “Date” on this source')
    const solo = await ana.agreement({ sourceId: en.id, members: ['Ana'] })
    expect(solo.reason).toBe('only one coder (Ana) annotated this source')
    await expectArchiveError(ana.agreement({ sourceId: en.id, tag: 'Nope' }), 'NOT_FOUND')
  })
})

describe('comparing and settling', () => {
  const kinds = (c: Comparison): string[] => c.differences.map((d) => d.kind)

  it('lists the differences and settles each in one undoable step', async () => {
    const { ana, en } = await twoCoders()
    const c = await ana.compareCoders({ sourceId: en.id, a: ['Ana'], b: ['Ben'] })
    expect(c.matching).toBe(1)
    expect(kinds(c)).toEqual(['extent', 'only-b', 'tags'])
    const [extent, onlyB, tags] = c.differences
    const seen = (m: { id: string; modified: string } | null) =>
      m && { id: m.id, modified: m.modified }

    // Merge the two extents: one agreed annotation covering both, noting both coders.
    const merged = await ana.settleDifference({
      action: 'merge',
      a: seen(extent.a),
      b: seen(extent.b)
    })
    expect(merged.annotation!.exact).toBe('Bolshevik and Armenian gangs')
    expect(merged.annotation!.note).toContain('merged from the coding of Ana and Ben')
    const agreed = (await ana.listTags()).find((t) => t.name === 'Agreed')!
    expect(merged.annotation!.tagIds).toContain(agreed.id)

    // Adopt Ana's "nothing" over Ben's extra mark: Ben's mark goes.
    const gone = await ana.settleDifference({ action: 'adopt-a', a: null, b: seen(onlyB.b) })
    expect(gone.annotation).toBeNull()
    await expectArchiveError(ana.getAnnotation(onlyB.b!.id), 'NOT_FOUND')

    // Keep both tags on the same passage.
    await ana.settleDifference({ action: 'keep-both', a: seen(tags.a), b: seen(tags.b) })
    const after = await ana.compareCoders({ sourceId: en.id, a: ['Ana'], b: ['Ben'] })
    expect(after.differences).toEqual([])
    expect(after.agreed).toHaveLength(3)
    // Settling marks are not a code: agreement leaves "Agreed" out.
    const report = await ana.agreement({ sourceId: en.id })
    expect(report.rows.map((r) => r.tagName)).not.toContain('Agreed')

    await ana.undo()
    expect(kinds(await ana.compareCoders({ sourceId: en.id, a: ['Ana'], b: ['Ben'] }))).toEqual([
      'tags'
    ])
  })

  it('refuses, changing nothing, to settle a difference someone changed meanwhile', async () => {
    const { ana, ben, en } = await twoCoders()
    const c = await ana.compareCoders({ sourceId: en.id, a: ['Ana'], b: ['Ben'] })
    const d = c.differences.find((x) => x.kind === 'tags')!
    // Ben changes his mark after Ana's comparison was made.
    await new Promise((r) => setTimeout(r, 5))
    await ben.updateAnnotation(d.b!.id, { note: 'Ben thinks again' })
    const before = snapshot(ana)
    const error = await expectArchiveError(
      ana.settleDifference({
        action: 'adopt-a',
        a: { id: d.a!.id, modified: d.a!.modified },
        b: { id: d.b!.id, modified: d.b!.modified }
      }),
      'CONFLICT',
      /Ben changed “Baku was liberated” since the comparison was made; nothing was changed/
    )
    expect((error.details as { annotation: { note: string } }).annotation.note).toBe(
      'Ben thinks again'
    )
    expect(snapshot(ana)).toEqual(before)
  })

  it('refuses bad requests with one line and leaves the archive unchanged', async () => {
    const { ana, en } = await twoCoders()
    const before = snapshot(ana)
    await expectArchiveError(
      ana.compareCoders({ sourceId: en.id, a: ['Ana'], b: ['Ana'] }),
      'INVALID_ARGUMENT',
      'Ana cannot be on both sides of a comparison.'
    )
    await expectArchiveError(
      ana.settleDifference({ action: 'merge', a: null, b: null }),
      'INVALID_ARGUMENT'
    )
    await expectArchiveError(
      // @ts-expect-error: an action that does not exist
      ana.settleDifference({ action: 'shrug', a: { id: 'x', modified: '' } }),
      'INVALID_ARGUMENT'
    )
    expect(snapshot(ana)).toEqual(before)
  })
})

describe('handouts from members’ work', () => {
  it('prints chosen authors’ notes with their names and an agreement table', async () => {
    const { ana, ben, en } = await twoCoders()
    const mine = await ana.listAnnotations({ sourceId: en.id })
    await ana.updateAnnotation(mine.find((a) => a.createdBy === 'Ana')!.id, {
      note: 'Whose word is “gangs”?'
    })
    const benNote = mine.find((a) => a.createdBy === 'Ben')!
    await ben.updateAnnotation(benNote.id, { note: 'Only the Armenians here.' })
    const set = {
      title: 'Two readings',
      layout: 'full' as const,
      sourceIds: [en.id],
      selection: {
        mode: 'all' as const,
        tagIds: [],
        annotationIds: [],
        authors: ['Ana'],
        printAuthors: true,
        agreementTable: true
      }
    }
    const saved = await ana.createHandoutSet(set)
    expect(saved.selection).toMatchObject({ authors: ['Ana'], printAuthors: true })
    const { pdf } = await ana.renderHandout({ setId: saved.id })
    const text = await pdfText(pdf)
    expect(text).toContain('Whose word is “gangs”? — Ana')
    expect(text).not.toContain('Only the Armenians here.')
    expect(text).toMatch(/Agreement between coders/)
    expect(text).toMatch(/Person\s+92\.9 %\s+0\.632\s+0\.640\s+0\.458/)
    // The Word handout has the same table, as a Word table.
    const { docx } = await ana.renderHandoutDocx({ setId: saved.id })
    const { unzipSync, strFromU8 } = await import('fflate')
    const xml = strFromU8(unzipSync(docx)['word/document.xml'])
    expect(xml).toContain('Agreement between coders')
    expect(xml).toMatch(/<w:tbl>[\s\S]*Person[\s\S]*0\.632[\s\S]*<\/w:tbl>/)
    // Notes are Word footnotes.
    const notes = strFromU8(unzipSync(docx)['word/footnotes.xml'])
    expect(notes.replace(/<[^>]+>/g, '')).toContain('Whose word is “gangs”? — Ana')
    // Only agreed annotations: none yet, so the full text prints with no highlight.
    const agreed = await ana.renderHandout({
      set: { ...set, selection: { ...set.selection, authors: [], agreedOnly: true } }
    })
    expect(await pdfText(agreed.pdf)).not.toContain('Whose word is')
    await expectArchiveError(
      ana.createHandoutSet({
        ...set,
        selection: { ...set.selection, printAuthors: 'yes' as never }
      }),
      'INVALID_ARGUMENT',
      'selection.printAuthors must be true or false.'
    )
  })
})

async function pdfText(pdf: Uint8Array): Promise<string> {
  const { execFileSync } = await import('node:child_process')
  const { existsSync, writeFileSync } = await import('node:fs')
  const path = join(s.t.dir, `h-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(path, pdf)
  if (process.env.KEEP_HANDOUT && !existsSync(process.env.KEEP_HANDOUT))
    writeFileSync(process.env.KEEP_HANDOUT, pdf)
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
}
