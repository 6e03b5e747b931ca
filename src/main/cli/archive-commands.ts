// CLI commands over the whole archive: bundles out and in, backups, and a diagnostic write burst.

import { readFileSync, statSync } from 'node:fs'
import { ArchiveError } from '../../shared/errors'
import type { BackupInfo, BundleImportReport } from '../../shared/model'
import { resolve } from 'node:path'
import { quickCheck } from '../archive/db'
import { newestGoodBackup } from '../archive/recovery'
import { writeAtomically } from './annotation-commands'
import { print, type Command } from './context'

function readBytes(path: string): Uint8Array {
  let isFile: boolean
  try {
    isFile = statSync(path).isFile()
  } catch {
    throw new ArchiveError('NOT_FOUND', `${path}: no such file.`)
  }
  if (!isFile) throw new ArchiveError('INVALID_ARGUMENT', `${path} is not a file.`)
  return new Uint8Array(readFileSync(path))
}

const KINDS: [keyof BundleImportReport, string][] = [
  ['sources', 'sources'],
  ['revisions', 'revisions'],
  ['tags', 'tags'],
  ['annotations', 'annotations'],
  ['links', 'links'],
  ['relations', 'relations'],
  ['variantSets', 'variant sets'],
  ['handoutSets', 'handout sets']
]

function reportLines(report: BundleImportReport): string {
  return KINDS.map(
    ([key, label]) =>
      `${label.padEnd(14)}${report[key].added} added, ${report[key].existing} already here`
  ).join('\n')
}

function backupLine(b: BackupInfo): string {
  return `${b.created}  ${b.reason.padEnd(9)}  ${String(b.bytes).padStart(10)} bytes  ${b.path}`
}

/** A whole number option, or the default. */
function wholeNumber(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || String(value).trim() === '')
    throw new ArchiveError(
      'INVALID_ARGUMENT',
      `--${name} must be a number, not "${String(value)}".`
    )
  return n
}

