// What a CLI command gets: its parsed arguments, the archive, and where to write.

import type { Archive } from '../archive/archive'
import type { ArchiveSession } from '../session'

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

export interface CommandContext {
  /** The open archive; absent (never read) for a command whose needsArchive says it has none. */
  archive: Archive
  /** The session the archive is open in (restoring a backup reopens it). */
  session: ArchiveSession
  positionals: string[]
  values: Record<string, string | boolean | string[] | undefined>
  json: boolean
  io: CliIo
}

export interface Command {
  name: string
  usage: string
  summary: string
  /** Options besides the global ones (--archive, --json, --with-sample). */
  options?: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>
  /** Left out of --help (diagnostics used by the tests). */
  hidden?: boolean
  /** Positionals are free text (a search query) in which words may start with "-". */
  freeText?: boolean
  /** Whether this run needs the archive opened (default yes): preparing a team database does not. */
  needsArchive?: (args: {
    positionals: string[]
    values: Record<string, string | boolean | string[] | undefined>
  }) => boolean
  /** Opens the archive read-only whatever its state (checking, salvaging). */
  readOnly?: boolean
  /** Prints the archive's health itself (no extra line on stderr). */
  reportsHealth?: boolean
  /** Exit status: 0 done, 1 failed (a message was printed). */
  run(ctx: CommandContext): Promise<number>
}

/** Prints a value as JSON for scripts, or a human text. */
export function print(ctx: CommandContext, value: unknown, human: () => string): void {
  ctx.io.out(ctx.json ? JSON.stringify(value, null, 2) : human())
}

/** A column of at most `width` characters (ellipsis when cut). */
export function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width)
}
