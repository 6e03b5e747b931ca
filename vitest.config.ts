// Unit and integration tests of the Node side (archive core, transports, CLI, export) on Node 24.

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    // After-hooks in stack order (vitest's default, stated since setup relies on it): the setup
    // file's afterAll, registered first, runs after each test file's own.
    sequence: { hooks: 'stack' },
    setupFiles: ['tests/setup.ts']
  }
})
