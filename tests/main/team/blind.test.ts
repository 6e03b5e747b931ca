// Blind coding: members of a team archive cannot see each other's coding of a source marked "code
// independently" until they hand it in; enforced by the database (plain SQL as each member) and so
// in their synced copies, which never receive what their member may not see.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { TeamService } from '../../../src/main/team/service'
import { tempDir } from '../../helpers/archive'
import { cli } from '../../helpers/cli'
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
let team: Team
const copies: Record<string, Archive> = {}
const services: Record<string, TeamService> = {}
/** The source coded independently, and one of the sample's (already annotated) sources. */
let blind: string
let annotated: string
/** A second source, for the commands. */
let second: string

const TEXT =
  'Baku, 1918. The oil workers met at dawn by the harbour.\n\nThe council argued until night about bread, wages and the ships.'

beforeAll(async () => {
  cluster = await startCluster()
  team = await makeTeam(cluster, {
    Leyla: 'owner',
    Aysel: 'annotator',
    Hamid: 'editor',
    Vusal: 'viewer'
  })
  copies.Leyla = await shareSample(team, 'Leyla')
  blind = (await copies.Leyla.createSource({ title: 'Harbour council', text: TEXT })).id
  second = (await copies.Leyla.createSource({ title: 'Second council', text: TEXT })).id
  await copies.Leyla.createAnnotation({
    sourceId: (await copies.Leyla.listSources()).find((s) => s.language === 'en')!.id,
    target: { quote: 'Baku' },
    note: 'before anything'
  })
  annotated = (await copies.Leyla.listAnnotations())[0].sourceId
  await sync(copies.Leyla)
  for (const name of ['Aysel', 'Hamid', 'Vusal']) copies[name] = await joinAs(team, name)
  for (const [name, archive] of Object.entries(copies))
    services[name] = new TeamService(archive, { copiesDir: tempDir() })
}, 180_000)

afterAll(async () => {
  for (const s of Object.values(services)) await s.stop()
  for (const a of Object.values(copies)) a.close()
  cluster?.remove()
})

/** Rows a member gets back with plain SQL (node-postgres, not Parallax), or the server's refusal. */
async function as(
  member: string,
  sql: string,
  params: unknown[] = []
): Promise<{ rows: Record<string, unknown>[]; count: number; error?: string }> {
  return withClient(team.urls[member], async (client) => {
    try {
      const r = await client.query(sql, params)
      return { rows: r.rows, count: r.rowCount ?? 0 }
    } catch (error) {
      return { rows: [], count: 0, error: (error as Error).message }
    }
  })
}

/** Whose annotations a member's plain SQL finds on the blind source, with their notes. */
async function seenByServer(member: string): Promise<string[]> {
  const r = await as(
    member,
    'SELECT created_by, note FROM parallax.annotations WHERE source_id = $1 AND NOT deleted ORDER BY note',
    [blind]
  )
  return r.rows.map((x) => `${String(x.created_by)}: ${String(x.note)}`)
}

/** The same, in the member's own copy. */
async function seenInCopy(member: string): Promise<string[]> {
  return (await copies[member].listAnnotations({ sourceId: blind }))
    .map((a) => `${a.createdBy}: ${a.note}`)
    .sort()
}

async function linksSeenByServer(member: string): Promise<number> {
  return (await as(member, 'SELECT id FROM parallax.links WHERE NOT deleted')).count
}

async function serverBlind(): Promise<{ marked: number; handins: number }> {
  return withClient(team.adminUrl, async (c) => ({
    marked: (await c.query('SELECT 1 FROM parallax.blind_sources')).rowCount ?? 0,
    handins: (await c.query('SELECT 1 FROM parallax.handins')).rowCount ?? 0
  }))
}

async function syncAll(): Promise<void> {
  for (const name of ['Leyla', 'Aysel', 'Hamid', 'Vusal']) await sync(copies[name])
}

