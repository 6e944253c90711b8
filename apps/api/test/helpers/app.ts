/**
 * A test file's own world: a fresh database cloned from the migrated template, and the app built
 * on it. Test files never share data, so they run in parallel and in any order.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, inject } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { connectDatabase, type DatabaseHandle, type PoolOptions } from '../../src/db/client.js'
import { ensureDatabase } from '../../src/lib/embedded-postgres.js'
import type { App } from '../../src/lib/fastify.js'
import type { IdempotencyFaults } from '../../src/plugins/idempotency.js'

export interface TestContext {
  app: App
  database: DatabaseHandle
  config: Config
}

export interface TestContextOptions {
  idempotencyFaults?: IdempotencyFaults
  /** The file's pool (5 connections, no statement timeout unless given). */
  pool?: PoolOptions
}

export async function createTestContext(overrides: Partial<Config> = {}, { pool, ...options }: TestContextOptions = {}): Promise<TestContext> {
  const adminUrl = inject('adminDatabaseUrl')
  const template = inject('templateDatabase')
  const name = `ponte_test_${randomBytes(4).toString('hex')}_${template.split('_').at(-1)}`
  await ensureDatabase(adminUrl, name, template)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = connectDatabase(url.toString(), { max: 5, ...pool })
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', WEBHOOKS_ENABLED: 'false' } as NodeJS.ProcessEnv, {
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-signing',
    webDist: null,
    rateLimit: { max: 10_000, windowSeconds: 60 },
    auditSealIntervalMs: 0,
    ...overrides,
  })
  const app = await buildApp({ config, database, closeDatabase: false, logger: false, ...options })
  await app.ready()
  return { app, database, config }
}

/** Builds the test context before the file's tests and tears it down after them. */
export function useTestContext(overrides: Partial<Config> = {}, options: TestContextOptions = {}): TestContext {
  const ctx = {} as TestContext
  beforeAll(async () => {
    Object.assign(ctx, await createTestContext(overrides, options))
  })
  afterAll(async () => {
    await ctx.app?.close()
    await ctx.database?.close()
  })
  return ctx
}
