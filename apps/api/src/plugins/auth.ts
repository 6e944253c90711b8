/**
 * Staff authentication: verifies the bearer JWT, loads the principal (live session, active user,
 * memberships) and exposes `app.authenticate` for the authenticated scope in app.ts.
 */
import cookie from '@fastify/cookie'
import jwt from '@fastify/jwt'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { OrganisationKind, Role } from '@ponte/shared'
import type { Config } from '../config.js'
import { memberships, organisations, sessions, users } from '../db/schema/index.js'
import type { AuditActor } from '../lib/audit.js'
import { insufficientScope, unauthorized } from '../lib/errors.js'
import type { Principal } from '../lib/principal.js'
import { missingScopes } from '../lib/scopes.js'
import { loadClientPrincipal } from '../modules/oauth/oauth.service.js'

/** One row of the sign-in check: the user and one of their memberships (none: one row of nulls after the user). */
export interface SignInRow {
  userId: string
  organisationId: string | null
  organisationKind: string | null
  roles: string[] | null
  orgActive: boolean | null
  membershipActive: boolean | null
}

/**
 * The sign-in check as SQL text, its parameters from `$first`: the session id, the user id and the
 * time. A row per membership of the active user whose session is live; none otherwise. The same
 * condition as the prepared `signed_in_memberships` below (the one the rate limiter's statement
 * does not cover).
 */
export const signInSql = (first: number) => `select u.id, ms.organisation_id, o.kind, ms.roles, o.is_active, ms.is_active
  from sessions s join users u on u.id = s.user_id
  left join memberships ms on ms.user_id = u.id left join organisations o on o.id = ms.organisation_id
  where s.id = $${first}::uuid and s.user_id = $${first + 1}::uuid and s.revoked_at is null and s.expires_at > $${first + 2}::timestamptz and u.is_active = true`

/** A staff access token: the user and their session. */
export interface StaffTokenClaims {
  sub: string
  sid: string
  typ: 'access'
}

/** An API client's access token (POST /oauth/token): its service-account user, the client and the scopes granted. */
export interface ClientTokenClaims {
  sub: string
  cid: string
  scope: string
  typ: 'client'
}

export type AccessTokenClaims = StaffTokenClaims | ClientTokenClaims

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessTokenClaims
    user: AccessTokenClaims
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    /**
     * The claims of the request's bearer token, verified once per request (the rate limiter keys
     * on them before `authenticate` needs them); throws as `app.jwt.verify` does.
     */
    accessClaims: () => AccessTokenClaims
    principal: Principal | null
    /** The principal of an authenticated route (throws 401 when there is none). */
    requirePrincipal: () => Principal
    /**
     * The sign-in check of a staff token, already read with the request's rate-limit counter
     * (plugins/rate-limit.ts: one statement for both); `authenticate` uses it instead of reading again.
     */
    signInRows: { sid: string; sub: string; rows: SignInRow[] } | null
    auditActor: () => AuditActor
  }
}

export default fp(
  async function authPlugin(app: FastifyInstance, opts: { config: Config }) {
    await app.register(cookie)
    await app.register(jwt, {
      secret: opts.config.jwtSecret,
      sign: { expiresIn: opts.config.auth.accessTokenSeconds, algorithm: 'HS256' },
      // Verified tokens are remembered (fast-jwt's cache, keyed by a hash of the token, 1,000
      // tokens): a browser sends the same token with every request for its 15 minutes, and
      // verifying it — decoding, HMAC — was a fixed cost of each. An entry is only ever a token
      // whose signature verified, and it is served only until the token's own `exp` (fast-jwt
      // caps the entry's life there), so an expired or altered token is still refused. The session
      // behind the token (revoked, expired, user deactivated) is checked in the database on every
      // request as before (test/auth/access-token-cache.test.ts).
      verify: { algorithms: ['HS256'], cache: true },
    })
    const verified = new WeakMap<FastifyRequest, { token: string; claims: AccessTokenClaims }>()
    app.decorateRequest('accessClaims', function (this: FastifyRequest): AccessTokenClaims {
      const header = this.headers.authorization
      const token = header?.startsWith('Bearer ') ? header.slice(7) : ''
      const known = verified.get(this)
      if (known && known.token === token) return known.claims
      const claims = app.jwt.verify<AccessTokenClaims>(token)
      verified.set(this, { token, claims })
      return claims
    })
    app.decorateRequest('principal', null)
    app.decorateRequest('signInRows', null)
    app.decorateRequest('requirePrincipal', function (this: FastifyRequest) {
      if (!this.principal) throw unauthorized()
      return this.principal
    })
    app.decorateRequest('auditActor', function (this: FastifyRequest): AuditActor {
      const p = this.principal
      return {
        actorUserId: p?.userId ?? null,
        actorClientId: p?.clientId ?? null,
        channel: p?.clientId ? 'client' : 'staff',
        requestId: this.id,
      }
    })

    // Every signed-in request runs it: built once and prepared under a name (parsed and planned once per connection).
    const signedInMemberships = app.db
      .select({ userId: users.id, organisationId: memberships.organisationId, organisationKind: organisations.kind, roles: memberships.roles, orgActive: organisations.isActive, membershipActive: memberships.isActive })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(and(eq(sessions.id, sql.placeholder('sid')), eq(sessions.userId, sql.placeholder('sub')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now')), eq(users.isActive, true)))
      .prepare('signed_in_memberships')

    app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
      const header = request.headers.authorization
      if (!header?.startsWith('Bearer ')) throw unauthorized('Manca l\'intestazione Authorization: Bearer <token>.')
      let claims: AccessTokenClaims
      try {
        claims = request.accessClaims()
      } catch {
        throw unauthorized('Il token di accesso non è valido o è scaduto.')
      }
      if (claims.typ === 'client') {
        const principal = await loadClientPrincipal(app.db, claims, request.ip)
        if (!principal) throw unauthorized('Il client applicativo è revocato, scaduto o non autorizzato da questo indirizzo.')
        request.principal = principal
        // A client acts only within its scopes (lib/scopes.ts): 403 naming what it lacks.
        const missing = missingScopes(principal.scopes ?? [], request.routeOptions.config.scopes ?? [])
        if (missing.length > 0) throw insufficientScope(missing)
        return
      }
      if (claims.typ !== 'access') throw unauthorized()
      const read = request.signInRows
      const rows = read && read.sid === claims.sid && read.sub === claims.sub ? read.rows : await signedInMemberships.execute({ sid: claims.sid, sub: claims.sub, now: new Date() })
      if (rows.length === 0) throw unauthorized('La sessione è terminata: accedi di nuovo.')
      // Deactivated memberships and organisations give no roles, from the very next request.
      const active = rows
        .filter((r) => r.organisationId && r.membershipActive && r.orgActive)
        .map((r) => ({ organisationId: r.organisationId!, organisationKind: r.organisationKind as OrganisationKind, roles: (r.roles ?? []) as Role[] }))
      if (active.length === 0) throw unauthorized('Il tuo account non è attivo in nessun ente: rivolgiti al tuo amministratore.')
      request.principal = { kind: 'user', userId: claims.sub, sessionId: claims.sid, clientId: null, memberships: active }
    })
  },
  { name: 'auth', dependencies: ['database'] },
)
