/** Rate limits are held in PostgreSQL: two API processes on one database enforce one limit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import type { App } from '../../src/lib/fastify.js'
import { useTestContext } from '../helpers/app.js'
import { clientHeaders, createApiClient } from '../helpers/api-clients.js'
import { createOrganisation, createUser } from '../helpers/factories.js'

const ctx = useTestContext({ rateLimit: { max: 6, windowSeconds: 600 } })

/** A second API process: its own Fastify instance (and memory), the same database. */
let other: App
beforeAll(async () => {
  other = await buildApp({ config: ctx.config, database: ctx.database, closeDatabase: false, logger: false })
  await other.ready()
})
afterAll(async () => {
  await other?.close()
})

describe('rate limits shared by every API process', () => {
  it('counts a user\'s requests to two app instances against one limit, with RateLimit headers', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const remaining: number[] = []
    for (let i = 0; i < 6; i++) {
      const app = i % 2 === 0 ? ctx.app : other
      const response = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.headers })
      expect(response.statusCode).toBe(200)
      expect(response.headers['ratelimit-limit']).toBe('6')
      remaining.push(Number(response.headers['ratelimit-remaining']))
    }
    expect(remaining).toEqual([5, 4, 3, 2, 1, 0])
    const refused = await other.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.headers })
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.headers })).statusCode).toBe(429)
    // Another user has a limit of their own.
    const colleague = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    expect((await other.inject({ method: 'GET', url: '/api/v1/auth/me', headers: colleague.headers })).statusCode).toBe(200)
  })

  it('holds one limit for simultaneous requests spread over two instances', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? ctx.app : other).inject({ method: 'GET', url: '/api/v1/status', remoteAddress: '192.0.2.44' })))
    const limited = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? ctx.app : other).inject({ method: 'GET', url: '/api/v1/organisations', remoteAddress: '192.0.2.45' })))
    expect(answers.every((a) => a.statusCode === 200)).toBe(true) // /status is not limited
    expect(limited.filter((a) => a.statusCode === 429)).toHaveLength(4)
  })

  it('limits an API client by its client id, whichever instance it calls', async () => {
    const org = await createOrganisation(ctx.database.db, { kind: 'cooperative' })
    const admin = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['org_admin'] }])
    const client = await createApiClient(ctx.app, admin, org.id, { scopes: ['cases:read'] })
    const headers = await clientHeaders(ctx.app, client)
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await (i % 2 === 0 ? other : ctx.app).inject({ method: 'GET', url: '/api/v1/cases', headers })).statusCode)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429])
  })
})
