// Editing a source's text: revisions, and annotations and link ends that stay on their words or become orphans.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import type { Annotation, Source } from '../../../src/shared/model'
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

beforeEach(async () => {
  ;({ t, archive, en, fr } = await sampleArchive())
})
afterEach(() => t.cleanup())

async function mark(quote: string, source = en): Promise<Annotation> {
  return archive.createAnnotation({
    sourceId: source.id,
    target: { quote },
    note: `note on ${quote}`
  })
}

async function on(id: string): Promise<string | null> {
  const a = await archive.getAnnotation(id)
  if (a.status === 'orphan') return null
  const text = (await archive.getSource(a.sourceId)).text
  return text.slice(a.start, a.end)
}

describe('editing a source', () => {
  it('keeps, stretches, moves and orphans annotations as the words go, and reports the counts', async () => {
    const gangs = await mark('Bolshevik and Armenian gangs')
    const liberated = await mark('Baku was liberated')
    const general = await mark('Selçuk Bayraktaroğlu')
    const martyrs = await mark('1,130 martyrs')
    const withdraw = await mark('they had to withdraw')
    let text = `Editor's note: this copy was cleaned.\n\n${en.text}`
    text = text.replace('Bolshevik and Armenian gangs', 'Bolshevik and Armenian armed gangs')
    text = text.replace('1,130 martyrs', '1,130 soldiers')
    text = text.replace(
      'But in less than two months, they had to withdraw',
      'Within two months, however, they had to withdraw'
    )
    const result = await archive.editSourceText(en.id, text, 'Clean-up')
    expect(result).toMatchObject({ changed: true, revision: 3, kept: 3, moved: 1, orphaned: 1 })
    expect(result.orphanIds).toEqual([martyrs.id])
    expect(await on(gangs.id)).toBe('Bolshevik and Armenian armed gangs')
    expect(await on(liberated.id)).toBe('Baku was liberated')
    expect(await on(general.id)).toBe('Selçuk Bayraktaroğlu')
    expect(await on(withdraw.id)).toBe('they had to withdraw')
    const orphans = await archive.listAnnotations({ status: 'orphan' })
    expect(orphans).toHaveLength(1)
    expect(orphans[0]).toMatchObject({
      exact: '1,130 martyrs',
      note: 'note on 1,130 martyrs',
      status: 'orphan'
    })
    expect((await archive.archiveInfo()).orphans).toBe(1)
    // The orphan is re-attached to a new selection by the user.
    const now = (await archive.getSource(en.id)).text
    const at = now.indexOf('1,130 soldiers')
    const back = await archive.updateAnnotation(martyrs.id, { target: { start: at, end: at + 14 } })
    expect(back).toMatchObject({
      status: 'anchored',
      exact: '1,130 soldiers',
      note: 'note on 1,130 martyrs'
    })
  })

  it('keeps link ends on their passages through an edit', async () => {
    const a = await mark('Baku was liberated')
    const b = await mark("l'armée de Nouri Pacha est entrée à Bakou le .", fr)
    const link = await archive.createLink({ from: a.id, to: b.id, relation: 'same-event' })
    await archive.editSourceText(
      fr.id,
      `Note de lecture.\n\n${fr.text.replace('Cette bataille', 'Cette grande bataille')}`,
      'A note before the text, a word after the passage'
    )
    expect(await on(b.id)).toBe("l'armée de Nouri Pacha est entrée à Bakou le .")
    expect((await archive.listLinks({ annotationId: b.id }))[0].id).toBe(link.id)
  })

  it('keeps every revision, restores an old one, and re-attaches orphans that fit again', async () => {
    const martyrs = await mark('1,130 martyrs')
    await archive.editSourceText(
      en.id,
      en.text.replace('1,130 martyrs', '1,130 soldiers'),
      'Neutral wording'
    )
    expect((await archive.getAnnotation(martyrs.id)).status).toBe('orphan')
    const revisions = await archive.listRevisions(en.id)
    expect(revisions.map((r) => [r.n, r.current])).toEqual([
      [1, false],
      [2, false],
      [3, true]
    ])
    expect(revisions[0].note).toMatch(/seed file/)
    expect((await archive.getRevision(en.id, 1)).text.startsWith(' date 2025-09-15 Monday')).toBe(
      true
    )
    const restored = await archive.restoreRevision(en.id, 2)
    expect(restored).toMatchObject({ revision: 4, reattached: 1 })
    expect(await on(martyrs.id)).toBe('1,130 martyrs')
    expect((await archive.listRevisions(en.id)).at(-1)?.note).toBe('Restored revision 2')
  })

  it('makes no revision when the text is unchanged, and refuses bad edits without changing anything', async () => {
    await mark('Baku was liberated')
    const same = await archive.editSourceText(en.id, en.text)
    expect(same).toMatchObject({ changed: false, revision: 2, kept: 1 })
    const before = snapshot(archive)
    await expectArchiveError(
      archive.editSourceText(en.id, '   \n\n '),
      'INVALID_ARGUMENT',
      /cannot be emptied/
    )
    await expectArchiveError(archive.editSourceText(en.id, 42 as never), 'INVALID_ARGUMENT')
    await expectArchiveError(archive.editSourceText('NOSUCHID', 'text'), 'NOT_FOUND')
    await expectArchiveError(archive.getRevision(en.id, 9), 'NOT_FOUND')
    await expectArchiveError(archive.restoreRevision(en.id, 0), 'INVALID_ARGUMENT')
    expect(snapshot(archive)).toEqual(before)
  })

  it('undoes an edit with its re-anchoring in one step', async () => {
    const martyrs = await mark('1,130 martyrs')
    const before = snapshot(archive)
    await archive.editSourceText(en.id, en.text.replace('1,130 martyrs', 'many soldiers'))
    expect((await archive.getAnnotation(martyrs.id)).status).toBe('orphan')
    await archive.undo()
    expect(snapshot(archive)).toEqual(before)
    expect(await on(martyrs.id)).toBe('1,130 martyrs')
  })
})

