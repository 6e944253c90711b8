import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { apiClients, users } from '../../src/db/schema/index.js'
import { clientHeaders, createApiClient } from '../helpers/api-clients.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db
const clientsUrl = (organisationId: string) => `/api/v1/organisations/${organisationId}/api-clients`

async function cooperative() {
  const org = await createOrganisation(db(), { kind: 'cooperative' })
  const admin = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['org_admin'] }])
  return { org, admin }
}

describe('an organisation\'s API clients', () => {
  it('are created by the org admin with the secret shown once and kept only as its SHA-256', async () => {
    const { org, admin } = await cooperative()
    const created = await ctx.app.inject({ method: 'POST', url: clientsUrl(org.id), headers: admin.headers, payload: { name: 'Gestionale', scopes: ['cases:read'], allowedIps: ['192.0.2.10'] } })
    expect(created.statusCode, created.body).toBe(201)
    const body = created.json()
    expect(body.clientSecret).toMatch(/^pnt_/)
    expect(body).toMatchObject({ clientId: body.id, name: 'Gestionale', scopes: ['cases:read'], allowedIps: ['192.0.2.10'], status: 'active', expiresAt: null })
    expect(body.secretHint).toBe(`${body.clientSecret.slice(0, 8)}…`)
    expect(created.headers.location).toBe(`${clientsUrl(org.id)}/${body.id}`)
    const [row] = await db().select().from(apiClients).where(eq(apiClients.id, body.id))
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(body.clientSecret)

    const read = await ctx.app.inject({ method: 'GET', url: `${clientsUrl(org.id)}/${body.id}`, headers: admin.headers })
    expect(read.statusCode).toBe(200)
    expect(read.json().clientSecret).toBeUndefined()
    expect(read.headers.etag).toBe('"1"')
    const list = await ctx.app.inject({ method: 'GET', url: clientsUrl(org.id), headers: admin.headers })
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([body.id])
    expect(list.body).not.toContain(body.clientSecret)
  })

  it('refuse unknown scopes, malformed addresses and a past expiry with 422 naming each, creating nothing', async () => {
    const { org, admin } = await cooperative()
    const response = await ctx.app.inject({
      method: 'POST',
      url: clientsUrl(org.id),
      headers: admin.headers,
      payload: { name: 'X', scopes: ['cases:read', 'nuclear:write'], allowedIps: ['10.0.0.0/8', '10.0.0.300'], expiresAt: '2020-01-01T00:00:00.000Z' },
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/scopes/1', '/allowedIps/1', '/expiresAt'])
    expect(await db().select().from(apiClients).where(eq(apiClients.organisationId, org.id))).toHaveLength(0)
    const malformed = await ctx.app.inject({ method: 'POST', url: clientsUrl(org.id), headers: admin.headers, payload: { name: 'X', scopes: ['CASES'] } })
    expect(malformed.statusCode).toBe(400)
  })

  it('are managed only by the organisation\'s admin or a platform admin — not another organisation\'s admin, an operator, or a client', async () => {
    const { org, admin } = await cooperative()
    const operator = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['operator'] }])
    const { admin: otherAdmin } = await cooperative()
    for (const caller of [operator, otherAdmin]) {
      expect((await ctx.app.inject({ method: 'GET', url: clientsUrl(org.id), headers: caller.headers })).statusCode).toBe(403)
      expect((await ctx.app.inject({ method: 'POST', url: clientsUrl(org.id), headers: caller.headers, payload: { name: 'X', scopes: ['cases:read'] } })).statusCode).toBe(403)
    }
    const client = await createApiClient(ctx.app, admin, org.id, { scopes: ['organisations:read', 'organisations:write'] })
    const asClient = await clientHeaders(ctx.app, client)
    expect((await ctx.app.inject({ method: 'POST', url: clientsUrl(org.id), headers: asClient, payload: { name: 'X', scopes: ['cases:read'] } })).statusCode).toBe(403)
    const platform = await createOrganisation(db(), { kind: 'other' })
    const root = await createUser(ctx.app, db(), [{ organisationId: platform.id, roles: ['platform_admin'] }])
    expect((await ctx.app.inject({ method: 'GET', url: clientsUrl(org.id), headers: root.headers })).statusCode).toBe(200)
    expect((await ctx.app.inject({ method: 'GET', url: clientsUrl('019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'), headers: root.headers })).statusCode).toBe(404)
  })

  it('act as a service account that is not among the organisation\'s users and cannot sign in with a password', async () => {
    const { org, admin } = await cooperative()
    const client = await createApiClient(ctx.app, admin, org.id, { scopes: ['cases:read'], name: 'Sistema paghe' })
    const [row] = await db().select({ user: users }).from(apiClients).innerJoin(users, eq(users.id, apiClients.serviceUserId)).where(eq(apiClients.id, client.id))
    expect(row!.user).toMatchObject({ isServiceAccount: true, givenName: 'Sistema paghe' })
    const listed = await ctx.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}/users`, headers: admin.headers })
    expect(listed.json().items.map((u: { id: string }) => u.id)).toEqual([admin.id])
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: row!.user.email, password: 'Password-1234' }, remoteAddress: '10.77.0.1' })
    expect(login.statusCode).toBe(401)
  })

  it('are renamed and re-scoped with If-Match, and once revoked change no more', async () => {
    const { org, admin } = await cooperative()
    const client = await createApiClient(ctx.app, admin, org.id, { scopes: ['cases:read'] })
    const patch = (payload: object, version: number) =>
      ctx.app.inject({ method: 'PATCH', url: `${clientsUrl(org.id)}/${client.id}`, headers: { ...admin.headers, 'content-type': 'application/merge-patch+json', 'if-match': `"${version}"` }, payload: JSON.stringify(payload) })
    const renamed = await patch({ name: 'Nuovo nome', scopes: ['cases:read', 'referrals:read'] }, 1)
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect(renamed.json()).toMatchObject({ name: 'Nuovo nome', scopes: ['cases:read', 'referrals:read'], version: 2 })
    expect((await patch({ name: 'Stale' }, 1)).statusCode).toBe(412)
    const noIfMatch = await ctx.app.inject({ method: 'DELETE', url: `${clientsUrl(org.id)}/${client.id}`, headers: admin.headers })
    expect(noIfMatch.statusCode).toBe(428)
    expect((await ctx.app.inject({ method: 'DELETE', url: `${clientsUrl(org.id)}/${client.id}`, headers: { ...admin.headers, 'if-match': '"2"' } })).statusCode).toBe(200)
    expect((await patch({ name: 'Again' }, 3)).statusCode).toBe(409)
    const rotate = await ctx.app.inject({ method: 'POST', url: `${clientsUrl(org.id)}/${client.id}/secret-rotations`, headers: admin.headers, payload: {} })
    expect(rotate.statusCode).toBe(409)
  })
})
