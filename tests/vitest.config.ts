// End-to-end tests: one built Ponte (API + web app) on a fresh embedded PostgreSQL with the demo
// data, driven in the system Chromium. Files run one after another: they share that one server.
import { defineConfig } from 'vitest/config'
import { WAIT_BUDGET_MS } from './support/wait-budget.js'

export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
    // Journeys wait for events, never for a clock: the budget only stops a test that is truly stuck.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // `expect.poll` waits for its condition as long as a locator does (WAIT_BUDGET_MS, support/wait-budget.ts),
    // not Vitest's default second, which a busy 2-core machine outruns (a redirect after the session
    // renewal's answer, a list after its query).
    expect: { poll: { timeout: WAIT_BUDGET_MS } },
  },
})