describe('CSV and Markdown export', () => {
  it('writes passages with citation data, tags, notes and link targets', async () => {
    const tags = await archive.listTags()
    const claim = tags.find((x) => x.name === 'Claim')!
    const a = await archive.createAnnotation({
      sourceId: en.id,
      target: { quote: 'Baku was liberated' },
      tagIds: [claim.id],
      note: '=SUM(1) "liberated", says who?'
    })
    const b = await archive.createAnnotation({
      sourceId: fr.id,
      target: { quote: 'entrée à Bakou le .' },
      tagIds: [claim.id],
      note: 'Date missing'
    })
    await archive.createLink({ from: a.id, to: b.id, relation: 'same-event' })
    const csv = await archive.exportAnnotations('csv')
    expect(csv.startsWith('\uFEFFannotation_id,source_id,source_title')).toBe(true)
    expect(csv).toContain(`"'=SUM(1) ""liberated"", says who?"`)
    expect(csv).toContain('same event as: “entrée à Bakou le .” (Bataille de Bakou ¶2)')
    expect(csv).toContain('CC BY-SA 4.0')
    const md = await archive.exportAnnotations('md', { tagId: claim.id })
    expect(md).toContain('## Bataille de Bakou')
    expect(md).toContain('> Baku was liberated')
    expect(md).toContain('— ¶11 · Tags: Claim')
    expect(md).toContain(
      'Contributeurs de Wikipédia. *Bataille de Bakou*. Wikipédia (fr). <https://fr.wikipedia.org/wiki/Bataille_de_Bakou>. CC BY-SA 4.0'
    )
    const onlyFr = await archive.exportAnnotations('md', { sourceId: fr.id })
    expect(onlyFr).not.toContain('> Baku was liberated')
    await expectArchiveError(archive.exportAnnotations('pdf' as never), 'INVALID_ARGUMENT')
  })
})
