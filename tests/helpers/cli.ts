// Test helper: the CLI run in-process with the checkout's resources, its output captured.

import { runCli } from '../../src/main/cli/run'
import { RESOURCES } from './archive'

/** What one CLI run printed and its exit status. */
export interface CliRun {
  code: number
  out: string
  err: string
  /** stderr as non-empty lines. */
  errLines: string[]
}

/** Runs `parallax ARGV…` in this process. */
export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    resourcesDir: RESOURCES
  })
  const errText = err.join('\n')
  return { code, out: out.join('\n'), err: errText, errLines: errText.split('\n').filter(Boolean) }
}
