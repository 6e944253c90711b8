/** HTTP of an organisation's API clients (org_admin of the organisation or platform admin) and the scope catalogue. */
import { Type } from 'typebox'
import { ApiClient, ApiClientCreate, ApiClientListQuery, ApiClientPage, ApiClientPatch, ApiClientSecretRotation, ApiClientWithSecret, ApiScopeCatalogue, Ref } from '@ponte/shared'
import type { ApiClientPatch as ApiClientPatchType } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import { scopeCatalogueOf } from '../../lib/scopes.js'
import * as service from './api-clients.service.js'

const OrganisationParams = Type.Object({ organisationId: UuidParam })
const ApiClientParams = Type.Object({ organisationId: UuidParam, apiClientId: UuidParam })
const WHO = 'Allowed to the organisation\'s org_admin and to platform administrators (403 for anyone else, API clients included; 404 when the organisation does not exist).'

export default async function apiClientRoutes(app: App) {
  let catalogue: ReturnType<typeof scopeCatalogueOf> | null = null
  const scopeCatalogue = () => (catalogue ??= scopeCatalogueOf(app.swagger() as never))
  const knownScopes = () => new Set(scopeCatalogue().map((s) => s.scope))

  app.get(
    '/api-scopes',
    {
      config: { access: { signedIn: true }, scopes: [] },
      schema: {
        operationId: 'listApiScopes',
        tags: ['api-clients'],
        summary: 'List the scopes an API client may be granted',
        description: 'Read from this API\'s OpenAPI document: every scope some operation requires (`<area>:read`, `<area>:write`, `webhooks:manage`), with the operations it opens. Any signed-in caller.',
        response: { 200: described(Ref(ApiScopeCatalogue), 'The scope catalogue') },
      },
    },
    async () => ({ items: scopeCatalogue() }),
  )

  app.get(
    '/organisations/:organisationId/api-clients',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'listApiClients',
        tags: ['api-clients'],
        summary: 'List the API clients of an organisation',
        description: `${WHO} Active, expired and revoked clients, ordered by creation; never a secret. Cursor pagination.`,
        params: OrganisationParams,
        querystring: ApiClientListQuery,
        response: { 200: described(Ref(ApiClientPage), 'A page of API clients'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return service.listApiClients(app.db, request.requirePrincipal(), request.params.organisationId, request.query)
    },
  )

  app.post(
    '/organisations/:organisationId/api-clients',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'createApiClient',
        tags: ['api-clients'],
        summary: 'Create an API client',
        description:
          `${WHO} Answers the client with its \`clientSecret\` — shown this once: only its SHA-256 is kept. The client acts as an operator of the organisation, narrowed by its scopes ` +
          '(each from GET /api-scopes; 422 naming the unknown ones), from the addresses of `allowedIps` (any when empty) until `expiresAt` (never when null).',
        params: OrganisationParams,
        headers: IdempotencyHeaders,
        body: Ref(ApiClientCreate),
        response: { 201: described(Ref(ApiClientWithSecret), 'The new client and its secret (shown once)'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const created = await service.createApiClient(app.db, request.requirePrincipal(), request.auditActor(), organisationId, request.body, knownScopes())
      void reply.code(201).header('location', `${API_PREFIX}/organisations/${organisationId}/api-clients/${created.id}`).header('cache-control', 'no-store')
      return withEtag(reply, created)
    },
  )

  app.get(
    '/organisations/:organisationId/api-clients/:apiClientId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'readApiClient',
        tags: ['api-clients'],
        summary: 'Read an API client',
        description: `${WHO} Never the secret: \`secretHint\` tells secrets apart.`,
        params: ApiClientParams,
        response: { 200: described(Ref(ApiClient), 'The API client'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, await service.readApiClient(app.db, request.requirePrincipal(), request.params.organisationId, request.params.apiClientId))
    },
  )

  app.patch(
    '/organisations/:organisationId/api-clients/:apiClientId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'updateApiClient',
        tags: ['api-clients'],
        summary: 'Update an API client',
        description: `${WHO} JSON Merge Patch with If-Match of name, scopes, allowedIps, expiresAt — effective on the client's next request. A revoked client cannot change (409).`,
        params: ApiClientParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(ApiClientPatch)),
        response: { 200: described(Ref(ApiClient), 'The API client'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const { organisationId, apiClientId } = request.params
      const updated = await service.updateApiClient(app.db, request.requirePrincipal(), request.auditActor(), organisationId, apiClientId, expectedVersion, request.body as ApiClientPatchType, knownScopes())
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, updated)
    },
  )

  app.post(
    '/organisations/:organisationId/api-clients/:apiClientId/secret-rotations',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'rotateApiClientSecret',
        tags: ['api-clients'],
        summary: 'Rotate an API client\'s secret',
        description: `${WHO} Answers a new \`clientSecret\`, shown this once. The previous secret keeps working for \`graceSeconds\` (default 24 hours, 0 to stop it at once) so the partner system can switch without downtime. A revoked client cannot rotate (409).`,
        params: ApiClientParams,
        headers: IdempotencyHeaders,
        body: Ref(ApiClientSecretRotation),
        response: { 200: described(Ref(ApiClientWithSecret), 'The client and its new secret (shown once)'), ...problems(400, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const { organisationId, apiClientId } = request.params
      const rotated = await service.rotateApiClientSecret(app.db, request.requirePrincipal(), request.auditActor(), organisationId, apiClientId, request.body.graceSeconds ?? 86400)
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, rotated)
    },
  )

  app.delete(
    '/organisations/:organisationId/api-clients/:apiClientId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'revokeApiClient',
        tags: ['api-clients'],
        summary: 'Revoke an API client',
        description: `${WHO} With If-Match. Immediate: tokens already issued stop working on their next request, no secret works again. The client stays listed as revoked (its audit trail keeps its name).`,
        params: ApiClientParams,
        headers: IfMatchHeaders,
        response: { 200: described(Ref(ApiClient), 'The revoked client'), ...problems(400, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const revoked = await service.revokeApiClient(app.db, request.requirePrincipal(), request.auditActor(), request.params.organisationId, request.params.apiClientId, expectedVersion)
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, revoked)
    },
  )
}