export const archiveCommands: Command[] = [
  {
    name: 'check',
    usage: 'check [--full]',
    summary:
      'Check the archive file for damage (SQLite quick_check; --full runs integrity_check); a damaged one names its newest sound backup',
    options: { full: { type: 'boolean' } },
    reportsHealth: true,
    async run(ctx) {
      const { state, reason } = ctx.archive.health
      const problems =
        ctx.values.full === true
          ? quickCheck(ctx.archive.database, true)
          : state === 'damaged'
            ? [reason ?? 'damaged']
            : ctx.archive.checkedOnOpen
              ? []
              : // A large file opens without the quick check (checkBeforeWrite): run it here.
                quickCheck(ctx.archive.database)
      const good = problems.length > 0 ? newestGoodBackup(ctx.archive.path) : null
      print(
        ctx,
        { state: problems.length > 0 ? 'damaged' : state, reason, problems, goodBackup: good },
        () =>
          problems.length === 0
            ? state === 'read-only'
              ? `The archive is sound, and read-only (${reason}).`
              : 'The archive is sound.'
            : [
                `The archive is damaged: ${problems[0]}`,
                good
                  ? `Newest sound backup: ${good.path} (parallax restore-backup puts it in place)`
                  : 'No sound backup: parallax salvage --to FILE copies what can still be read.'
              ].join('\n')
      )
      return problems.length > 0 ? 1 : 0
    }
  },
  {
    name: 'salvage',
    usage: 'salvage --to FILE',
    summary:
      'Copy every row that can still be read from a damaged archive into a new archive FILE (the archive is not changed)',
    options: { to: { type: 'string' } },
    readOnly: true,
    reportsHealth: true,
    async run(ctx) {
      const to = ctx.values.to
      if (typeof to !== 'string' || !to)
        throw new ArchiveError('INVALID_ARGUMENT', 'Say where to: salvage --to FILE.')
      const report = ctx.archive.salvageTo(resolve(to))
      print(ctx, report, () =>
        [
          `Salvaged ${report.copied} rows into ${report.path}${report.skipped ? `; ${report.skipped} could not be read` : ''}.`,
          ...report.tables
            .filter((t) => t.skipped > 0)
            .map((t) => `  ${t.name}: ${t.copied} copied, ${t.skipped} lost`)
        ].join('\n')
      )
      return 0
    }
  },
  {
    name: 'restore-backup',
    usage: 'restore-backup',
    summary:
      'Put the newest sound backup in place of the archive (the replaced file is kept in Backups)',
    reportsHealth: true,
    async run(ctx) {
      const report = await ctx.session.restoreBackup()
      print(ctx, report, () =>
        [
          `Restored the backup of ${report.restored.created}: ${report.restored.path}`,
          `The replaced file is kept as ${report.replacedCopy}`
        ].join('\n')
      )
      return 0
    }
  },
  {
    name: 'bundle',
    usage: 'bundle export FILE | bundle import FILE',
    summary: 'Write the whole archive to one bundle file, or merge a bundle into this archive',
    async run(ctx) {
      const [action, file] = ctx.positionals
      if ((action !== 'export' && action !== 'import') || !file || ctx.positionals.length > 2)
        throw new ArchiveError(
          'INVALID_ARGUMENT',
          'Use `bundle export FILE` or `bundle import FILE`.'
        )
      if (action === 'export') {
        const data = await ctx.archive.exportBundle()
        writeAtomically(file, data)
        print(
          ctx,
          { out: file, bytes: data.byteLength },
          () => `wrote ${file} (${data.byteLength} bytes)`
        )
        return 0
      }
      const report = await ctx.archive.importBundle(readBytes(file))
      print(ctx, report, () => `merged ${file}\n${reportLines(report)}`)
      return 0
    }
  },
  {
    name: 'backup',
    usage: 'backup',
    summary: 'Copy the archive into its Backups folder now; prints the copy’s path',
    async run(ctx) {
      const info = await ctx.archive.backupNow()
      print(ctx, info, () => info.path)
      return 0
    }
  },
  {
    name: 'backups',
    usage: 'backups',
    summary: 'List the backups of this archive, newest first',
    async run(ctx) {
      const list = await ctx.archive.listBackups()
      print(ctx, list, () =>
        list.length === 0 ? 'No backups yet.' : list.map(backupLine).join('\n')
      )
      return 0
    }
  },
  {
    name: 'backup-schedule',
    usage: 'backup-schedule [--every HOURS] [--keep N]',
    summary:
      'Show or set how often the app backs up this archive (0 = off) and how many copies it keeps',
    options: { every: { type: 'string' }, keep: { type: 'string' } },
    async run(ctx) {
      let schedule = await ctx.archive.getBackupSchedule()
      if (ctx.values.every !== undefined || ctx.values.keep !== undefined) {
        schedule = await ctx.archive.setBackupSchedule({
          everyHours: wholeNumber(ctx.values.every, 'every', schedule.everyHours),
          keep: wholeNumber(ctx.values.keep, 'keep', schedule.keep)
        })
      }
      print(ctx, schedule, () =>
        schedule.everyHours === 0
          ? `Scheduled backups are off; ${schedule.keep} copies are kept.`
          : `A backup every ${schedule.everyHours} hours; the newest ${schedule.keep} are kept.`
      )
      return 0
    }
  },
  {
    name: 'stress-annotate',
    usage: 'stress-annotate SOURCE_ID --count N',
    hidden: true,
    summary:
      'Diagnostics (crash-safety tests): N annotations, one transaction each, printing "done ID" after each commit',
    options: { count: { type: 'string' } },
    async run(ctx) {
      const [sourceId] = ctx.positionals
      if (!sourceId)
        throw new ArchiveError('INVALID_ARGUMENT', 'stress-annotate needs a SOURCE_ID.')
      const count = wholeNumber(ctx.values.count, 'count', 100)
      const text = (await ctx.archive.getSource(sourceId)).text
      const words = [...text.matchAll(/\p{L}+/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length
      }))
      if (words.length === 0) throw new ArchiveError('INVALID_ARGUMENT', 'The source has no words.')
      for (let i = 0; i < count; i++) {
        const span = words[i % words.length]
        const a = await ctx.archive.createAnnotation({
          sourceId,
          target: span,
          note: `stress ${i}`
        })
        // Printed only after the transaction committed: a reported id must survive a crash.
        ctx.io.out(`done ${a.id}`)
      }
      return 0
    }
  }
]
