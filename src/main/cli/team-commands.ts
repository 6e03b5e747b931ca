// CLI commands for team archives: prepare the database, manage members, share, join, sync and status.

import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type pg from 'pg'
import { ArchiveError } from '../../shared/errors'
import type { TeamStatus } from '../../shared/team'
import { syncState } from '../archive/outbox'
import { bundledResourcesDir, defaultUserDataDir } from '../locations'
import { addMember, initTeam, listMembers, removeMember } from '../team/admin'
import { connectTeam, parseTeamUrl } from '../team/connection'
import { joinTeam, shareArchive } from '../team/share'
import { TeamSync, type SyncReport } from '../team/sync'
import { print, type Command, type CommandContext } from './context'

const SUBCOMMANDS = [
  'init',
  'add-member',
  'remove-member',
  'members',
  'share',
  'join',
  'status',
  'discard',
  'blind',
  'hand-in'
]

function need(value: string | undefined, message: string): string {
  if (!value) throw new ArchiveError('INVALID_ARGUMENT', message)
  return value
}

/** The address to manage: --url, else the team this archive is a copy of. */
function managedUrl(ctx: CommandContext, positional?: string): string {
  const url = positional ?? (ctx.values.url as string | undefined)
  if (url) return url
  const copyOf = ctx.archive ? syncState(ctx.archive.database, 'team.url') : null
  if (copyOf) return copyOf
  throw new ArchiveError(
    'INVALID_ARGUMENT',
    'Name the team database with --url postgres://user@host/database.'
  )
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { address, password } = parseTeamUrl(url)
  const client = await connectTeam(address, password)
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

function statusLines(s: TeamStatus): string {
  const lines = [
    `${s.member} (${s.role}) at ${s.url}`,
    `${s.state}; ${s.pending} waiting, ${s.refused.length} refused, ${s.conflicts.length} conflicting revisions; last sync ${s.lastSync ?? 'never'}`
  ]
  for (const r of s.refused) lines.push(`  refused ${r.kind} ${r.id}: ${r.reason}`)
  for (const c of s.conflicts)
    lines.push(
      `  conflict: revision ${c.revision} of “${c.title}” (${c.sourceId}) by ${c.by} lost to a later edit`
    )
  for (const b of s.blind)
    lines.push(
      `  coded independently: ${b.sourceId}; ${b.handedIn ? 'you have handed in' : 'you have not handed in'}; handed in: ${b.handedInBy.join(', ') || 'nobody yet'}`
    )
  if (s.error) lines.push(`  last error: ${s.error}`)
  return lines.join('\n')
}

function reportLine(r: SyncReport): string {
  const refused = r.refused.map((x) => `\n  refused ${x.kind} ${x.id}: ${x.reason}`).join('')
  const skipped = r.skipped.map((x) => `\n  not applied ${x.kind} ${x.id}: ${x.reason}`).join('')
  return `Sent ${r.pushed}, received ${r.pulled}; ${r.refused.length} refused.${refused}${skipped}`
}

async function team(ctx: CommandContext): Promise<number> {
  const [sub, ...args] = ctx.positionals
  switch (sub) {
    case 'init': {
      const url = need(
        args[0],
        'team init needs the address of an empty database: team init postgres://admin@host/database'
      )
      const name = (ctx.values.name as string | undefined) ?? 'Team archive'
      const { prefix } = await withAdmin(url, (c) => initTeam(c, name))
      print(
        ctx,
        { prefix },
        () =>
          `Prepared the team archive "${name}" (roles ${prefix}_owner, _editor, _annotator, _viewer). Add members with: team add-member NAME --role ROLE --url …`
      )
      return 0
    }
    case 'add-member': {
      const name = need(
        args[0],
        'team add-member needs a NAME and --role owner|editor|annotator|viewer.'
      )
      const role = need(
        ctx.values.role as string | undefined,
        'team add-member needs --role owner|editor|annotator|viewer.'
      )
      const m = await withAdmin(managedUrl(ctx), (c) =>
        addMember(c, name, role, { user: ctx.values.user as string | undefined })
      )
      print(
        ctx,
        m,
        () =>
          `Added ${m.name} (${m.role}): PostgreSQL user ${m.user}, password ${m.password} (shown once; pass it on privately).`
      )
      return 0
    }
    case 'remove-member': {
      const name = need(args[0], 'team remove-member needs the NAME of a member.')
      const m = await withAdmin(managedUrl(ctx), (c) => removeMember(c, name))
      print(
        ctx,
        m,
        () => `Removed ${m.name}: ${m.user} can no longer log in. Their annotations stay.`
      )
      return 0
    }
    case 'members': {
      const list = await withAdmin(managedUrl(ctx), (c) => listMembers(c))
      print(ctx, list, () =>
        list.map((m) => `${m.name.padEnd(24)} ${m.role.padEnd(10)} ${m.user}`).join('\n')
      )
      return 0
    }
    case 'share': {
      const url = need(args[0], 'team share needs the address of the team database.')
      const archive = ctx.archive
      const { member, report } = await shareArchive(archive, url)
      print(
        ctx,
        { member, ...report },
        () => `Shared this archive as ${member.name}. ${reportLine(report)}`
      )
      return 0
    }
    case 'join': {
      const url = need(
        args[0],
        'team join needs the address of the team database: team join URL --as NAME'
      )
      const { address } = parseTeamUrl(url)
      const path = resolve(
        (ctx.values.archive as string | undefined) ??
          join(defaultUserDataDir(), `${address.database}.parallax`)
      )
      mkdirSync(dirname(path), { recursive: true })
      const { archive, member, report } = await joinTeam(url, {
        as: ctx.values.as as string | undefined,
        archivePath: path,
        resourcesDir: bundledResourcesDir()
      })
      archive.close()
      print(
        ctx,
        { path, member, ...report },
        () => `Joined as ${member.name} (${member.role}): ${path}. ${reportLine(report)}`
      )
      return 0
    }
    case 'status': {
      const s = new TeamSync(ctx.archive).status()
      print(ctx, s, () => statusLines(s))
      return 0
    }
    case 'discard': {
      const sync = new TeamSync(ctx.archive)
      try {
        const n = await sync.discardRefused()
        print(
          ctx,
          { discarded: n },
          () => `Put back ${n} record${n === 1 ? '' : 's'} as the team server has them.`
        )
      } finally {
        await sync.close()
      }
      return 0
    }
    case 'blind': {
      if (args.length === 0)
        throw new ArchiveError('INVALID_ARGUMENT', 'team blind needs one or more SOURCE ids.')
      const on = !ctx.values.off
      const sync = new TeamSync(ctx.archive)
      try {
        await sync.setBlind([...new Set(args)], on)
      } finally {
        await sync.close()
      }
      const s = sync.status()
      print(ctx, s.blind, () =>
        on
          ? `${args.length} source${args.length === 1 ? '' : 's'} now coded independently: each member sees only their own annotations there until they hand in.`
          : `${args.length} source${args.length === 1 ? '' : 's'} no longer coded independently: everyone sees everyone's annotations there.`
      )
      return 0
    }
    case 'hand-in': {
      const id = need(args[0], 'team hand-in needs the SOURCE id whose coding to hand in.')
      const sync = new TeamSync(ctx.archive)
      let report: SyncReport
      try {
        report = await sync.handIn(id)
      } finally {
        await sync.close()
      }
      const b = sync.status().blind.find((x) => x.sourceId === id)
      print(
        ctx,
        b ?? null,
        () =>
          `Handed in your coding of ${id}; handed in so far: ${b?.handedInBy.join(', ') ?? ''}. Received ${report.pulled}.`
      )
      return 0
    }
    default:
      throw new ArchiveError('INVALID_ARGUMENT', `team needs one of: ${SUBCOMMANDS.join(', ')}.`)
  }
}

/** Waits for Ctrl+C (or SIGTERM), then resolves. */
function interrupted(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done())
    process.once('SIGTERM', () => done())
  })
}

