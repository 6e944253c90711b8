/** HTTP of organisations: the directory (every signed-in user) and its management (platform_admin). */
import { Type } from 'typebox'
import { Organisation, OrganisationCreate, OrganisationListQuery, OrganisationPage, OrganisationPatch, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './organisations.service.js'

const OrganisationParams = Type.Object({ organisationId: UuidParam })

const HIERARCHY_RULES =
  'Rules (422, each naming its field in `errors`): the parent must exist; a cooperative may belong only to a consortium, a consortium or a municipality only to a district, other kinds to no one; ' +
  '`cooperativeType` only for cooperatives; no cycles. A tax code already used by another organisation answers 409 with `existingId`.'

export default async function organisationRoutes(app: App) {
  app.get(
    '/organisations',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listOrganisations',
        tags: ['organisations'],
        summary: 'List organisations (the directory)',
        description: 'Every signed-in user may read the directory: names and kinds of organisations are not personal data (municipalities pick referral partners from it). Ordered by name, then id; cursor pagination.',
        querystring: OrganisationListQuery,
        response: { 200: described(Ref(OrganisationPage), 'A page of organisations'), ...problems(400) },
      },
    },
    async (request) => service.listOrganisations(app.db, request.query),
  )

  app.post(
    '/organisations',
    {
      config: { access: { org: 'platform-admin', outsiders: 403 } },
      schema: {
        operationId: 'createOrganisation',
        tags: ['organisations'],
        summary: 'Create an organisation',
        description: `Platform administrators only (403 otherwise). ${HIERARCHY_RULES} Answers 201 with ETag and Location.`,
        headers: IdempotencyHeaders,
        body: Ref(OrganisationCreate),
        response: { 201: described(Ref(Organisation), 'The organisation created'), ...problems(400, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createOrganisation(app.db, request.requirePrincipal(), request.auditActor(), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/organisations/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/organisations/:organisationId',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'readOrganisation',
        tags: ['organisations'],
        summary: 'Read an organisation',
        description: 'Any signed-in user may read an organisation of the directory. The ETag is its version.',
        params: OrganisationParams,
        response: { 200: described(Ref(Organisation), 'The organisation'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readOrganisation(app.db, request.params.organisationId)),
  )

  app.patch(
    '/organisations/:organisationId',
    {
      config: { access: { org: 'platform-admin', outsiders: 403 } },
      schema: {
        operationId: 'updateOrganisation',
        tags: ['organisations'],
        summary: 'Update an organisation',
        description: `Platform administrators only (403 otherwise). JSON Merge Patch with If-Match (428 without, 412 when stale). ${HIERARCHY_RULES} Deactivating the organisation through which the caller is platform_admin answers 422 (rule in \`violations\`).`,
        params: OrganisationParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(OrganisationPatch)),
        response: { 200: described(Ref(Organisation), 'The organisation updated'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const organisation = await service.updateOrganisation(app.db, request.requirePrincipal(), request.auditActor(), request.params.organisationId, expectedVersion, request.body as OrganisationPatch)
      return withEtag(reply, organisation)
    },
  )
}
