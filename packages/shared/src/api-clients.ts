/**
 * API clients (client applicativi): partner and integrator systems of an organisation, signing in
 * with OAuth2 client credentials (RFC 6749 §4.4) and acting with the scopes they were granted.
 */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'

/** The secret's visible prefix: secrets are `pnt_` followed by 43 base64url characters. */
export const API_CLIENT_SECRET_PREFIX = 'pnt_'

/** A scope is `<area>:<verb>`: `cases:read`, `cases:write`, `changes:read`, `webhooks:manage`… */
export const ApiScopeName = Type.String({ pattern: '^[a-z][a-z-]*:(read|write|manage)$', maxLength: 64, description: 'A scope, `<area>:<verb>` (see GET /api-scopes)', examples: ['cases:read'] })

/** An IPv4 or IPv6 address, or a CIDR range. */
export const IpRange = Type.String({ minLength: 2, maxLength: 49, description: 'An IPv4 or IPv6 address or CIDR range', examples: ['203.0.113.0/24'] })

export const ApiClientStatus = Type.Enum(['active', 'expired', 'revoked'], { $id: 'ApiClientStatus', description: 'active, expired (past expiresAt) or revoked (for good)' })
export type ApiClientStatus = Static<typeof ApiClientStatus>

export const ApiClient = Type.Object(
  {
    id: Uuid,
    organisationId: Uuid,
    clientId: Type.String({ description: 'The client_id to present to POST /oauth/token (the same as id)' }),
    name: Type.String(),
    scopes: Type.Array(ApiScopeName),
    allowedIps: Type.Array(IpRange, { description: 'Addresses the client may call from; empty means any' }),
    expiresAt: Nullable(Instant),
    status: Ref(ApiClientStatus),
    secretHint: Type.String({ description: 'The first characters of the current secret, to tell secrets apart' }),
    previousSecretValidUntil: Nullable(Instant),
    lastUsedAt: Nullable(Instant),
    revokedAt: Nullable(Instant),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'ApiClient', additionalProperties: false },
)
export type ApiClient = Static<typeof ApiClient>

/** The client with its secret: answered once, at creation and at each rotation; never again. */
export const ApiClientWithSecret = Type.Object(
  {
    ...ApiClient.properties,
    clientSecret: Type.String({ description: 'The secret, shown only now: store it safely (only its SHA-256 is kept)' }),
  },
  { $id: 'ApiClientWithSecret', additionalProperties: false },
)
export type ApiClientWithSecret = Static<typeof ApiClientWithSecret>

export const ApiClientCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ApiScopeName, { minItems: 1, maxItems: 64, uniqueItems: true }),
    allowedIps: Type.Optional(Type.Array(IpRange, { maxItems: 50, uniqueItems: true })),
    expiresAt: Type.Optional(Nullable(Instant)),
  },
  { $id: 'ApiClientCreate', additionalProperties: false, description: 'A new API client of the organisation' },
)
export type ApiClientCreate = Static<typeof ApiClientCreate>

export const ApiClientPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    scopes: Type.Optional(Type.Array(ApiScopeName, { minItems: 1, maxItems: 64, uniqueItems: true })),
    allowedIps: Type.Optional(Type.Array(IpRange, { maxItems: 50, uniqueItems: true })),
    expiresAt: Type.Optional(Nullable(Instant)),
  },
  { $id: 'ApiClientPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of an API client' },
)
export type ApiClientPatch = Static<typeof ApiClientPatch>

export const ApiClientSecretRotation = Type.Object(
  {
    graceSeconds: Type.Optional(
      Type.Integer({ format: 'int32', minimum: 0, maximum: 604800, default: 86400, description: 'How long the old secret keeps working (0 to 7 days; default 24 hours)' }),
    ),
  },
  { $id: 'ApiClientSecretRotation', additionalProperties: false },
)
export type ApiClientSecretRotation = Static<typeof ApiClientSecretRotation>

export const ApiClientListQuery = Type.Object({ ...PageQuery.properties })
export type ApiClientListQuery = Static<typeof ApiClientListQuery>

export const ApiClientPage = Page(Ref(ApiClient), { $id: 'ApiClientPage' })
export type ApiClientPage = Static<typeof ApiClientPage>

/** A scope of the catalogue, with the operations it opens. */
export const ApiScope = Type.Object(
  {
    scope: ApiScopeName,
    description: Type.String(),
    operations: Type.Array(Type.String({ description: 'operationId' })),
  },
  { $id: 'ApiScope', additionalProperties: false },
)
export type ApiScope = Static<typeof ApiScope>

export const ApiScopeCatalogue = Type.Object({ items: Type.Array(Ref(ApiScope)) }, { $id: 'ApiScopeCatalogue', additionalProperties: false })
export type ApiScopeCatalogue = Static<typeof ApiScopeCatalogue>

/** POST /oauth/token (application/x-www-form-urlencoded). */
export const OAuthTokenRequest = Type.Object(
  {
    grant_type: Type.String({ description: 'Must be `client_credentials`', examples: ['client_credentials'] }),
    scope: Type.Optional(Type.String({ maxLength: 2000, description: 'Space-separated scopes to narrow the token to; all granted scopes when absent' })),
    client_id: Type.Optional(Type.String({ maxLength: 100, description: 'When not sent with HTTP Basic' })),
    client_secret: Type.Optional(Type.String({ maxLength: 200, description: 'When not sent with HTTP Basic' })),
  },
  { $id: 'OAuthTokenRequest', description: 'RFC 6749 §4.4.2 access token request' },
)
export type OAuthTokenRequest = Static<typeof OAuthTokenRequest>

export const OAuthToken = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.String({ examples: ['Bearer'] }),
    expires_in: Type.Integer({ format: 'int32', description: 'Seconds until the token expires' }),
    scope: Type.String({ description: 'Space-separated scopes the token carries' }),
  },
  { $id: 'OAuthToken', additionalProperties: false, description: 'RFC 6749 §5.1 access token response' },
)
export type OAuthToken = Static<typeof OAuthToken>

export const OAuthError = Type.Object(
  {
    error: Type.Enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']),
    error_description: Type.Optional(Type.String()),
  },
  { $id: 'OAuthError', additionalProperties: false, description: 'RFC 6749 §5.2 error response' },
)
export type OAuthError = Static<typeof OAuthError>
