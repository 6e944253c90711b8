import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Generous bounds, not clocks: on a busy 2-core machine building an app or a database clone can
    // take minutes; a test waits for what it awaits and fails on a wrong answer, not on slowness.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
})
