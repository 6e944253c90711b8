/**
 * An organisation's API clients, managed by its org_admin (or a platform admin): created with a
 * secret shown once, renamed, re-scoped, re-fenced (IP allow-list), rotated with a grace period
 * for the old secret, revoked at once. Each client has a service-account user — an operator of
 * the organisation named after the client — so its requests are audited under its name and see
 * what an operator sees. Every write is versioned and audited (never a secret).
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { OrganisationKind, ApiClient, ApiClientCreate, ApiClientListQuery, ApiClientPage, ApiClientPatch, ApiClientWithSecret, ProblemFieldError } from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import { apiClients, memberships, users, type ApiClientRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, conflict, fieldUnprocessable, forbidden, notFound } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import { parseIpRange } from '../../lib/ip-allow-list.js'
import { hasRole, isPlatformAdmin, type Principal } from '../../lib/principal.js'
import { findOrganisation } from '../organisations/organisations.repository.js'
import { clientState, hashClientSecret, newClientSecret, secretHint, serviceAccountRole } from '../oauth/oauth.service.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** The family name of every service-account user: the audit trail reads "<client name> (client applicativo)". */
export const SERVICE_ACCOUNT_FAMILY_NAME = '(client applicativo)'

export function toApiClient(row: ApiClientRow, now = new Date()): ApiClient {
  const previousValid = row.previousSecretHash !== null && row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now && !row.revokedAt
  return {
    id: row.id,
    organisationId: row.organisationId,
    clientId: row.id,
    name: row.name,
    scopes: row.scopes,
    allowedIps: row.allowedIps,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    status: clientState(row, now),
    secretHint: row.secretHint,
    previousSecretValidUntil: previousValid ? row.previousSecretExpiresAt!.toISOString() : null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The organisation must exist (404) and the caller must administer it (403): its org_admin or a platform admin. */
async function assertManageable(db: Db, principal: Principal, organisationId: string) {
  const organisation = await findOrganisation(db, organisationId)
  if (!organisation) throw notFound('L\'ente')
  if (!isPlatformAdmin(principal) && !hasRole(principal, 'org_admin', organisationId)) {
    throw forbidden('Solo l\'amministratore dell\'ente (o della piattaforma) può gestirne i client applicativi.')
  }
  return organisation
}

/** Scopes must be in the catalogue, IP entries addresses or ranges, the expiry in the future: 422 naming each. */
function checkFields(input: { scopes?: string[]; allowedIps?: string[]; expiresAt?: string | null }, knownScopes: ReadonlySet<string>) {
  const errors: ProblemFieldError[] = []
  input.scopes?.forEach((s, i) => {
    if (!knownScopes.has(s)) errors.push({ pointer: `/scopes/${i}`, detail: `Ambito sconosciuto: ${s} (vedi GET /api-scopes).`, code: 'unknown_scope' })
  })
  input.allowedIps?.forEach((ip, i) => {
    if (!parseIpRange(ip)) errors.push({ pointer: `/allowedIps/${i}`, detail: 'Non è un indirizzo IP né un intervallo CIDR.', code: 'invalid_ip_range' })
  })
  if (input.expiresAt && new Date(input.expiresAt) <= new Date()) errors.push({ pointer: '/expiresAt', detail: 'La scadenza deve essere nel futuro.', code: 'in_the_past' })
  if (errors.length > 0) throw fieldUnprocessable(errors, 'Alcuni campi del client applicativo non sono accettabili.')
}

async function findClient(db: Db, organisationId: string, apiClientId: string, forUpdate = false) {
  const query = db.select().from(apiClients).where(and(eq(apiClients.organisationId, organisationId), eq(apiClients.id, apiClientId)))
  const [row] = forUpdate ? await query.for('update') : await query
  if (!row) throw notFound('Il client applicativo')
  return row
}

export async function listApiClients(db: Database, principal: Principal, organisationId: string, query: ApiClientListQuery): Promise<ApiClientPage> {
  await assertManageable(db, principal, organisationId)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  if (cursor && !UUID.test(String(cursor[0]))) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const rows = await db
    .select()
    .from(apiClients)
    .where(and(eq(apiClients.organisationId, organisationId), cursor ? gt(apiClients.id, String(cursor[0])) : undefined))
    .orderBy(asc(apiClients.id))
    .limit(limit + 1)
  return toPage(rows, limit, (r) => toApiClient(r), (r) => [r.id])
}

export async function readApiClient(db: Database, principal: Principal, organisationId: string, apiClientId: string): Promise<ApiClient> {
  await assertManageable(db, principal, organisationId)
  return toApiClient(await findClient(db, organisationId, apiClientId))
}

export async function createApiClient(db: Database, principal: Principal, actor: AuditActor, organisationId: string, input: ApiClientCreate, knownScopes: ReadonlySet<string>): Promise<ApiClientWithSecret> {
  const organisation = await assertManageable(db, principal, organisationId)
  checkFields(input, knownScopes)
  const secret = newClientSecret()
  const id = uuidv7()
  const name = input.name.trim()
  return db.transaction(async (tx) => {
    const [serviceUser] = await tx
      .insert(users)
      .values({ email: `api-client-${id}@clients.ponte.invalid`, passwordHash: '!', givenName: name, familyName: SERVICE_ACCOUNT_FAMILY_NAME, isServiceAccount: true })
      .returning()
    await tx.insert(memberships).values({ userId: serviceUser!.id, organisationId, roles: [serviceAccountRole(organisation.kind as OrganisationKind)] })
    const [row] = await tx
      .insert(apiClients)
      .values({
        id,
        organisationId,
        serviceUserId: serviceUser!.id,
        name,
        scopes: [...input.scopes],
        allowedIps: input.allowedIps ? input.allowedIps.map((s) => s.trim()) : [],
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        secretHash: hashClientSecret(secret),
        secretHint: secretHint(secret),
        createdBy: principal.userId,
      })
      .returning()
    await recordAudit(tx, actor, [{ action: 'create', resourceType: 'api_client', resourceId: id, organisationId, changedFields: ['name', 'scopes', 'allowedIps', 'expiresAt'] }])
    return { ...toApiClient(row!), clientSecret: secret }
  })
}

export async function updateApiClient(
  db: Database,
  principal: Principal,
  actor: AuditActor,
  organisationId: string,
  apiClientId: string,
  expectedVersion: number,
  patch: ApiClientPatch,
  knownScopes: ReadonlySet<string>,
): Promise<ApiClient> {
  await assertManageable(db, principal, organisationId)
  checkFields(patch, knownScopes)
  return db.transaction(async (tx) => {
    const current = await findClient(tx, organisationId, apiClientId, true)
    assertVersion(current.version, expectedVersion)
    if (current.revokedAt) throw conflict('api-client-revoked', 'Il client applicativo è revocato: creane uno nuovo.')
    const after = {
      name: patch.name?.trim() ?? current.name,
      scopes: patch.scopes ? [...patch.scopes] : current.scopes,
      allowedIps: patch.allowedIps ? patch.allowedIps.map((s) => s.trim()) : current.allowedIps,
      expiresAt: patch.expiresAt === undefined ? current.expiresAt : patch.expiresAt === null ? null : new Date(patch.expiresAt),
    }
    const changed = changedFields({ name: current.name, scopes: current.scopes, allowedIps: current.allowedIps, expiresAt: current.expiresAt?.toISOString() ?? null }, { ...after, expiresAt: after.expiresAt?.toISOString() ?? null })
    if (changed.length === 0) return toApiClient(current)
    const [row] = await tx
      .update(apiClients)
      .set({ ...after, version: sql`${apiClients.version} + 1`, updatedAt: new Date() })
      .where(eq(apiClients.id, apiClientId))
      .returning()
    if (changed.includes('name')) await tx.update(users).set({ givenName: after.name, updatedAt: new Date() }).where(eq(users.id, current.serviceUserId))
    await recordAudit(tx, actor, [{ action: 'update', resourceType: 'api_client', resourceId: apiClientId, organisationId, changedFields: changed }])
    return toApiClient(row!)
  })
}

/** A new secret, shown once; the previous one keeps working for `graceSeconds` (0: stops at once). */
export async function rotateApiClientSecret(db: Database, principal: Principal, actor: AuditActor, organisationId: string, apiClientId: string, graceSeconds: number): Promise<ApiClientWithSecret> {
  await assertManageable(db, principal, organisationId)
  const secret = newClientSecret()
  return db.transaction(async (tx) => {
    const current = await findClient(tx, organisationId, apiClientId, true)
    if (current.revokedAt) throw conflict('api-client-revoked', 'Il client applicativo è revocato: creane uno nuovo.')
    const now = new Date()
    const [row] = await tx
      .update(apiClients)
      .set({
        secretHash: hashClientSecret(secret),
        secretHint: secretHint(secret),
        previousSecretHash: graceSeconds > 0 ? current.secretHash : null,
        previousSecretExpiresAt: graceSeconds > 0 ? new Date(now.getTime() + graceSeconds * 1000) : null,
        version: sql`${apiClients.version} + 1`,
        updatedAt: now,
      })
      .where(eq(apiClients.id, apiClientId))
      .returning()
    await recordAudit(tx, actor, [{ action: 'rotate_secret', resourceType: 'api_client', resourceId: apiClientId, organisationId, changedFields: ['secret'] }])
    return { ...toApiClient(row!, now), clientSecret: secret }
  })
}

/** Revokes for good, at once: its tokens stop working on their next request, its secrets never work again. */
export async function revokeApiClient(db: Database, principal: Principal, actor: AuditActor, organisationId: string, apiClientId: string, expectedVersion: number): Promise<ApiClient> {
  await assertManageable(db, principal, organisationId)
  return db.transaction(async (tx) => {
    const current = await findClient(tx, organisationId, apiClientId, true)
    assertVersion(current.version, expectedVersion)
    if (current.revokedAt) return toApiClient(current)
    const now = new Date()
    const [row] = await tx
      .update(apiClients)
      .set({ revokedAt: now, previousSecretHash: null, previousSecretExpiresAt: null, version: sql`${apiClients.version} + 1`, updatedAt: now })
      .where(eq(apiClients.id, apiClientId))
      .returning()
    await tx.update(users).set({ isActive: false, updatedAt: now }).where(eq(users.id, current.serviceUserId))
    await recordAudit(tx, actor, [{ action: 'revoke', resourceType: 'api_client', resourceId: apiClientId, organisationId, changedFields: ['revokedAt'] }])
    return toApiClient(row!, now)
  })
}
