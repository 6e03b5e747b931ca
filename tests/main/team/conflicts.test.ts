// Team sync conflicts and refusals: two edits of one text, skewed clocks, roles, taken tag names, undo, removed members.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { removeMember } from '../../../src/main/team/admin'
import { TeamSync } from '../../../src/main/team/sync'
import { startCluster, type Cluster } from '../../helpers/postgres'
import {
  expectConverged,
  joinAs,
  makeTeam,
  shareSample,
  sync,
  withClient,
  type Team
} from '../../helpers/team'

let cluster: Cluster
const open: Archive[] = []

beforeAll(async () => {
  cluster = await startCluster()
}, 120_000)
afterAll(() => {
  for (const a of open.splice(0)) a.close()
  cluster?.remove()
})

async function later(): Promise<void> {
  const now = Date.now()
  while (Date.now() <= now) await new Promise((r) => setImmediate(r))
}

async function team3(): Promise<{ team: Team; leyla: Archive; hamid: Archive; aysel: Archive }> {
  const team = await makeTeam(cluster, { Leyla: 'owner', Hamid: 'annotator', Aysel: 'editor' })
  const leyla = await shareSample(team, 'Leyla')
  const hamid = await joinAs(team, 'Hamid')
  const aysel = await joinAs(team, 'Aysel')
  open.push(leyla, hamid, aysel)
  return { team, leyla, hamid, aysel }
}

const english = async (a: Archive): Promise<string> =>
  (await a.listSources()).find((s) => s.language === 'en')!.id

function status(archive: Archive): ReturnType<TeamSync['status']> {
  return new TeamSync(archive).status()
}

describe('two members edit the same text', () => {
  it('both revisions are kept; the later is current, the other listed as conflicting; annotations follow', async () => {
    const { team, leyla, hamid, aysel } = await team3()
    const en = await english(leyla)
    const base = (await leyla.getSource(en)).text
    const mark = await hamid.createAnnotation({
      sourceId: en,
      target: { quote: 'Baku was liberated' }
    })
    for (const copy of [hamid, leyla, aysel]) await sync(copy)
    // Both editors edit revision 2 offline: Leyla adds a first paragraph, Aysel a last one.
    await leyla.editSourceText(en, `Editor's note: a commemoration.\n\n${base}`)
    await later()
    await aysel.editSourceText(en, `${base}\n\nAysel's closing note.`)
    for (const copy of [leyla, aysel, hamid, leyla, aysel, hamid]) await sync(copy)
    for (const copy of [leyla, hamid, aysel]) {
      expect((await copy.getSource(en)).text).toBe(`${base}\n\nAysel's closing note.`)
      const revisions = await copy.listRevisions(en)
      expect(revisions.filter((r) => r.conflict).map((r) => r.createdBy)).toEqual(['Leyla'])
      const a = await copy.getAnnotation(mark.id)
      expect([a.status, a.exact]).toEqual(['anchored', 'Baku was liberated'])
    }
    expect(status(leyla).conflicts).toEqual([
      expect.objectContaining({ sourceId: en, by: 'Leyla' })
    ])
    await expectConverged(team, [leyla, hamid, aysel])
  })

  it('an annotation made on the old text by one member lands on the new text made by another', async () => {
    const { team, leyla, hamid, aysel } = await team3()
    const en = await english(aysel)
    const base = (await aysel.getSource(en)).text
    await aysel.editSourceText(en, `A new first paragraph.\n\n${base}`)
    // Hamid has not pulled the edit yet: his annotation's positions count in the old text.
    const a = await hamid.createAnnotation({ sourceId: en, target: { quote: 'red carnations' } })
    for (const copy of [aysel, hamid, leyla, aysel, hamid]) await sync(copy)
    for (const copy of [leyla, hamid, aysel]) {
      const seen = await copy.getAnnotation(a.id)
      const text = (await copy.getSource(en)).text
      expect(text.slice(seen.start, seen.end)).toBe('red carnations')
    }
    await expectConverged(team, [leyla, hamid, aysel])
  })
})

describe('clocks', () => {
  it('a member whose clock runs an hour ahead still converges, and an hour behind never loses a change it makes after seeing others', async () => {
    const { team, leyla, hamid, aysel } = await team3()
    const en = await english(hamid)
    const a = await hamid.createAnnotation({
      sourceId: en,
      target: { quote: 'Baku' },
      note: 'start'
    })
    for (const copy of [hamid, aysel, leyla]) await sync(copy)
    // Aysel's machine is an hour behind: her clock still moved past what she pulled.
    const realNow = Date.now
    Date.now = () => realNow() - 3_600_000
    try {
      await aysel.updateAnnotation(a.id, { note: 'Aysel, after reading the start' })
    } finally {
      Date.now = realNow
    }
    for (const copy of [aysel, hamid, leyla]) await sync(copy)
    expect((await hamid.getAnnotation(a.id)).note).toBe('Aysel, after reading the start')
    await expectConverged(team, [leyla, hamid, aysel])
  })
})