export const teamCommands: Command[] = [
  {
    name: 'team',
    usage:
      'team init URL [--name NAME] | add-member NAME --role ROLE [--url URL] | remove-member NAME | members | share URL | join URL [--as NAME] | status | discard | blind SOURCE... [--off] | hand-in SOURCE',
    summary:
      'Team archives on PostgreSQL: prepare one, manage members, share this archive, join one, see how this copy stands',
    options: {
      url: { type: 'string' },
      role: { type: 'string' },
      user: { type: 'string' },
      name: { type: 'string' },
      off: { type: 'boolean' }
    },
    // Preparing a database and managing members need no archive; joining makes a new one.
    needsArchive: ({ positionals, values }) =>
      ['share', 'status', 'discard', 'blind', 'hand-in'].includes(positionals[0]) ||
      (['add-member', 'remove-member', 'members'].includes(positionals[0]) &&
        values.url === undefined),
    run: team
  },
  {
    name: 'sync',
    usage: 'sync [--watch]',
    summary:
      'Send this copy of a team archive its changes and bring in everyone else’s (--watch: keep doing so, live)',
    options: { watch: { type: 'boolean' } },
    async run(ctx) {
      const archive = ctx.archive
      const sync = new TeamSync(archive, undefined, ctx.values.watch ? undefined : ctx.io.err)
      try {
        if (!ctx.values.watch) {
          const report = await sync.sync()
          print(ctx, report, () => reportLine(report))
          return report.refused.length > 0 ? 1 : 0
        }
        const stop = await sync.watch((r) =>
          ctx.io.err(r instanceof Error ? `sync: ${r.message}` : reportLine(r))
        )
        ctx.io.err('Syncing live; Ctrl+C stops.')
        await interrupted()
        await stop()
        return 0
      } finally {
        await sync.close()
      }
    }
  }
]
