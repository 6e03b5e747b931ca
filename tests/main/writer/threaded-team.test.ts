// The desktop app's team hooks across the writing thread: a password a dialog gives reaches the keychain on the main thread, and a team copy just joined is opened there.

import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TeamConnection } from '../../../src/shared/team'
import { ThreadedSession, type SessionHost } from '../../../src/main/writer/threaded-session'
import { RESOURCES, tempDir } from '../../helpers/archive'
import { startCluster, type Cluster } from '../../helpers/postgres'
import { makeTeam, type Team } from '../../helpers/team'

let cluster: Cluster
let team: Team

beforeAll(async () => {
  cluster = await startCluster()
  team = await makeTeam(cluster, { Leyla: 'owner', Aysel: 'editor' })
}, 180_000)

afterAll(() => cluster?.remove())

/** The connection a Share or Join dialog sends for `member`. */
function connection(member: string): TeamConnection {
  const url = new URL(team.urls[member])
  return {
    host: '127.0.0.1',
    port: cluster.port,
    database: team.database,
    user: decodeURIComponent(url.username),
    sslmode: 'disable',
    password: decodeURIComponent(url.password)
  }
}

/** A keychain in memory, as the desktop's would be seen by the session. */
function keychain(start: Record<string, string> = {}): {
  secrets: {
    get(url: string): string | undefined
    set(url: string, p: string): void
    all(): Record<string, string>
  }
  kept: Record<string, string>
  read: number
} {
  const state = { kept: { ...start }, read: 0 }
  return Object.assign(state, {
    secrets: {
      get: (url: string) => state.kept[url],
      set: (url: string, password: string) => void (state.kept[url] = password),
      all: () => {
        state.read++
        return { ...state.kept }
      }
    }
  })
}

/** A session on a new archive with the sample, given what the desktop app's main thread gives. */
function openWith(name: string, copiesDir: string, host: SessionHost): Promise<ThreadedSession> {
  return ThreadedSession.open({
    path: join(tempDir(), name),
    resourcesDir: RESOURCES,
    withSample: true,
    readWorkers: 1,
    copiesDir,
    logPrefix: 'test: ',
    host
  })
}

describe("ThreadedSession with the desktop app's team hooks", () => {
  it("sharing keeps the password in the main thread's keychain; joining opens the new copy there", async () => {
    const owner = keychain()
    const sharing = await openWith('owner.parallax', tempDir(), { secrets: owner.secrets })
    try {
      expect(owner.read).toBe(1)
      const shared = await sharing.api.shareToTeam(connection('Leyla'))
      expect(shared.role).toBe('owner')
      expect(Object.values(owner.kept)).toEqual([connection('Leyla').password])
      expect(Object.keys(owner.kept)[0]).toContain(team.database)
    } finally {
      await sharing.stop()
    }

    const member = keychain()
    const opened: string[] = []
    const copies = tempDir()
    const joining = await openWith('first.parallax', copies, {
      secrets: member.secrets,
      openCopy: async (path) => void opened.push(path)
    })
    try {
      const joined = await joining.api.joinTeam(connection('Aysel'))
      expect(joined.role).toBe('editor')
      await expect.poll(() => opened).toEqual([join(copies, `${team.database}.parallax`)])
      expect(Object.values(member.kept)).toEqual([connection('Aysel').password])
    } finally {
      await joining.stop()
    }
  }, 180_000)
})
