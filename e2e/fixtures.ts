// Test fixtures: each test gets its own archive file and a serve-mode process on it, and a page signed in with the token.

import { test as base, expect, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { SLOWNESS } from '../playwright.config'

export interface Served {
  /** Base URL, without token. */
  url: string
  token: string
  archivePath: string
  /** The archive's folder: a new one in the temp folder unless an archive path was given. */
  dir: string
  process: ChildProcess
  /** Set when stop() begins: from then on, refused connections are expected. */
  stopping: boolean
  /** What the server printed so far (stdout and stderr). */
  output(): string
  stop(): Promise<void>
}

/** Starts `out/main/serve.js` on a fresh archive (with the sample unless told otherwise). */
export async function startServe(
  options: { sample?: boolean; archivePath?: string; readOnly?: boolean } = {}
): Promise<Served> {
  // A folder of its own only for an archive of its own: one given lives where its caller put it.
  const ownFolder = !options.archivePath
  const dir = options.archivePath
    ? dirname(options.archivePath)
    : mkdtempSync(join(tmpdir(), 'parallax-e2e-'))
  const archivePath = options.archivePath ?? join(dir, 'archive.parallax')
  const token = 'e2e-token-' + Math.random().toString(36).slice(2)
  const args = [
    resolve('out/main/serve.js'),
    '--archive',
    archivePath,
    '--port',
    '0',
    '--token',
    token
  ]
  if (options.sample === false) args.push('--no-sample')
  if (options.readOnly) args.push('--read-only')
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const listening = new Promise<string>((ok, fail) => {
    // Waits for the line that says the server listens; the limit only ends a server that never will.
    const timer = setTimeout(
      () => fail(new Error(`serve did not start:\n${output}`)),
      20_000 * SLOWNESS
    )
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const m = /Open (http:\/\/127\.0\.0\.1:\d+)\/\?token=/.exec(output)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)))
  })
  const url = await listening.catch((error: unknown) => {
    // A server that did not start leaves neither a process nor a folder of its own behind.
    child.kill()
    if (ownFolder) rmSync(dir, { recursive: true, force: true })
    throw error
  })
  const served: Served = {
    url,
    token,
    archivePath,
    dir,
    process: child,
    stopping: false,
    output: () => output,
    stop: async () => {
      served.stopping = true
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
    }
  }
  return served
}

/**
 * Calls the archive's HTTP API of a served archive, as a script would; returns the value or throws.
 * Each call has its own connection: a kept-alive socket that the server closes as idle just when
 * the next call reuses it fails with ECONNRESET, which a busy machine makes likely.
 */
export async function callApi<T>(served: Served, method: string, ...args: unknown[]): Promise<T> {
  const body = JSON.stringify(args)
  const text = await new Promise<string>((ok, fail) => {
    const req = request(
      `${served.url}/api/${method}`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${served.token}`
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
        res.on('error', fail)
      }
    )
    req.on('error', fail)
    req.end(body)
  })
  const answer = JSON.parse(text) as { ok: boolean; value: T; error?: { message: string } }
  if (!answer.ok) throw new Error(answer.error?.message)
  return answer.value
}

export const test = base.extend<{ served: Served; app: Page }>({
  // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  served: async ({}, use, testInfo) => {
    const served = await startServe()
    await use(served)
    await served.stop()
    // A failed test shows what the server said: its errors are often the cause.
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach('server output', {
        body: served.output().slice(-20_000) || '(nothing)',
        contentType: 'text/plain'
      })
    rmSync(served.dir, { recursive: true, force: true })
  },
  app: async ({ page, served }, use, testInfo) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      // API answers with 4xx/5xx are how the archive refuses a request; the UI shows those itself.
      const apiRefusal =
        m.text().startsWith('Failed to load resource') && m.location().url.includes('/api/')
      // A test that stops the server on purpose sees refused connections, and a request under way
      // as it stops (the long-polled watch, a slow call on a busy machine) sees its connection reset,
      // or its answer cut short of the length it announced.
      const stopped =
        served.stopping &&
        /ERR_CONNECTION_(REFUSED|RESET)|ERR_EMPTY_RESPONSE|ERR_CONTENT_LENGTH_MISMATCH/.test(
          m.text()
        )
      if (m.type() === 'error' && !apiRefusal && !stopped) errors.push(m.text())
    })
    await page.goto(`${served.url}/?token=${served.token}`)
    await expect(page.getByRole('grid', { name: 'Sources' })).toBeVisible()
    await use(page)
    // A failed test shows the notices and status lines the page showed when it failed.
    if (testInfo.status !== testInfo.expectedStatus && !page.isClosed()) {
      const shown = await page
        .locator('[role=alert], [role=status]')
        .allInnerTexts()
        .catch((e: Error) => [`(not read: ${e.message})`])
      await testInfo.attach('notices and status lines', {
        body: shown.filter((t) => t.trim()).join('\n---\n') || '(none)',
        contentType: 'text/plain'
      })
    }
    expect(errors, 'the page logged no errors').toEqual([])
  }
})

export { expect }
