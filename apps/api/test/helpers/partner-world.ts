/**
 * A municipality and a partner cooperative whose system signs in with client credentials: the
 * world of the change feed, webhooks and examples tests. Cases are referred, accepted by the
 * cooperative's system, revoked and closed through the API.
 */
import { expect } from 'vitest'
import type { App } from '../../src/lib/fastify.js'
import type { TestContext } from './app.js'
import { clientHeaders, createApiClient, type TestClient } from './api-clients.js'
import { createCase } from './case-factories.js'
import { createOrganisation, createUser, type TestUser } from './factories.js'

export const PARTNER_SCOPES = ['cases:read', 'persons:read', 'referrals:read', 'referrals:write', 'changes:read', 'webhooks:manage']

export interface PartnerWorld {
  municipality: string
  cooperative: string
  otherCooperative: string
  coordinator: TestUser
  caseManager: TestUser
  cooperativeAdmin: TestUser
  client: TestClient
  /** A fresh Authorization header of the cooperative's system. */
  system: () => Promise<{ authorization: string }>
}

export async function createPartnerWorld(ctx: TestContext): Promise<PartnerWorld> {
  const db = ctx.database.db
  const municipality = (await createOrganisation(db, { kind: 'municipality' })).id
  const cooperative = (await createOrganisation(db, { kind: 'cooperative' })).id
  const otherCooperative = (await createOrganisation(db, { kind: 'cooperative' })).id
  const cooperativeAdmin = await createUser(ctx.app, db, [{ organisationId: cooperative, roles: ['org_admin'] }])
  const client = await createApiClient(ctx.app, cooperativeAdmin, cooperative, { scopes: PARTNER_SCOPES })
  return {
    municipality,
    cooperative,
    otherCooperative,
    coordinator: await createUser(ctx.app, db, [{ organisationId: municipality, roles: ['coordinator'] }]),
    caseManager: await createUser(ctx.app, db, [{ organisationId: municipality, roles: ['case_manager'] }]),
    cooperativeAdmin,
    client,
    system: () => clientHeaders(ctx.app, client),
  }
}

export const newCase = (ctx: TestContext, world: PartnerWorld) => createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active' })

/** The case manager refers the case to `partner` (the cooperative by default): the referral as answered. */
export async function refer(app: App, world: PartnerWorld, caseId: string, partner = world.cooperative): Promise<{ id: string; version: number }> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/referrals`,
    headers: world.caseManager.headers,
    payload: { partnerOrganisationId: partner, purpose: 'Orientamento al lavoro', consent: { date: '2026-10-15', scope: 'Profilo lavorativo' } },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

/** A referral moved by `headers` (accept/reject by the partner, revoke/complete by the municipality). */
export async function act(app: App, headers: Record<string, string>, referral: { id: string; version: number }, action: string): Promise<{ id: string; version: number }> {
  const response = await app.inject({ method: 'POST', url: `/api/v1/referrals/${referral.id}/transitions`, headers: { ...headers, 'if-match': `"${referral.version}"` }, payload: { action, ...(action === 'reject' ? { reason: 'Nessun posto' } : {}) } })
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

/** Closes a case through the API (its live referrals end with it). */
export async function closeCase(app: App, world: PartnerWorld, caseId: string) {
  const current = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: world.caseManager.headers })
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/transitions`,
    headers: { ...world.caseManager.headers, 'if-match': current.headers.etag as string },
    payload: { to: 'closed', reason: 'Percorso concluso', outcome: 'employed', note: 'Assunto' },
  })
  expect(response.statusCode, response.body).toBe(200)
}

export interface ChangeItem {
  id: string
  type: string
  resourceType: string
  resourceId: string
  caseId: string | null
  data: Record<string, unknown>
}

/** Reads the feed from `after` to its current end. */
export async function readFeed(app: App, headers: Record<string, string>, after?: string, types?: string[]): Promise<{ items: ChangeItem[]; cursor: string }> {
  const items: ChangeItem[] = []
  let cursor = after
  for (;;) {
    const query = new URLSearchParams()
    if (cursor) query.set('after', cursor)
    for (const t of types ?? []) query.append('types', t)
    const response = await app.inject({ method: 'GET', url: `/api/v1/changes?${query.toString()}`, headers })
    expect(response.statusCode, response.body).toBe(200)
    const page = response.json()
    items.push(...page.items)
    cursor = page.nextCursor
    if (!page.hasMore) return { items, cursor: cursor! }
  }
}

/**
 * Reads the feed until `done` holds for what was read: a change appears once every transaction that
 * started before it has ended (on a shared PostgreSQL server, another database's too), so tests
 * wait for the events rather than expect them on the first read.
 */
export async function readFeedUntil(app: App, headers: () => Promise<Record<string, string>> | Record<string, string>, done: (items: ChangeItem[]) => boolean, after?: string) {
  const items: ChangeItem[] = []
  let cursor = after
  for (let attempt = 0; attempt < 200; attempt++) {
    const page = await readFeed(app, await headers(), cursor)
    items.push(...page.items)
    cursor = page.cursor
    if (done(items)) return { items, cursor: cursor }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`the feed did not reach the expected state: ${JSON.stringify(items.map((i) => i.type))}`)
}
