// Team sync against a real PostgreSQL: share, join, offline edits, the same records changed by two members, convergence.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { startCluster, type Cluster } from '../../helpers/postgres'
import { expectConverged, joinAs, makeTeam, shareSample, sync, type Team } from '../../helpers/team'

let cluster: Cluster
const open: Archive[] = []

beforeAll(async () => {
  cluster = await startCluster()
}, 120_000)
afterAll(() => {
  for (const a of open.splice(0)) a.close()
  cluster?.remove()
})

async function threeCopies(): Promise<{
  team: Team
  leyla: Archive
  hamid: Archive
  aysel: Archive
}> {
  const team = await makeTeam(cluster, { Leyla: 'owner', Hamid: 'annotator', Aysel: 'editor' })
  const leyla = await shareSample(team, 'Leyla')
  const hamid = await joinAs(team, 'Hamid')
  const aysel = await joinAs(team, 'Aysel')
  open.push(leyla, hamid, aysel)
  return { team, leyla, hamid, aysel }
}

/**
 * Lets the wall clock move on, so that the next change is later than the last one in every copy
 * (clocks of changes made in the same millisecond order by member name, not by who came second).
 */
async function later(): Promise<void> {
  const now = Date.now()
  while (Date.now() <= now) await new Promise((r) => setImmediate(r))
}

const sourceOf = async (a: Archive, language: string): Promise<string> =>
  (await a.listSources()).find((s) => s.language === language)!.id

describe('team sync', () => {
  it('a shared archive joined by two members: every copy holds the same records as the server', async () => {
    const { team, leyla, hamid, aysel } = await threeCopies()
    expect((await hamid.listSources()).map((s) => s.title).sort()).toEqual(
      (await leyla.listSources()).map((s) => s.title).sort()
    )
    expect((await hamid.search('baki')).hits.length).toBeGreaterThan(0)
    expect((await hamid.archiveInfo()).author).toBe('Hamid')
    await expectConverged(team, [leyla, hamid, aysel])
  })

  it('offline edits on all three copies, then sync: everyone has everything, signed by its maker', async () => {
    const { team, leyla, hamid, aysel } = await threeCopies()
    const en = await sourceOf(leyla, 'en')
    const fr = await sourceOf(leyla, 'fr')
    const claim = (await leyla.listTags()).find((t) => t.name === 'Claim')!.id
    const a = await hamid.createAnnotation({
      sourceId: en,
      target: { quote: 'Baku was liberated' },
      tagIds: [claim],
      note: 'Whose word?'
    })
    const b = await aysel.createAnnotation({
      sourceId: fr,
      target: { quote: 'Bakou' },
      note: 'place'
    })
    await leyla.updateSource(fr, { publisher: 'Wikipédia (fr), 2025' })
    const tag = await aysel.createTag({ name: 'Rumour', color: '#332288' })
    for (const copy of [hamid, aysel, leyla, hamid, aysel]) await sync(copy)
    await expectConverged(team, [leyla, hamid, aysel])
    const seen = await leyla.getAnnotation(a.id)
    expect([seen.note, seen.createdBy, seen.tagIds]).toEqual(['Whose word?', 'Hamid', [claim]])
    expect((await hamid.getAnnotation(b.id)).createdBy).toBe('Aysel')
    expect((await hamid.getSource(fr)).publisher).toBe('Wikipédia (fr), 2025')
    expect((await hamid.listTags()).some((t) => t.id === tag.id)).toBe(true)
  })

  it('the same annotation changed by two members: per field, the later change wins', async () => {
    const { team, leyla, hamid, aysel } = await threeCopies()
    const en = await sourceOf(hamid, 'en')
    const a = await hamid.createAnnotation({
      sourceId: en,
      target: { quote: 'Baku' },
      note: 'first'
    })
    await sync(hamid)
    await sync(aysel)
    const place = (await aysel.listTags()).find((t) => t.name === 'Place')!.id
    // Hamid edits the note, then Aysel (an editor) the note and the tags, both offline.
    await hamid.updateAnnotation(a.id, { note: 'Hamid was here' })
    await later()
    await aysel.updateAnnotation(a.id, { note: 'Aysel was here', tagIds: [place] })
    await sync(hamid)
    await sync(aysel)
    await sync(hamid)
    await sync(leyla)
    const final = await hamid.getAnnotation(a.id)
    expect(final.note).toBe('Aysel was here')
    expect(final.tagIds).toEqual([place])
    await expectConverged(team, [leyla, hamid, aysel])
  })

  it('delete against edit: the later one wins, either way', async () => {
    const { team, leyla, hamid, aysel } = await threeCopies()
    const en = await sourceOf(hamid, 'en')
    const a = await hamid.createAnnotation({ sourceId: en, target: { quote: 'Baku' }, note: 'x' })
    const b = await hamid.createAnnotation({
      sourceId: en,
      target: { quote: 'liberated' },
      note: 'y'
    })
    await sync(hamid)
    await sync(aysel)
    // a: Aysel deletes, then Hamid edits (later): it comes back with the edit.
    await aysel.deleteAnnotation(a.id)
    await later()
    await hamid.updateAnnotation(a.id, { note: 'edited after the delete' })
    // b: Hamid edits, then Aysel deletes (later): it stays deleted.
    await hamid.updateAnnotation(b.id, { note: 'edited before the delete' })
    await later()
    await aysel.deleteAnnotation(b.id)
    await sync(aysel)
    await sync(hamid)
    await sync(aysel)
    await sync(leyla)
    expect((await aysel.getAnnotation(a.id)).note).toBe('edited after the delete')
    await expect(hamid.getAnnotation(b.id)).rejects.toThrow(/No annotation/)
    await expectConverged(team, [leyla, hamid, aysel])
  })
})
