import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../src/db/schema/index.js'
import { recordAudit, sealAuditTrail, SYSTEM_ACTOR } from '../../src/lib/audit.js'
import { securityHeaders } from '../../src/plugins/security-headers.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()

describe('API platform', () => {
  it('answers an unknown route with a 404 problem and a request id', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(response.statusCode).toBe(404)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.json()).toMatchObject({ status: 404, type: 'urn:ponte:problem:not-found' })
    expect(response.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ status: 400, code: 'malformed-json' })
  })

  it('answers a wrong content type with a 415 problem', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
    expect(response.statusCode).toBe(415)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  })

  it('lists each invalid field of a request body', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'not-an-email' } })
    expect(response.statusCode).toBe(400)
    const pointers = response.json().errors.map((e: { pointer: string }) => e.pointer)
    expect(pointers).toEqual(expect.arrayContaining(['/email', '/password']))
  })

  it('reports health at /status as problem+json with rate-limit headers exempted and security headers set', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/status' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['content-security-policy']).toContain("default-src 'self'")
  })

  it('sends the same security headers on every answer: a success, a refusal, an unknown route, a malformed body', async () => {
    const expected = {
      'content-security-policy': "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    }
    const answers = [
      await ctx.app.inject({ method: 'GET', url: '/api/v1/status' }),
      await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: 'Bearer not-a-token' } }),
      await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' }),
    ]
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 404, 400])
    for (const answer of answers) {
      expect(answer.headers).toMatchObject(expected)
      // Not sent over plain HTTP (COOKIE_SECURE off in tests): HSTS only where the cookies are secure.
      expect(answer.headers['strict-transport-security']).toBeUndefined()
      expect(answer.headers['x-powered-by']).toBeUndefined()
    }
    // Where the cookies are secure, HSTS too (the same helmet option as before).
    expect(securityHeaders({ strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true } })['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
  })

  it('sends RateLimit headers on API responses', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@test.ponte', password: 'wrong-password-1' } })
    expect(response.statusCode).toBe(401)
    expect(response.headers['ratelimit-limit']).toBeDefined()
    expect(response.headers['ratelimit-remaining']).toBeDefined()
    expect(response.headers['ratelimit-reset']).toBeDefined()
  })

  it('sends RateLimit headers on authenticated routes even when authentication fails', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer not-a-token' } })
    expect(response.statusCode).toBe(401)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.headers['ratelimit-limit']).toBeDefined()
    expect(response.headers['ratelimit-remaining']).toBeDefined()
  })

  it('serves the OpenAPI document with /status relative to the /api/v1 server', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/status', '/auth/login', '/auth/me']))
    expect(doc.info['x-summary']).toBeTruthy()
  })
})

describe('audit trail', () => {
  it('seals each entry, chained to the previous one, and refuses updates and deletes', async () => {
    const db = ctx.database.db
    await recordAudit(db, SYSTEM_ACTOR, [{ action: 'test', resourceType: 'thing', resourceId: 'a' }])
    await recordAudit(db, SYSTEM_ACTOR, [{ action: 'test', resourceType: 'thing', resourceId: 'b' }])
    await sealAuditTrail(db)
    const rows = await db.select().from(auditLog).orderBy(auditLog.id)
    const last = rows.at(-1)!
    expect(last.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(last.prevHash).toBe(rows.at(-2)!.hash)
    await expect(db.execute(sql`update audit_log set action = 'forged' where id = ${last.id}`)).rejects.toThrow()
    await expect(db.execute(sql`delete from audit_log where id = ${last.id}`)).rejects.toThrow()
  })
})
