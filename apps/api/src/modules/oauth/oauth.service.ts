/**
 * OAuth2 client credentials (RFC 6749 §4.4): checks a client's id and secret (the current one, or
 * the previous one within its rotation grace), its expiry, revocation and IP allow-list, and the
 * scopes asked for; and turns a client token back into the principal it acts as on each request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { API_CLIENT_SECRET_PREFIX } from '@ponte/shared'
import type { OrganisationKind, Role } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { apiClients, organisations, users, type ApiClientRow } from '../../db/schema/index.js'
import { recordAudit } from '../../lib/audit.js'
import { ipAllowed } from '../../lib/ip-allow-list.js'
import type { Principal } from '../../lib/principal.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The role a client holds in its organisation: the front-line worker's — a partner's `operator`
 * (the cases referred to it), a municipality's `case_manager` (registers persons and opens cases;
 * sees the cases assigned to its service account).
 */
export const serviceAccountRole = (kind: OrganisationKind): Role => (kind === 'municipality' || kind === 'district' ? 'case_manager' : 'operator')

/** A new secret: `pnt_` and 256 random bits in base64url. */
export const newClientSecret = () => `${API_CLIENT_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`
/** Secrets are long random strings: SHA-256 is enough to keep them (no password stretching needed). */
export const hashClientSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex')
/** What the organisation's admin sees to tell secrets apart: the prefix and four more characters. */
export const secretHint = (secret: string) => `${secret.slice(0, API_CLIENT_SECRET_PREFIX.length + 4)}…`

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** An RFC 6749 §5.2 error of the token endpoint. */
export class OAuthFailure extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
  ) {
    super(description)
  }
}

export type ClientState = 'active' | 'expired' | 'revoked'
export function clientState(row: Pick<ApiClientRow, 'revokedAt' | 'expiresAt'>, now = new Date()): ClientState {
  if (row.revokedAt) return 'revoked'
  if (row.expiresAt && row.expiresAt <= now) return 'expired'
  return 'active'
}

async function loadClient(db: Db, clientId: string) {
  if (!UUID.test(clientId)) return null
  const [row] = await db
    .select({ client: apiClients, organisationKind: organisations.kind, organisationActive: organisations.isActive, userActive: users.isActive })
    .from(apiClients)
    .innerJoin(organisations, eq(organisations.id, apiClients.organisationId))
    .innerJoin(users, eq(users.id, apiClients.serviceUserId))
    .where(eq(apiClients.id, clientId))
  return row ?? null
}

export interface TokenRequest {
  grantType: string | undefined
  clientId: string | undefined
  clientSecret: string | undefined
  scope: string | undefined
}

/** Checks a token request; answers the client's service user and the scopes the token carries. */
export async function authenticateClient(db: Db, input: TokenRequest, ip: string, requestId: string): Promise<{ clientId: string; serviceUserId: string; scopes: string[] }> {
  if (!input.grantType) throw new OAuthFailure(400, 'invalid_request', 'grant_type is required.')
  if (input.grantType !== 'client_credentials') throw new OAuthFailure(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.')
  if (!input.clientId || !input.clientSecret) throw new OAuthFailure(401, 'invalid_client', 'Client authentication is required (HTTP Basic, or client_id and client_secret in the body).')
  const found = await loadClient(db, input.clientId)
  const presented = hashClientSecret(input.clientSecret)
  const now = new Date()
  const secretMatches =
    found !== null &&
    (sameHash(presented, found.client.secretHash) ||
      (found.client.previousSecretHash !== null && found.client.previousSecretExpiresAt !== null && found.client.previousSecretExpiresAt > now && sameHash(presented, found.client.previousSecretHash)))
  // One answer for an unknown client, a wrong secret, a revoked or an expired client: nothing to probe.
  if (!found || !secretMatches || clientState(found.client, now) !== 'active' || !found.organisationActive || !found.userActive) {
    throw new OAuthFailure(401, 'invalid_client', 'Client authentication failed (unknown client, wrong secret, revoked or expired).')
  }
  const client = found.client
  if (!ipAllowed(client.allowedIps, ip)) throw new OAuthFailure(401, 'invalid_client', 'The client may not be used from this address.')
  let scopes = client.scopes
  if (input.scope !== undefined && input.scope.trim() !== '') {
    const asked = [...new Set(input.scope.trim().split(/ +/))]
    const notGranted = asked.filter((s) => !client.scopes.includes(s))
    if (notGranted.length > 0) throw new OAuthFailure(400, 'invalid_scope', `Scopes not granted to this client: ${notGranted.join(' ')}.`)
    scopes = asked
  }
  await db.transaction(async (tx) => {
    await tx.update(apiClients).set({ lastUsedAt: now }).where(eq(apiClients.id, client.id))
    await recordAudit(tx, { actorUserId: client.serviceUserId, actorClientId: client.id, channel: 'client', requestId }, [
      { action: 'token_issued', resourceType: 'api_client', resourceId: client.id, organisationId: client.organisationId },
    ])
  })
  return { clientId: client.id, serviceUserId: client.serviceUserId, scopes }
}

/**
 * The principal a client token acts as, checked on every request so that revocation, expiry, a
 * narrowed scope list or a new allow-list apply at once: the client's service user as an operator
 * of its organisation, with the token's scopes the client still holds. Null when it may not act.
 */
export async function loadClientPrincipal(db: Db, claims: { sub: string; cid: string; scope: string }, ip: string): Promise<Principal | null> {
  const found = await loadClient(db, claims.cid)
  if (!found || found.client.serviceUserId !== claims.sub) return null
  const { client } = found
  if (clientState(client) !== 'active' || !found.organisationActive || !found.userActive || !ipAllowed(client.allowedIps, ip)) return null
  const scopes = claims.scope.split(' ').filter((s) => s && client.scopes.includes(s))
  return {
    kind: 'user',
    userId: client.serviceUserId,
    // A client has no session; its id stands in (no staff session ever has it).
    sessionId: client.id,
    clientId: client.id,
    scopes,
    memberships: [{ organisationId: client.organisationId, organisationKind: found.organisationKind as OrganisationKind, roles: [serviceAccountRole(found.organisationKind as OrganisationKind)] }],
  }
}
