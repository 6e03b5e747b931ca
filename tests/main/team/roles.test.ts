// What each role may do, enforced by the database itself: members connect with plain SQL, not through Parallax.

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../src/main/archive/archive'
import { startCluster, type Cluster } from '../../helpers/postgres'
import { joinAs, makeTeam, shareSample, sync, withClient, type Team } from '../../helpers/team'

let cluster: Cluster
let team: Team
let owner: Archive
let annotationOfAysel: string
const open: Archive[] = []

beforeAll(async () => {
  cluster = await startCluster()
  team = await makeTeam(cluster, {
    Leyla: 'owner',
    Aysel: 'editor',
    Hamid: 'annotator',
    Vusal: 'viewer'
  })
  owner = await shareSample(team, 'Leyla')
  const aysel = await joinAs(team, 'Aysel')
  open.push(owner, aysel)
  const en = (await aysel.listSources()).find((s) => s.language === 'en')!.id
  annotationOfAysel = (
    await aysel.createAnnotation({ sourceId: en, target: { quote: 'Baku' }, note: 'Aysel' })
  ).id
  await sync(aysel)
}, 180_000)
afterAll(() => {
  for (const a of open.splice(0)) a.close()
  cluster?.remove()
})

/** Runs SQL as a member, with plain node-postgres; resolves with the outcome, never throws. */
async function as(member: string, sql: string): Promise<{ rows: number; error?: string }> {
  return withClient(team.urls[member], async (client: pg.Client) => {
    try {
      const r = await client.query(sql)
      return { rows: r.rowCount ?? 0 }
    } catch (error) {
      return { rows: 0, error: (error as Error).message }
    }
  })
}

const LATER = '{"note": "999999999999999.00000.x", "title": "999999999999999.00000.x"}'

describe('roles, enforced by the database', () => {
  it('a viewer reads everything and writes nothing', async () => {
    expect((await as('Vusal', 'SELECT * FROM parallax.sources')).rows).toBe(2)
    expect((await as('Vusal', `UPDATE parallax.sources SET title = 'x'`)).error).toMatch(
      /permission denied/
    )
    expect(
      (
        await as(
          'Vusal',
          `INSERT INTO parallax.annotations (id, created_by) VALUES ('V1', 'Vusal')`
        )
      ).error
    ).toMatch(/permission denied/)
    expect((await as('Vusal', 'DELETE FROM parallax.annotations')).error).toMatch(
      /permission denied/
    )
  })

  it('an annotator writes their own annotations only, and nothing of the sources or the codebook', async () => {
    expect(
      (
        await as(
          'Hamid',
          `INSERT INTO parallax.annotations (id, source_id, created_by, note) VALUES ('H1', 'x', 'Hamid', 'mine')`
        )
      ).rows
    ).toBe(1)
    expect(
      (
        await as(
          'Hamid',
          `INSERT INTO parallax.annotations (id, source_id, created_by) VALUES ('H2', 'x', 'Aysel')`
        )
      ).error
    ).toMatch(/row-level security/)
    // Someone else's annotation is not there for him to change.
    const other = await as(
      'Hamid',
      `UPDATE parallax.annotations SET note = 'changed', clocks = clocks || '${LATER}' WHERE id = '${annotationOfAysel}'`
    )
    expect(other.rows).toBe(0)
    expect((await as('Hamid', `UPDATE parallax.sources SET title = 'x'`)).error).toMatch(
      /permission denied/
    )
    expect((await as('Hamid', `UPDATE parallax.tags SET name = 'x'`)).error).toMatch(
      /permission denied/
    )
    expect((await as('Hamid', 'DELETE FROM parallax.annotations')).error).toMatch(
      /permission denied/
    )
    expect(
      (await as('Hamid', `INSERT INTO parallax.members VALUES ('Eve', 'eve', 'owner')`)).error
    ).toMatch(/permission denied/)
    const note = await withClient(team.adminUrl, (c) =>
      c.query(`SELECT note FROM parallax.annotations WHERE id = $1`, [annotationOfAysel])
    )
    expect(note.rows[0].note).toBe('Aysel')
  })

  it('an editor changes sources and the codebook; only members write at all', async () => {
    const r = await as(
      'Aysel',
      `UPDATE parallax.sources SET title = 'Retitled', clocks = clocks || '${LATER}'`
    )
    expect(r.error).toBeUndefined()
    expect(r.rows).toBe(2)
    expect(
      (await as('Aysel', `INSERT INTO parallax.members VALUES ('Eve', 'eve', 'owner')`)).error
    ).toMatch(/permission denied/)
    // A PostgreSQL user of the same server who is no member cannot even read.
    await withClient(team.adminUrl, (c) =>
      c.query(`CREATE ROLE outsider_${process.pid} LOGIN PASSWORD 'pw'`)
    )
    const outsider = new pg.Client({
      connectionString: `postgres://outsider_${process.pid}:pw@127.0.0.1:${cluster.port}/${team.database}?sslmode=disable`
    })
    await outsider.connect()
    await expect(outsider.query('SELECT * FROM parallax.sources')).rejects.toThrow(
      /permission denied/
    )
    await outsider.end()
  })

  it('a change made with plain SQL carries a feed number and the member who made it', async () => {
    const row = await withClient(team.adminUrl, (c) =>
      c.query(`SELECT changed_by, seq FROM parallax.annotations WHERE id = 'H1'`)
    )
    expect(row.rows[0].changed_by).toBe('Hamid')
    expect(Number(row.rows[0].seq)).toBeGreaterThan(0)
  })
})
