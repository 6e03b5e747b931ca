// The built CLI bundle as a user runs it (node out/main/cli.js): exit statuses and output streams; skipped while the build is missing or older than src/.

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_BUNDLE as CLI, mainBundleIsStale } from '../../../scripts/main-bundle.mjs'
import { tempDir } from '../../helpers/archive'

const built = !mainBundleIsStale()

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('the built CLI', () => {
  if (!built) {
    it.skip('needs an up-to-date out/main/cli.js: run `npm run build` first', () => undefined)
    return
  }

  it('--with-sample list exits 0 and prints both seed titles', () => {
    const archive = join(tempDir(), 'built.parallax')
    const result = run('--archive', archive, '--with-sample', 'list')
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Bataille de Bakou')
    expect(result.stdout).toContain('Commemoration of the 107th anniversary of the taking of Baku')
  })

  it('show NOPE exits 1 with one line on stderr', () => {
    const archive = join(tempDir(), 'built.parallax')
    const result = run('--archive', archive, 'show', 'NOPE2345')
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/No source/)
  })
})
