// Unit and integration tests of the Node side (archive core, transports, CLI, export) on Node 24.

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    // Hooks run in stack order: this file's afterAll runs after each test file's own.
    setupFiles: ['tests/setup.ts']
  }
})
