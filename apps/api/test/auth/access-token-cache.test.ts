/**
 * The access token's signature is verified once and then remembered (fast-jwt's verified-token
 * cache, plugins/auth.ts): what may never be remembered is a session that has ended, a token past
 * its expiry, or a token that was never valid. Each case first uses the token successfully, so
 * that it sits in the cache, then checks that it is refused.
 */
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { sessions } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, TEST_PASSWORD } from '../helpers/factories.js'

const ctx = useTestContext()

const me = (authorization: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } })

afterEach(() => {
  vi.useRealTimers()
})

describe('the verified access token cache', () => {
  it('refuses a remembered token once its session is revoked (logout), at the very next request', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD }, remoteAddress: '10.9.0.1' })
    const authorization = `Bearer ${login.json().accessToken}`
    expect((await me(authorization)).statusCode).toBe(200)
    expect((await me(authorization)).statusCode).toBe(200)

    const refresh = login.cookies.find((c) => c.name === 'ponte_refresh')!.value
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { ponte_refresh: refresh } })).statusCode).toBe(204)
    const after = await me(authorization)
    expect(after.statusCode).toBe(401)
    expect(after.json().detail).toMatch(/sessione è terminata/)
  })

  it('refuses a remembered token whose session was revoked in the database by someone else', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    expect((await me(user.headers.authorization)).statusCode).toBe(200)
    await ctx.database.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.userId, user.id))
    expect((await me(user.headers.authorization)).statusCode).toBe(401)
  })

  it('refuses a remembered token once it has expired, with the expired-token answer', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    // The session outlives the token by far: only the token's expiry can refuse the request.
    await ctx.database.db.update(sessions).set({ expiresAt: new Date(Date.now() + 24 * 3600_000) }).where(eq(sessions.userId, user.id))
    expect((await me(user.headers.authorization)).statusCode).toBe(200)
    expect((await me(user.headers.authorization)).statusCode).toBe(200)

    // Only the clock moves (timers stay real): one second past the token's 15 minutes.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + (ctx.config.auth.accessTokenSeconds + 1) * 1000)
    const expired = await me(user.headers.authorization)
    expect(expired.statusCode).toBe(401)
    expect(expired.json().detail).toMatch(/non è valido o è scaduto/)
  })

  it('refuses a token whose signature was altered, even while the genuine one is remembered', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    expect((await me(user.headers.authorization)).statusCode).toBe(200)
    const token = user.headers.authorization.slice('Bearer '.length)
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const altered = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`
    const forged = await me(`Bearer ${header}.${payload}.${altered}`)
    expect(forged.statusCode).toBe(401)
    expect(forged.json().detail).toMatch(/non è valido o è scaduto/)
    // A payload naming another user under the genuine signature is refused too.
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '00000000-0000-7000-8000-000000000000' })).toString('base64url')
    expect((await me(`Bearer ${header}.${otherPayload}.${signature}`)).statusCode).toBe(401)
    expect((await me(user.headers.authorization)).statusCode).toBe(200)
  })
})
