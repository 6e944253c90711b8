/**
 * Every operation of the OpenAPI document, called by an API client without its scope and with it:
 * the matrix is read from the document, so an operation added tomorrow is covered (and one
 * without a scope fails here).
 */
import { describe, expect, it } from 'vitest'
import { clientHeaders, createApiClient } from '../helpers/api-clients.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db

type Operation = { method: string; path: string; operationId: string; scopes: string[] }

function operationsOf(doc: { paths: Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>> }): Operation[] {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (Array.isArray(op.security) && op.security.length === 0) continue
      const oauth = op.security?.find((r) => 'oauth2' in r)
      expect(oauth, `${op.operationId} declares no oauth2 requirement`).toBeDefined()
      ops.push({ method: method.toUpperCase(), path, operationId: op.operationId, scopes: oauth!.oauth2! })
    }
  }
  return ops
}

const ANY_ID = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'
const urlOf = (path: string) => `/api/v1${path.replace(/\{[^}]+\}/g, ANY_ID)}`

describe('the scope of every operation', () => {
  it('answers 403 insufficient-scope naming the scope to a client without it, and never to a client with it', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    const operations = operationsOf(doc)
    expect(operations.length).toBeGreaterThan(100)
    const catalogue = doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes as Record<string, string>
    const allScopes = Object.keys(catalogue)
    for (const op of operations) for (const s of op.scopes) expect(allScopes, op.operationId).toContain(s)

    const org = await createOrganisation(db(), { kind: 'cooperative' })
    const admin = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['org_admin'] }])
    // A client holding one scope only (the audit's, which no other operation needs), and one holding them all.
    const noneScopes = ['audit:read']
    const none = await clientHeaders(ctx.app, await createApiClient(ctx.app, admin, org.id, { scopes: noneScopes }))
    const all = await clientHeaders(ctx.app, await createApiClient(ctx.app, admin, org.id, { scopes: allScopes }))

    const failures: string[] = []
    for (const op of operations) {
      const request = (headers: Record<string, string>) =>
        ctx.app.inject({ method: op.method as 'GET', url: urlOf(op.path), headers: { ...headers, 'content-type': op.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json', 'if-match': '"1"' }, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: '{}' }) })
      const missing = op.scopes.filter((s) => !noneScopes.includes(s))
      const without = await request(none)
      if (missing.length > 0) {
        if (without.statusCode !== 403 || without.json().code !== 'insufficient-scope' || JSON.stringify(without.json().missingScopes) !== JSON.stringify(missing)) {
          failures.push(`${op.operationId} without ${missing.join(' ')}: ${without.statusCode} ${without.body.slice(0, 120)}`)
        }
      }
      const withScope = await request(all)
      if (withScope.statusCode === 401 || (withScope.statusCode === 403 && withScope.json().code === 'insufficient-scope')) failures.push(`${op.operationId} with its scopes: ${withScope.statusCode}`)
    }
    expect(failures).toEqual([])
  })

  it('publishes the catalogue at GET /api-scopes, read from the OpenAPI document', async () => {
    const org = await createOrganisation(db(), { kind: 'cooperative' })
    const admin = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['org_admin'] }])
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/api-scopes', headers: admin.headers })
    expect(response.statusCode).toBe(200)
    const items = response.json().items as { scope: string; operations: string[] }[]
    expect(items.find((s) => s.scope === 'cases:read')?.operations).toContain('listCases')
    expect(items.find((s) => s.scope === 'cases:write')?.operations).toContain('openCase')
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    expect(items.map((s) => s.scope)).toEqual(Object.keys(doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes))
  })
})
