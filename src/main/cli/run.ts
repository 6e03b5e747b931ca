// The CLI: parses global options, opens the archive, runs one command; one-line errors, non-zero exit status.

import { parseArgs } from 'node:util'
import { ArchiveError, toErrorPayload } from '../../shared/errors'
import type { Archive } from '../archive/archive'
import { archiveErrorOf } from '../archive/db'
import { bundledResourcesDir, defaultArchivePath } from '../locations'
import { ArchiveSession } from '../session'
import type { CliIo, Command } from './context'
import { agreementCommands } from './agreement-commands'
import { annotationCommands } from './annotation-commands'
import { archiveCommands } from './archive-commands'
import { handoutCommands } from './handout-commands'
import { referenceCommands } from './reference-commands'
import { variantCommands } from './variant-commands'
import { sourceCommands } from './source-commands'
import { teamCommands } from './team-commands'

export const COMMANDS: Command[] = [
  ...sourceCommands,
  ...annotationCommands,
  ...agreementCommands,
  ...handoutCommands,
  ...referenceCommands,
  ...variantCommands,
  ...archiveCommands,
  ...teamCommands
]

const GLOBAL_OPTIONS = {
  archive: { type: 'string' },
  as: { type: 'string' },
  json: { type: 'boolean' },
  'with-sample': { type: 'boolean' },
  'read-only': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

function usage(): string {
  const shown = COMMANDS.filter((c) => !c.hidden)
  return [
    'Usage: parallax [--archive PATH] [--as NAME] [--json] [--with-sample] [--read-only] COMMAND [ARGS]',
    '',
    'Commands:',
    ...shown.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    `--archive PATH   the archive file (default: ${defaultArchivePath()}); created empty if missing`,
    '--as NAME        sign the changes of this run with NAME (default: the name in the archive',
    '                 settings, author.name, else your user name)',
    '--with-sample    put the sample sources and codebook into a new, empty archive',
    '--read-only      open the archive without changing anything (a read-only or damaged',
    '                 archive is opened so by itself)',
    '--json           print results as JSON, for scripts'
  ].join('\n')
}

/**
 * For free-text commands (search), words like "-Enver" are part of the query, not options: known
 * "--" options (with their values) go first, everything else after "--".
 */
function separateFreeText(args: string[], options: Record<string, { type: string }>): string[] {
  const flags: string[] = []
  const words: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--') {
      words.push(...args.slice(i + 1))
      break
    }
    const name = a.startsWith('--') ? a.slice(2).split('=')[0] : null
    if (name !== null && options[name]) {
      flags.push(a)
      if (options[name].type === 'string' && !a.includes('=') && i + 1 < args.length)
        flags.push(args[++i])
    } else words.push(a)
  }
  return [...flags, '--', ...words]
}

export interface CliOptions {
  io?: CliIo
  resourcesDir?: string
}

/** Runs the CLI with `argv` (without node and script); returns the exit status. */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  const io = options.io ?? {
    out: (t: string) => process.stdout.write(`${t}\n`),
    err: (t: string) => process.stderr.write(`${t}\n`)
  }
  const name = argv.find(
    (a, i) => !a.startsWith('-') && argv[i - 1] !== '--archive' && argv[i - 1] !== '--as'
  )
  const command = COMMANDS.find((c) => c.name === name)
  if (!name || argv.includes('--help') || argv.includes('-h')) {
    io.out(usage())
    return name || argv.includes('--help') || argv.includes('-h') ? 0 : 2
  }
  if (!command) {
    io.err(`parallax: unknown command "${name}". Run with --help for the list.`)
    return 2
  }
  const known = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) }
  let args = argv.filter((a, i) => !(a === name && i === argv.indexOf(name)))
  if (command.freeText) args = separateFreeText(args, known)
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: known,
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    io.err(`parallax ${command.name}: ${(error as Error).message}. Usage: ${command.usage}`)
    return 2
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>
  let session: ArchiveSession | undefined
  try {
    if (command.needsArchive?.({ positionals: parsed.positionals, values }) !== false) {
      session = ArchiveSession.open({
        path: (values.archive as string | undefined) ?? defaultArchivePath(),
        resourcesDir: options.resourcesDir ?? bundledResourcesDir(),
        withSample: values['with-sample'] === true,
        author: values.as as string | undefined,
        readOnly: values['read-only'] === true || command.readOnly === true,
        // Reads of a large archive do not wait seconds for the quick check; a change does.
        checkBeforeWrite: true
      })
    }
    const status = await command.run({
      // A command that opens no archive never reads this.
      archive: session?.archive as Archive,
      session: session as ArchiveSession,
      positionals: parsed.positionals,
      values,
      json: values.json === true,
      io
    })
    // A damaged or read-only archive says so once, on stderr (stdout stays the command's own); a
    // refused write has said it already.
    const health = session?.archive.health
    if (health && health.state !== 'ok' && !command.reportsHealth && status === 0)
      io.err(`parallax: the archive is ${health.state} (${health.reason}); changes are refused.`)
    return status
  } catch (thrown) {
    const error = archiveErrorOf(thrown)
    const payload = toErrorPayload(error)
    if (!(error instanceof ArchiveError)) io.err(String((error as Error)?.stack ?? error))
    io.err(`parallax ${command.name}: ${payload.message}`)
    return 1
  } finally {
    await session?.stop()
  }
}
