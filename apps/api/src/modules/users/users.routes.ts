/** HTTP of an organisation's users: list, add, read and update memberships (org_admin of the organisation or platform_admin). */
import { Type } from 'typebox'
import { OrganisationUser, OrganisationUserCreate, OrganisationUserListQuery, OrganisationUserPage, OrganisationUserPatch, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './users.service.js'

const OrganisationParams = Type.Object({ organisationId: UuidParam })
const OrganisationUserParams = Type.Object({ organisationId: UuidParam, userId: UuidParam })

const WHO = 'Allowed to the organisation\'s org_admin and to platform administrators (403 for anyone else; 404 when the organisation does not exist).'

export default async function userRoutes(app: App) {
  app.get(
    '/organisations/:organisationId/users',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'listOrganisationUsers',
        tags: ['users'],
        summary: 'List the users of an organisation',
        description: `${WHO} Every membership, active or not, with the roles held in this organisation. Ordered by user id (time-ordered); cursor pagination.`,
        params: OrganisationParams,
        querystring: OrganisationUserListQuery,
        response: { 200: described(Ref(OrganisationUserPage), 'A page of the organisation\'s users'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return service.listOrganisationUsers(app.db, request.requirePrincipal(), request.params.organisationId, request.query)
    },
  )

  app.post(
    '/organisations/:organisationId/users',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'addOrganisationUser',
        tags: ['users'],
        summary: 'Add a user to an organisation',
        description:
          `${WHO} A user with the same email (any case) gains the membership, and \`password\` is ignored; otherwise a new user is created and \`password\` is required ` +
          '(400 naming `/password` when missing, 422 naming `/password` when it breaks the policy). Already a member: 409 with `existingId`. ' +
          'Only a platform administrator may grant `platform_admin` (403). Answers 201 with ETag (the membership version) and Location.',
        params: OrganisationParams,
        headers: IdempotencyHeaders,
        body: Ref(OrganisationUserCreate),
        response: { 201: described(Ref(OrganisationUser), 'The user as a member of the organisation'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const added = await service.addOrganisationUser(app.db, request.requirePrincipal(), request.auditActor(), organisationId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/organisations/${organisationId}/users/${added.id}`).header('cache-control', 'no-store')
      return withEtag(reply, added)
    },
  )

  app.get(
    '/organisations/:organisationId/users/:userId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'readOrganisationUser',
        tags: ['users'],
        summary: 'Read a user of an organisation',
        description: `${WHO} 404 when the user is not a member. The ETag is the version of the membership.`,
        params: OrganisationUserParams,
        response: { 200: described(Ref(OrganisationUser), 'The user as a member of the organisation'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, await service.readOrganisationUser(app.db, request.requirePrincipal(), request.params.organisationId, request.params.userId))
    },
  )

  app.patch(
    '/organisations/:organisationId/users/:userId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'updateOrganisationUser',
        tags: ['users'],
        summary: 'Update a user of an organisation',
        description:
          `${WHO} JSON Merge Patch with If-Match (428 without, 412 when stale) of names, roles, \`isActive\` (of the membership in this organisation, effective at once) and \`password\` (a reset: the policy applies, 422 naming \`/password\`; the user's other sessions end). ` +
          'An administrator cannot remove their own admin role nor deactivate themselves (422, rule in `violations`). Only a platform administrator may grant or remove `platform_admin`, ' +
          'or reset the password of a user who has roles in organisations the caller does not administer (403). Every change bumps the membership version (the ETag).',
        params: OrganisationUserParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(OrganisationUserPatch)),
        response: { 200: described(Ref(OrganisationUser), 'The user as a member of the organisation'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const { organisationId, userId } = request.params
      const updated = await service.updateOrganisationUser(app.db, request.requirePrincipal(), request.auditActor(), organisationId, userId, expectedVersion, request.body as OrganisationUserPatch)
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, updated)
    },
  )
}
