/**
 * Every /api/v1 route declares who may call it (lib/access.ts): a route without a declaration, or
 * with one that does not fit its path or schema, stops the application from starting.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase } from '../../src/db/client.js'
import type { App } from '../../src/lib/fastify.js'
import accessPlugin from '../../src/plugins/access.js'

/** The real application on a pool that never connects: start-up only, no route runs. */
async function buildOffline(): Promise<App> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', WEBHOOKS_ENABLED: 'false' } as NodeJS.ProcessEnv, { jwtSecret: 'access-declarations-test-secret-0123456789', webDist: null })
  return buildApp({ config, database: connectDatabase('postgres://none@127.0.0.1:1/none', { max: 1 }), closeDatabase: true, logger: false })
}

/** The access plugin alone, for the shapes it refuses. */
async function bare(): Promise<FastifyInstance> {
  const bareApp = Fastify({ logger: false })
  await bareApp.register(accessPlugin)
  return bareApp
}

const SLOW = 180_000

const opened: { close(): PromiseLike<unknown> }[] = []
function track<T extends { close(): PromiseLike<unknown> }>(instance: T): T {
  opened.push(instance)
  return instance
}
afterEach(async () => {
  for (const instance of opened.splice(0)) await Promise.resolve(instance.close()).catch(() => undefined)
})

describe('access declarations', () => {
  it('starts when every route declares its access, and keeps each declaration by method and URL', async () => {
    const app = track(await buildOffline())
    await app.ready()
    // The document as generated (a request would go through the rate limit, whose counters are in PostgreSQL).
    const document = app.swagger() as unknown as { paths: Record<string, Record<string, unknown>> }
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item)) {
        const url = `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`
        expect(app.routeAccess.get(`${method.toUpperCase()} ${url}`), `${method.toUpperCase()} ${url}`).toBeDefined()
      }
    }
    expect(app.routeAccess.get('GET /api/v1/cases/:caseId')).toEqual({ case: 'read' })
    expect(app.routeAccess.get('POST /api/v1/auth/login')).toEqual({ public: true })
  }, SLOW)

  it('refuses to start when a route under /api/v1 has no access declaration, naming its method and URL', async () => {
    const app = track(await buildOffline())
    void app.register(async (api) => {
      api.get('/api/v1/forgotten/:caseId', { schema: { tags: ['cases'] } }, async () => ({ leaked: true }))
    })
    await expect(app.ready()).rejects.toThrow(/GET \/api\/v1\/forgotten\/:caseId has no access declaration/)
  }, SLOW)

  it('refuses a case right on a path without {caseId}', async () => {
    const app = track(await bare())
    void app.register(async (api) => {
      api.get('/api/v1/somewhere', { config: { access: { case: 'records' } }, schema: { tags: ['cases'] } }, async () => ({}))
    })
    await expect(app.ready()).rejects.toThrow(/GET \/api\/v1\/somewhere declares a case right but its path has no \{caseId\}/)
  })

  it('refuses a public declaration without `security: []`, and `security: []` without a public declaration', async () => {
    const app = track(await bare())
    void app.register(async (api) => {
      api.get('/api/v1/open-door', { config: { access: { public: true } }, schema: { tags: ['status'] } }, async () => ({}))
    })
    await expect(app.ready()).rejects.toThrow(/GET \/api\/v1\/open-door is declared public but its schema does not say `security: \[\]`/)

    const second = track(await bare())
    void second.register(async (api) => {
      api.get('/api/v1/side-door', { config: { access: { signedIn: true } }, schema: { tags: ['status'], security: [] } }, async () => ({}))
    })
    await expect(second.ready()).rejects.toThrow(/GET \/api\/v1\/side-door has `security: \[\]` in its schema but is not declared \{ public: true \}/)
  })

  it('refuses a right the resource\'s policy does not know', async () => {
    const app = track(await bare())
    void app.register(async (api) => {
      // @ts-expect-error: the type already refuses it; start-up refuses it for whoever casts.
      api.get('/api/v1/measures-x/:measureId', { config: { access: { resource: 'measure', right: 'delete' } }, schema: { tags: ['measures'] } }, async () => ({}))
    })
    await expect(app.ready()).rejects.toThrow(/declares a right the measure policy does not know \(delete\)/)
  })
})
