/**
 * How long any wait of the end-to-end suite may last (a locator, a navigation, `expect.poll`):
 * journeys wait for events, and this budget only stops a test that is truly stuck.
 */
export const WAIT_BUDGET_MS = 300_000