describe('blind coding', () => {
  it('refuses, in one line and changing nothing, a non-owner marking, an annotated or unknown source, and a hand-in of a source not marked', async () => {
    const before = await serverBlind()
    await expect(
      services.Hamid.setCodeIndependently({ sourceIds: [blind], on: true })
    ).rejects.toThrow(
      /^Only an owner can mark sources to be coded independently; Hamid is editor\.$/
    )
    await expect(
      services.Leyla.setCodeIndependently({ sourceIds: [blind, annotated], on: true })
    ).rejects.toThrow(/already has annotations: mark a source for independent coding before/)
    await expect(
      services.Leyla.setCodeIndependently({ sourceIds: [blind, 'S-nope'], on: true })
    ).rejects.toThrow(/^There is no source S-nope\.$/)
    await expect(services.Aysel.handInCoding({ sourceId: blind })).rejects.toThrow(
      /^“Harbour council” is not coded independently: there is nothing to hand in\.$/
    )
    await expect(services.Aysel.handInCoding({ sourceId: 'S-nope' })).rejects.toThrow(
      /^There is no source S-nope\.$/
    )
    await expect(services.Leyla.setCodeIndependently({ sourceIds: [], on: true })).rejects.toThrow(
      /Name the sources/
    )
    // Plain SQL: only an owner marks, and nobody hands in for somebody else.
    expect(
      (
        await as(
          'Hamid',
          `INSERT INTO parallax.blind_sources (source_id, marked_by) VALUES ($1, 'Hamid')`,
          [blind]
        )
      ).error
    ).toMatch(/permission denied/)
    expect(await serverBlind()).toEqual(before)
    expect(before).toEqual({ marked: 0, handins: 0 })
    for (const name of Object.keys(copies))
      expect((await services[name].teamStatus())!.blind).toEqual([])
  })

  it("hides each member's coding from the others until they hand in, in the database and in every copy", async () => {
    const status = await services.Leyla.setCodeIndependently({ sourceIds: [blind], on: true })
    expect(status.blind).toEqual([{ sourceId: blind, handedIn: false, handedInBy: [] }])
    await syncAll()
    expect((await services.Aysel.teamStatus())!.blind).toEqual([
      { sourceId: blind, handedIn: false, handedInBy: [] }
    ])

    // Aysel codes: two annotations and a link between them; Hamid codes too.
    const a1 = await copies.Aysel.createAnnotation({
      sourceId: blind,
      target: { quote: 'oil workers' },
      note: 'Aysel: workers'
    })
    const a2 = await copies.Aysel.createAnnotation({
      sourceId: blind,
      target: { quote: 'bread' },
      note: 'Aysel: bread'
    })
    await copies.Aysel.createLink({ from: a1.id, to: a2.id, relation: 'adds-detail' })
    await copies.Hamid.createAnnotation({
      sourceId: blind,
      target: { quote: 'harbour' },
      note: 'Hamid: harbour'
    })
    await syncAll()
    // Later work elsewhere moves every copy's place in the feed past the hidden records.
    await copies.Leyla.createTag({ name: 'Harbour' })
    await syncAll()
    await syncAll()

    // By plain SQL, each sees their own only; the owner sees nobody's yet.
    expect(await seenByServer('Aysel')).toEqual(['Aysel: Aysel: bread', 'Aysel: Aysel: workers'])
    expect(await seenByServer('Hamid')).toEqual(['Hamid: Hamid: harbour'])
    expect(await seenByServer('Leyla')).toEqual([])
    expect(await seenByServer('Vusal')).toEqual([])
    expect(await linksSeenByServer('Aysel')).toBe(1)
    expect(await linksSeenByServer('Hamid')).toBe(0)
    expect(await linksSeenByServer('Leyla')).toBe(0)
    // Nor through the history of changes, nor by changing what they cannot see (Hamid is an editor).
    expect(
      (
        await as('Hamid', `SELECT 1 FROM parallax.history WHERE record_id = ANY($1)`, [
          [a1.id, a2.id]
        ])
      ).count
    ).toBe(0)
    expect(
      (await as('Hamid', `UPDATE parallax.annotations SET note = 'x' WHERE id = $1`, [a1.id])).count
    ).toBe(0)
    // The copies got what their member may see, no more.
    expect(await seenInCopy('Aysel')).toEqual(['Aysel: Aysel: bread', 'Aysel: Aysel: workers'])
    expect(await seenInCopy('Hamid')).toEqual(['Hamid: Hamid: harbour'])
    expect(await seenInCopy('Leyla')).toEqual([])
    expect(await seenInCopy('Vusal')).toEqual([])
  })

  it('after Aysel hands in, the owner sees her work; Hamid, who has not, still does not', async () => {
    const status = await services.Aysel.handInCoding({ sourceId: blind })
    expect(status.blind).toEqual([{ sourceId: blind, handedIn: true, handedInBy: ['Aysel'] }])
    // Handing in again changes nothing.
    await services.Aysel.handInCoding({ sourceId: blind })
    await syncAll()
    expect(await seenByServer('Leyla')).toEqual(['Aysel: Aysel: bread', 'Aysel: Aysel: workers'])
    expect(await seenByServer('Hamid')).toEqual(['Hamid: Hamid: harbour'])
    expect(await seenByServer('Aysel')).toEqual(['Aysel: Aysel: bread', 'Aysel: Aysel: workers'])
    expect(await linksSeenByServer('Leyla')).toBe(1)
    expect(await linksSeenByServer('Hamid')).toBe(0)
    expect(await seenInCopy('Leyla')).toEqual(['Aysel: Aysel: bread', 'Aysel: Aysel: workers'])
    expect(await seenInCopy('Hamid')).toEqual(['Hamid: Hamid: harbour'])
    expect(await seenInCopy('Vusal')).toEqual([])
    expect((await services.Hamid.teamStatus())!.blind).toEqual([
      { sourceId: blind, handedIn: false, handedInBy: ['Aysel'] }
    ])
    // Nobody hands in for someone else, even by plain SQL.
    expect(
      (
        await as('Hamid', `INSERT INTO parallax.handins (source_id, member) VALUES ($1, 'Vusal')`, [
          blind
        ])
      ).error
    ).toMatch(/row-level security/)
  })

  it('once Hamid hands in too, Aysel and he see each other’s coding, links included; edits after travel as usual', async () => {
    await services.Hamid.handInCoding({ sourceId: blind })
    await syncAll()
    const both = ['Aysel: Aysel: bread', 'Aysel: Aysel: workers', 'Hamid: Hamid: harbour']
    for (const name of ['Aysel', 'Hamid', 'Leyla']) {
      expect(await seenByServer(name)).toEqual(both)
      expect(await seenInCopy(name)).toEqual(both)
      expect(await linksSeenByServer(name)).toBe(1)
    }
    expect(await seenByServer('Vusal')).toEqual([])
    expect(await seenInCopy('Vusal')).toEqual([])
    expect((await copies.Hamid.listAnnotations({ sourceId: blind })).length).toBe(3)

    const mine = (await copies.Aysel.listAnnotations({ sourceId: blind })).find(
      (a) => a.note === 'Aysel: bread'
    )!
    await copies.Aysel.updateAnnotation(mine.id, { note: 'Aysel: bread and wages' })
    await sync(copies.Aysel)
    await sync(copies.Hamid)
    expect(await seenInCopy('Hamid')).toContain('Aysel: Aysel: bread and wages')
  })

  it('no longer coded independently, everyone sees everything, and every copy holds what the server holds', async () => {
    await expect(
      services.Aysel.setCodeIndependently({ sourceIds: [blind], on: false })
    ).rejects.toThrow(/Only an owner/)
    const status = await services.Leyla.setCodeIndependently({ sourceIds: [blind], on: false })
    expect(status.blind).toEqual([])
    await syncAll()
    expect(await seenInCopy('Vusal')).toHaveLength(3)
    expect((await services.Vusal.teamStatus())!.blind).toEqual([])
    await expectConverged(team, Object.values(copies))
  })

  it('the commands: team blind and team hand-in, with one-line refusals that change nothing', async () => {
    const run = (member: string, ...args: string[]): ReturnType<typeof cli> =>
      cli('--archive', copies[member].path, ...args)
    const before = await serverBlind()
    for (const [member, args, message] of [
      ['Aysel', ['team', 'blind', second], /: Only an owner can mark sources/],
      ['Leyla', ['team', 'blind', second, 'S-nope'], /: There is no source S-nope\.$/],
      ['Leyla', ['team', 'blind'], /needs one or more SOURCE/],
      ['Aysel', ['team', 'hand-in', second], /is not coded independently/],
      ['Aysel', ['team', 'hand-in', 'S-nope'], /: There is no source S-nope\.$/]
    ] as const) {
      const r = await run(member, ...args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.errLines, r.err).toHaveLength(1)
      expect(r.err).toMatch(message)
    }
    expect(await serverBlind()).toEqual(before)

    const marked = await run('Leyla', 'team', 'blind', second)
    expect(marked.code, marked.err).toBe(0)
    expect(marked.out).toMatch(/1 source now coded independently/)
    await sync(copies.Aysel)
    expect((await run('Aysel', 'team', 'status')).out).toMatch(
      new RegExp(`coded independently: ${second}; you have not handed in; handed in: nobody yet`)
    )
    const handed = await run('Aysel', '--json', 'team', 'hand-in', second)
    expect(handed.code, handed.err).toBe(0)
    expect(JSON.parse(handed.out)).toEqual({
      sourceId: second,
      handedIn: true,
      handedInBy: ['Aysel']
    })
    const off = await run('Leyla', 'team', 'blind', second, '--off')
    expect(off.code, off.err).toBe(0)
    expect(off.out).toMatch(/no longer coded independently/)
    expect(await serverBlind()).toEqual(before)
  })
})
