import { describe, expect, it } from 'vitest'
import { and, eq, isNotNull } from 'drizzle-orm'
import { loginFailures, memberships, refreshTokens, sessions } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, TEST_PASSWORD } from '../helpers/factories.js'

const ctx = useTestContext()

const login = (email: string, password: string, remoteAddress = '10.0.0.1') =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress })

const cookieOf = (response: { cookies: { name: string; value: string }[] }) => response.cookies.find((c) => c.name === 'ponte_refresh')?.value

describe('staff sign-in', () => {
  it('refuses a user whose every membership is deactivated, with a 401 that says so', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    await ctx.database.db.update(memberships).set({ isActive: false }).where(eq(memberships.userId, user.id))
    const response = await login(user.email, TEST_PASSWORD, '10.0.0.9')
    expect(response.statusCode).toBe(401)
    expect(response.json().detail).toMatch(/accessi attivi/)
    expect(response.cookies.find((c) => c.name === 'ponte_refresh')).toBeUndefined()
  })

  it('answers an access token, the user with memberships, and a httpOnly refresh cookie', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['coordinator', 'org_admin'] }])
    const response = await login(user.email.toUpperCase(), TEST_PASSWORD)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { id: user.id, memberships: [{ organisationId: org.id, roles: ['coordinator', 'org_admin'] }] } })
    const cookie = response.cookies.find((c) => c.name === 'ponte_refresh')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' })
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.accessToken}` } })
    expect(me.statusCode).toBe(200)
    expect(me.json().email).toBe(user.email)
  })

  it('answers the same 401 problem for an unknown email and a wrong password', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const wrong = await login(user.email, 'not-the-password-1', '10.0.0.2')
    const unknown = await login('nobody@test.ponte', 'not-the-password-1', '10.0.0.2')
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/)
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined })
    expect(strip(wrong.json())).toEqual(strip(unknown.json()))
  })

  it('throttles an account after five failures with 429 and Retry-After', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong-password-123', `10.1.0.${i}`)).statusCode).toBe(401)
    const blocked = await login(user.email, TEST_PASSWORD, '10.1.0.99')
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('throttles an address after thirty failures across accounts', async () => {
    for (let i = 0; i < 30; i++) await login(`someone-${i}@test.ponte`, 'wrong-password-123', '10.2.0.1')
    const blocked = await login('another@test.ponte', 'wrong-password-123', '10.2.0.1')
    expect(blocked.statusCode).toBe(429)
    expect(blocked.headers['retry-after']).toBeDefined()
  })

  it('rotates the refresh token, and reuse of an old one revokes the whole session', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const first = await login(user.email, TEST_PASSWORD, '10.3.0.1')
    const token1 = cookieOf(first)!
    const refreshed = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { ponte_refresh: token1 } })
    expect(refreshed.statusCode).toBe(200)
    const token2 = cookieOf(refreshed)!
    expect(token2).not.toBe(token1)
    // Past the grace for racing tabs, a used token is a stolen one.
    await ctx.database.db.update(refreshTokens).set({ usedAt: new Date(Date.now() - 3600_000) }).where(isNotNull(refreshTokens.usedAt))
    const reuse = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { ponte_refresh: token1 } })
    expect(reuse.statusCode).toBe(401)
    // The family is revoked: the newer token and its access token stop working too.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { ponte_refresh: token2 } })).statusCode).toBe(401)
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${refreshed.json().accessToken}` } })
    expect(me.statusCode).toBe(401)
  })

  it('says when the session ends unless renewed: 30 idle minutes, renewed by each refresh, never past 12 hours from the sign-in', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const before = Date.now()
    const first = await login(user.email, TEST_PASSWORD, '10.3.1.1')
    const body = first.json()
    expect(body.sessionExpiresIn).toBeGreaterThan(1790)
    expect(body.sessionExpiresIn).toBeLessThanOrEqual(1800)
    expect(Date.parse(body.sessionExpiresAt)).toBeGreaterThanOrEqual(before + 1_799_000)
    expect(Date.parse(body.sessionExpiresAt)).toBeLessThanOrEqual(Date.now() + 1_800_000)

    // Near the session's absolute end, the renewal lasts only until then (and the access token no longer).
    await ctx.database.db.update(sessions).set({ expiresAt: new Date(Date.now() + 600_000) }).where(eq(sessions.userId, user.id))
    const renewed = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { ponte_refresh: cookieOf(first)! } })
    expect(renewed.statusCode).toBe(200)
    expect(renewed.json().sessionExpiresIn).toBeGreaterThan(590)
    expect(renewed.json().sessionExpiresIn).toBeLessThanOrEqual(600)
    expect(renewed.json().expiresIn).toBeLessThanOrEqual(600)

    // Not renewed in time (its refresh token lapsed): the session is over.
    await ctx.database.db.update(refreshTokens).set({ expiresAt: new Date(Date.now() - 1000) })
    const late = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { ponte_refresh: cookieOf(renewed)! } })
    expect(late.statusCode).toBe(401)
    expect(late.json().detail).toMatch(/scaduta/)
  })

  it('logout ends the session at once', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const session = await login(user.email, TEST_PASSWORD, '10.4.0.1')
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { ponte_refresh: cookieOf(session)! } })
    expect(out.statusCode).toBe(204)
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${session.json().accessToken}` } })
    expect(me.statusCode).toBe(401)
  })

  it('lets no more than five of 25 simultaneous wrong passwords reach the password check, and then refuses the right one', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const answers = await Promise.all(Array.from({ length: 25 }, () => login(user.email, 'wrong-password-123', '10.5.0.1')))
    const statuses = answers.map((a) => a.statusCode)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20)
    const right = await login(user.email, TEST_PASSWORD, '10.5.0.2')
    expect(right.statusCode).toBe(429)
    expect(right.cookies.find((c) => c.name === 'ponte_refresh')).toBeUndefined()
  })

  it('a right password gives back its reserved attempt: failures before it no longer count', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    for (let i = 0; i < 4; i++) expect((await login(user.email, 'wrong-password-123', '10.6.0.1')).statusCode).toBe(401)
    expect((await login(user.email, TEST_PASSWORD, '10.6.0.1')).statusCode).toBe(200)
    const left = await ctx.database.db.select().from(loginFailures).where(eq(loginFailures.address, '10.6.0.1'))
    expect(left).toHaveLength(0)
    expect((await login(user.email, 'wrong-password-123', '10.6.0.1')).statusCode).toBe(401)
  })

  it('two tabs refreshing with the same token at once both get a session, and the session stays open', async () => {
    const org = await createOrganisation(ctx.database.db)
    const user = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['case_manager'] }])
    const token = cookieOf(await login(user.email, TEST_PASSWORD, '10.7.0.1'))!
    const [a, b] = await Promise.all([0, 1].map(() => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { ponte_refresh: token } })))
    expect([a!.statusCode, b!.statusCode]).toEqual([200, 200])
    const [tokenA, tokenB] = [cookieOf(a!)!, cookieOf(b!)!]
    expect(new Set([token, tokenA, tokenB]).size).toBe(3)
    // Both tabs carry on: each new token rotates, each access token works.
    for (const [response, next] of [[a!, tokenA], [b!, tokenB]] as const) {
      const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${response.json().accessToken}` } })
      expect(me.statusCode).toBe(200)
      expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { ponte_refresh: next } })).statusCode).toBe(200)
    }
    const [session] = await ctx.database.db.select().from(sessions).where(and(eq(sessions.userId, user.id), isNotNull(sessions.revokedAt)))
    expect(session).toBeUndefined()
  })
})
