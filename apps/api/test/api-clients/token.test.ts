import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { apiClients } from '../../src/db/schema/index.js'
import { clientHeaders, createApiClient, requestToken } from '../helpers/api-clients.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db

async function cooperativeWithClient(body: { scopes?: string[]; allowedIps?: string[] } = {}) {
  const org = await createOrganisation(db(), { kind: 'cooperative' })
  const admin = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['org_admin'] }])
  const client = await createApiClient(ctx.app, admin, org.id, { scopes: body.scopes ?? ['referrals:read', 'cases:read'], ...(body.allowedIps ? { allowedIps: body.allowedIps } : {}) })
  return { org, admin, client }
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

function expectOAuthError(response: Awaited<ReturnType<typeof requestToken>>, status: number, error: string) {
  expect(response.statusCode, response.body).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/json/)
  expect(response.headers['cache-control']).toBe('no-store')
  expect(response.json()).toMatchObject({ error })
}

describe('POST /oauth/token', () => {
  it('issues a bearer token for the client credentials in the body or by HTTP Basic, with the granted scopes', async () => {
    const { client } = await cooperativeWithClient()
    const inBody = await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret })
    expect(inBody.statusCode, inBody.body).toBe(200)
    expect(inBody.headers['cache-control']).toBe('no-store')
    expect(inBody.json()).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'referrals:read cases:read' })
    const byBasic = await requestToken(ctx.app, { grant_type: 'client_credentials', scope: 'cases:read' }, { authorization: basic(client.id, client.secret) })
    expect(byBasic.statusCode, byBasic.body).toBe(200)
    expect(byBasic.json().scope).toBe('cases:read')
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${byBasic.json().access_token}` } })
    expect(me.statusCode, me.body).toBe(200)
  })

  it('answers invalid_client (401) to a wrong secret, an unknown client, and a challenge when Basic was used', async () => {
    const { client } = await cooperativeWithClient()
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: client.id, client_secret: `${client.secret}x` }), 401, 'invalid_client')
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a', client_secret: client.secret }), 401, 'invalid_client')
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: 'not-a-uuid', client_secret: client.secret }), 401, 'invalid_client')
    const wrongBasic = await requestToken(ctx.app, { grant_type: 'client_credentials' }, { authorization: basic(client.id, 'pnt_wrong') })
    expectOAuthError(wrongBasic, 401, 'invalid_client')
    expect(wrongBasic.headers['www-authenticate']).toMatch(/^Basic realm="ponte"/)
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'client_credentials' }), 401, 'invalid_client')
  })

  it('answers the RFC 6749 errors of a malformed request: grant type, scope, two authentication methods, not a form', async () => {
    const { client } = await cooperativeWithClient()
    expectOAuthError(await requestToken(ctx.app, { client_id: client.id, client_secret: client.secret }), 400, 'invalid_request')
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'password', client_id: client.id, client_secret: client.secret }), 400, 'unsupported_grant_type')
    const notGranted = await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, scope: 'cases:read cases:write' })
    expectOAuthError(notGranted, 400, 'invalid_scope')
    expect(notGranted.json().error_description).toContain('cases:write')
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret }, { authorization: basic(client.id, client.secret) }), 400, 'invalid_request')
    const json = await ctx.app.inject({ method: 'POST', url: '/api/v1/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret } })
    expectOAuthError(json, 400, 'invalid_request')
    const twice = await ctx.app.inject({ method: 'POST', url: '/api/v1/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${client.id}&client_secret=${client.secret}&client_id=${client.id}` })
    expectOAuthError(twice, 400, 'invalid_request')
  })

  it('refuses an expired client, and a revoked one — whose tokens already issued stop working at once', async () => {
    const { org, admin, client } = await cooperativeWithClient()
    const headers = await clientHeaders(ctx.app, client)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers })).statusCode).toBe(200)

    const revoke = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/organisations/${org.id}/api-clients/${client.id}`, headers: { ...admin.headers, 'if-match': `"${client.version}"` } })
    expect(revoke.statusCode, revoke.body).toBe(200)
    expect(revoke.json()).toMatchObject({ status: 'revoked' })
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers })).statusCode).toBe(401)
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret }), 401, 'invalid_client')

    const other = await createApiClient(ctx.app, admin, org.id, { scopes: ['cases:read'], expiresAt: new Date(Date.now() + 86400_000).toISOString() })
    const otherHeaders = await clientHeaders(ctx.app, other)
    // The expiry passes (moved into the past rather than waited for).
    await db().update(apiClients).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiClients.id, other.id))
    expectOAuthError(await requestToken(ctx.app, { grant_type: 'client_credentials', client_id: other.id, client_secret: other.secret }), 401, 'invalid_client')
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers: otherHeaders })).statusCode).toBe(401)
    const listed = await ctx.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}/api-clients/${other.id}`, headers: admin.headers })
    expect(listed.json().status).toBe('expired')
  })

  it('keeps the previous secret working after a rotation until its grace period ends, and not after', async () => {
    const { org, admin, client } = await cooperativeWithClient()
    const rotate = (graceSeconds: number) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/organisations/${org.id}/api-clients/${client.id}/secret-rotations`, headers: admin.headers, payload: { graceSeconds } })
    const rotated = await rotate(3600)
    expect(rotated.statusCode, rotated.body).toBe(200)
    const second = rotated.json().clientSecret as string
    expect(second).toMatch(/^pnt_[A-Za-z0-9_-]{43}$/)
    expect(second).not.toBe(client.secret)
    expect(rotated.json().previousSecretValidUntil).not.toBeNull()
    const ask = (secret: string) => requestToken(ctx.app, { grant_type: 'client_credentials', client_id: client.id, client_secret: secret })
    expect((await ask(client.secret)).statusCode).toBe(200)
    expect((await ask(second)).statusCode).toBe(200)

    // The grace period ends (moved into the past rather than waited for).
    await db().update(apiClients).set({ previousSecretExpiresAt: sql`now() - interval '1 second'` }).where(eq(apiClients.id, client.id))
    expectOAuthError(await ask(client.secret), 401, 'invalid_client')
    expect((await ask(second)).statusCode).toBe(200)

    const third = (await rotate(0)).json().clientSecret as string
    expectOAuthError(await ask(second), 401, 'invalid_client')
    expect((await ask(third)).statusCode).toBe(200)
  })

  it('accepts the client only from its allow-listed addresses, for tokens and for every request', async () => {
    const { client } = await cooperativeWithClient({ allowedIps: ['203.0.113.0/24', '2001:db8::/32'] })
    const form = { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret }
    expect((await requestToken(ctx.app, form, {}, '203.0.113.9')).statusCode).toBe(200)
    expect((await requestToken(ctx.app, form, {}, '2001:db8::7')).statusCode).toBe(200)
    expectOAuthError(await requestToken(ctx.app, form, {}, '198.51.100.1'), 401, 'invalid_client')
    const token = (await requestToken(ctx.app, form, {}, '203.0.113.9')).json().access_token
    const from = (remoteAddress: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, remoteAddress })
    expect((await from('203.0.113.200')).statusCode).toBe(200)
    expect((await from('198.51.100.1')).statusCode).toBe(401)
  })
})

describe('a client acting through the API', () => {
  it('is refused an operation outside its scopes with 403 naming the missing scope', async () => {
    const { client } = await cooperativeWithClient({ scopes: ['companies:read'] })
    const headers = await clientHeaders(ctx.app, client)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/companies', headers })).statusCode).toBe(200)
    const refused = await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers })
    expect(refused.statusCode).toBe(403)
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(refused.json()).toMatchObject({ code: 'insufficient-scope', missingScopes: ['cases:read'] })
  })

  it('loses a scope the admin takes away on its very next request', async () => {
    const { org, admin, client } = await cooperativeWithClient({ scopes: ['companies:read', 'cases:read'] })
    const headers = await clientHeaders(ctx.app, client)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers })).statusCode).toBe(200)
    const narrowed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${org.id}/api-clients/${client.id}`,
      headers: { ...admin.headers, 'content-type': 'application/merge-patch+json', 'if-match': `"${client.version}"` },
      payload: JSON.stringify({ scopes: ['companies:read'] }),
    })
    expect(narrowed.statusCode, narrowed.body).toBe(200)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers })).json()).toMatchObject({ missingScopes: ['cases:read'] })
  })

  it('is in the audit trail under its own name', async () => {
    const { org, admin, client } = await cooperativeWithClient()
    const auditor = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['auditor'] }])
    await clientHeaders(ctx.app, client)
    void admin
    const entries = await ctx.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}/audit-entries`, query: { action: 'token_issued' }, headers: auditor.headers })
    expect(entries.statusCode, entries.body).toBe(200)
    expect(entries.json().items[0]).toMatchObject({ action: 'token_issued', actor: { name: 'Gestionale della cooperativa (client applicativo)' } })
  })
})
