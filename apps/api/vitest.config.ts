import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/helpers/one-query-per-client.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Upper bounds for a test that is stuck, never a measure of speed: on a busy 2-core machine a
    // file's set-up (its own database from the template, the app's start) can take minutes.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
})