describe('refusals', () => {
  it('an annotator may not change a source: the change is refused, kept with the reason, and discarded on request', async () => {
    const { team, leyla, hamid } = await team3()
    const en = await english(hamid)
    await hamid.updateSource(en, { title: 'Retitled by a student' })
    const note = await hamid.createAnnotation({
      sourceId: en,
      target: { quote: 'Baku' },
      note: 'fine'
    })
    await sync(hamid)
    const st = status(hamid)
    expect(st.refused).toEqual([
      expect.objectContaining({
        kind: 'sources',
        id: en,
        reason: expect.stringMatching(/As annotator, you may not change/)
      })
    ])
    expect(st.pending).toBe(0)
    // The rest went through.
    await sync(leyla)
    expect((await leyla.getAnnotation(note.id)).note).toBe('fine')
    expect((await leyla.getSource(en)).title).not.toBe('Retitled by a student')
    // Kept here until discarded: then the copy shows the server's title again.
    expect((await hamid.getSource(en)).title).toBe('Retitled by a student')
    const s = new TeamSync(hamid)
    await s.discardRefused()
    await s.close()
    expect((await hamid.getSource(en)).title).toBe((await leyla.getSource(en)).title)
    expect(status(hamid).refused).toEqual([])
    await expectConverged(team, [leyla, hamid])
  })

  it("an annotator may not change someone else's annotation", async () => {
    const { team, leyla, hamid, aysel } = await team3()
    const en = await english(aysel)
    const a = await aysel.createAnnotation({
      sourceId: en,
      target: { quote: 'Baku' },
      note: 'Aysel'
    })
    await sync(aysel)
    await sync(hamid)
    await hamid.updateAnnotation(a.id, { note: 'Hamid overwrote it' })
    await sync(hamid)
    expect(status(hamid).refused.map((r) => r.id)).toEqual([a.id])
    await sync(leyla)
    expect((await leyla.getAnnotation(a.id)).note).toBe('Aysel')
    void team
  })

  it('two members make a tag of the same name: the second one is renamed, and both survive', async () => {
    const { team, leyla, hamid, aysel } = await team3()
    const first = await leyla.createTag({ name: 'Rumour', color: '#332288', key: null })
    const second = await aysel.createTag({ name: 'rumour', color: '#882255', key: null })
    await sync(leyla)
    await sync(aysel)
    await sync(aysel)
    for (const copy of [leyla, hamid, aysel]) await sync(copy)
    const names = (await hamid.listTags()).filter((t) => [first.id, second.id].includes(t.id))
    expect(names.map((t) => t.name).sort()).toEqual(['Rumour', 'rumour (2)'])
    expect(status(aysel).refused).toEqual([])
    await expectConverged(team, [leyla, hamid, aysel])
  })

  it('undo sends the inverse of my change, and leaves what another member wrote since', async () => {
    const { team, leyla, hamid, aysel } = await team3()
    const en = await english(hamid)
    const mine = await hamid.createAnnotation({
      sourceId: en,
      target: { quote: 'Baku' },
      note: 'mine'
    })
    const theirs = await aysel.createAnnotation({
      sourceId: en,
      target: { quote: 'liberated' },
      note: 'theirs'
    })
    for (const copy of [hamid, aysel, hamid]) await sync(copy)
    await hamid.updateAnnotation(mine.id, { note: 'mine, edited' })
    await sync(hamid)
    await aysel.updateAnnotation(mine.id, { note: 'Aysel corrected it' })
    await sync(aysel)
    await sync(hamid)
    // Hamid's undo would put back "mine": Aysel changed the note since, so it stays hers.
    await hamid.undo()
    await sync(hamid)
    await sync(leyla)
    expect((await leyla.getAnnotation(mine.id)).note).toBe('Aysel corrected it')
    // Undoing the creation removes Hamid's annotation everywhere; Aysel's stays.
    await hamid.undo()
    for (const copy of [hamid, leyla, aysel]) await sync(copy)
    await expect(aysel.getAnnotation(mine.id)).rejects.toThrow(/No annotation/)
    expect((await aysel.getAnnotation(theirs.id)).note).toBe('theirs')
    await expectConverged(team, [leyla, hamid, aysel])
  })

  it('a member removed while offline: their waiting changes are refused with the reason, nothing is sent', async () => {
    const { team, leyla, hamid } = await team3()
    const en = await english(hamid)
    await hamid.createAnnotation({ sourceId: en, target: { quote: 'Baku' }, note: 'late work' })
    await withClient(team.adminUrl, (c) => removeMember(c, 'Hamid'))
    await expect(sync(hamid)).rejects.toThrow(/no longer a member|does not let/)
    expect(status(hamid).refused).toEqual([
      expect.objectContaining({ reason: 'You are no longer a member of this team archive.' })
    ])
    await sync(leyla)
    expect((await leyla.listAnnotations()).some((a) => a.note === 'late work')).toBe(false)
  })
})
