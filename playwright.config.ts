// E2E: the real renderer in Debian's Chromium, against serve mode on a real archive file (see e2e/fixtures.ts).

import { defineConfig } from '@playwright/test'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic'
]

/**
 * How much slower than an idle two-core machine this run may be: CI and crowded machines share
 * their cores with other work, so every timeout is a wait for a state, scaled by this, never a sleep.
 */
export const SLOWNESS = Number(process.env.PARALLAX_E2E_SLOWNESS ?? (process.env.CI ? 3 : 2))

// One folder per run (workers inherit the variable from the runner that sets it first), so the
// screenshots and traces of a failed run are not wiped by the next; retries get their own folders.
process.env.PARALLAX_E2E_RUN ??= new Date().toISOString().replace(/[:.]/g, '-')

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  // On CI one retry, reported as flaky, so a failure's evidence is kept and looked at.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000 * SLOWNESS,
  // CI machines have two cores shared with the server under test: give assertions room.
  expect: { timeout: 10_000 * SLOWNESS },
  outputDir: `test-results/runs/${process.env.PARALLAX_E2E_RUN}`,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS
    },
    navigationTimeout: 30_000 * SLOWNESS,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure'
  }
})
