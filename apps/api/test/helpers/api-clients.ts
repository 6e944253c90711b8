/** API clients in tests: created through the API by an organisation's admin, exchanged for tokens at POST /oauth/token. */
import { expect } from 'vitest'
import type { App } from '../../src/lib/fastify.js'
import type { TestUser } from './factories.js'

export interface TestClient {
  id: string
  secret: string
  version: number
}

export async function createApiClient(app: App, admin: TestUser, organisationId: string, body: { name?: string; scopes: string[]; allowedIps?: string[]; expiresAt?: string | null }): Promise<TestClient> {
  const response = await app.inject({ method: 'POST', url: `/api/v1/organisations/${organisationId}/api-clients`, headers: admin.headers, payload: { name: 'Gestionale della cooperativa', ...body } })
  expect(response.statusCode, response.body).toBe(201)
  const created = response.json()
  return { id: created.id, secret: created.clientSecret, version: created.version }
}

/** POST /oauth/token with the credentials in the form body. */
export const requestToken = (app: App, form: Record<string, string>, headers: Record<string, string> = {}, remoteAddress?: string) =>
  app.inject({ method: 'POST', url: '/api/v1/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(form).toString(), ...(remoteAddress ? { remoteAddress } : {}) })

/** The Authorization header of a fresh client token. */
export async function clientHeaders(app: App, client: TestClient, scope?: string): Promise<{ authorization: string }> {
  const response = await requestToken(app, { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, ...(scope ? { scope } : {}) })
  expect(response.statusCode, response.body).toBe(200)
  return { authorization: `Bearer ${response.json().access_token}` }
}
