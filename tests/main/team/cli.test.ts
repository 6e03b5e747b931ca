// The team commands as an administrator and members type them, and the one-line errors of bad addresses and servers.

import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../../helpers/cli'
import { tempDir } from '../../helpers/archive'
import { freshDatabase, startCluster, type Cluster } from '../../helpers/postgres'

let cluster: Cluster

beforeAll(async () => {
  cluster = await startCluster()
}, 120_000)
afterAll(() => cluster?.remove())

function json<T>(run: { code: number; out: string; err: string }): T {
  expect(run.code, run.err).toBe(0)
  return JSON.parse(run.out) as T
}

describe('team commands', () => {
  it('init, add members, share, join, sync and status, with no password ever printed but the new one', async () => {
    const db = await freshDatabase(cluster)
    const admin = cluster.url(db)
    const dir = tempDir()
    json(await cli('--json', 'team', 'init', admin, '--name', 'Baku 1918'))
    const owner = json<{ user: string; password: string }>(
      await cli('--json', 'team', 'add-member', 'Leyla', '--role', 'owner', '--url', admin)
    )
    const student = json<{ user: string; password: string }>(
      await cli('--json', 'team', 'add-member', 'Hamid', '--role', 'annotator', '--url', admin)
    )
    const members = json<{ name: string; role: string }[]>(
      await cli('--json', 'team', 'members', '--url', admin)
    )
    expect(members.map((m) => [m.name, m.role])).toEqual([
      ['Hamid', 'annotator'],
      ['Leyla', 'owner']
    ])
    const url = (m: { user: string; password: string }): string =>
      `postgres://${m.user}:${encodeURIComponent(m.password)}@127.0.0.1:${cluster.port}/${db}?sslmode=disable`
    const mine = join(dir, 'mine.parallax')
    const shared = await cli('--archive', mine, '--with-sample', 'team', 'share', url(owner))
    expect(shared.code, shared.err).toBe(0)
    expect(shared.out).toMatch(/Shared this archive as Leyla/)
    const copy = join(dir, 'hamid.parallax')
    const joined = await cli('--archive', copy, 'team', 'join', url(student), '--as', 'Hamid')
    expect(joined.out).toMatch(/Joined as Hamid \(annotator\)/)
    const list = json<{ id: string; language: string }[]>(
      await cli('--archive', copy, '--json', 'list')
    )
    expect(list).toHaveLength(2)
    // Hamid annotates with the CLI; his password comes from the environment, as for psql.
    process.env.PGPASSWORD = student.password
    try {
      const en = list.find((s) => s.language === 'en')!.id
      json(
        await cli(
          '--archive',
          copy,
          '--json',
          'annotate',
          en,
          '--quote',
          'Baku was liberated',
          '--note',
          'a claim'
        )
      )
      const synced = await cli('--archive', copy, 'sync')
      expect(synced.out).toMatch(/Sent 1, received/)
      const status = json<{ member: string; pending: number; state: string; url: string }>(
        await cli('--archive', copy, '--json', 'team', 'status')
      )
      expect([status.member, status.pending, status.state]).toEqual(['Hamid', 0, 'synced'])
      expect(status.url).not.toContain(student.password)
    } finally {
      delete process.env.PGPASSWORD
    }
    process.env.PGPASSWORD = owner.password
    try {
      await cli('--archive', mine, 'sync')
    } finally {
      delete process.env.PGPASSWORD
    }
    const notes = json<{ note: string; createdBy: string }[]>(
      await cli('--archive', mine, '--json', 'annotations')
    )
    expect(notes.map((n) => [n.note, n.createdBy])).toContainEqual(['a claim', 'Hamid'])
  })

  it('bad addresses, passwords, servers and databases each get one clear line, naming no password', async () => {
    const db = await freshDatabase(cluster)
    const dir = tempDir()
    const secret = 'Sup3r-Secret'
    const cases: [string[], RegExp][] = [
      [['team', 'join', 'not a url'], /PostgreSQL address/],
      [
        ['team', 'join', `postgres://u:${secret}@127.0.0.1:1/${db}?sslmode=disable`],
        /nothing answers there/
      ],
      [
        [
          'team',
          'join',
          `postgres://postgres:${secret}@127.0.0.1:${cluster.port}/${db}?sslmode=disable`
        ],
        /refused the password of postgres/
      ],
      [
        [
          'team',
          'join',
          `postgres://postgres:${encodeURIComponent(cluster.password)}@127.0.0.1:${cluster.port}/nosuchdb?sslmode=disable`
        ],
        /no database "nosuchdb"/
      ],
      [['team', 'join', `${cluster.url(db)}`], /not a Parallax team archive/],
      [
        ['team', 'add-member', 'X', '--role', 'boss', '--url', cluster.url(db)],
        /--role must be one of/
      ],
      [
        ['team', 'join', `postgres://u@127.0.0.1:${cluster.port}/${db}?sslmode=sometimes`],
        /sslmode must be one of/
      ]
    ]
    for (const [args, message] of cases) {
      const run = await cli('--archive', join(dir, 'x.parallax'), ...args)
      expect(run.code, args.join(' ')).toBe(1)
      expect(run.errLines, run.err).toHaveLength(1)
      expect(run.err).toMatch(message)
      expect(run.err).not.toContain(secret)
      expect(run.err).not.toContain(cluster.password)
    }
  })
})
