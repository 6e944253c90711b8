/** HTTP of the audit trail (registro degli accessi): the organisation's auditor lists its entries and verifies their hash chain. */
import { Type } from 'typebox'
import { AuditChainVerification, AuditEntryListQuery, AuditEntryPage, Ref } from '@ponte/shared'
import type { App } from '../../lib/fastify.js'
import { described, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './audit.service.js'

const OrganisationParams = Type.Object({ organisationId: UuidParam })

const WHO =
  'Allowed only to the `auditor` of the organisation: anyone else — the organisation\'s coordinators and administrators, platform administrators, ' +
  'auditors of other organisations — gets 404. The reading is itself written to the trail (action `read`, resource type `audit_log`).'

export default async function auditRoutes(app: App) {
  app.get(
    '/organisations/:organisationId/audit-entries',
    {
      config: { access: { org: 'auditor' } },
      schema: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        summary: 'List the audit trail of an organisation',
        description:
          `${WHO} Every read and write of personal data recorded for the organisation: who (user or API client), when, through which channel, ` +
          'what action on which resource, the names of the changed fields, the request id and the chain hashes. Filters: `from` (inclusive) and `to` (exclusive) instants, ' +
          '`actorUserId`, `resourceType`, `resourceId`, `action` (400 when `from` is after `to`). Newest first (by id); cursor pagination.',
        params: OrganisationParams,
        querystring: AuditEntryListQuery,
        response: { 200: described(Ref(AuditEntryPage), 'A page of the organisation\'s audit entries'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const page = await service.listAuditEntries(app.db, request.requirePrincipal(), organisationId, request.query)
      request.auditRead('audit_log', organisationId, organisationId)
      void reply.header('cache-control', 'no-store')
      return page
    },
  )

  app.get(
    '/organisations/:organisationId/audit-entries/verification',
    {
      config: { access: { org: 'auditor' } },
      schema: {
        operationId: 'verifyAuditChain',
        tags: ['audit'],
        summary: 'Verify the hash chain of an organisation\'s audit trail',
        description:
          `${WHO} Recomputes the SHA-256 hash of each of the organisation's sealed entries from its fields and its \`prevHash\`, and checks that \`prevHash\` is the hash ` +
          'of the entry just before it in the whole trail (the chain spans every organisation). Entries are written pending and linked into the chain by a sealer within seconds; ' +
          'pending entries are counted (`pending`) but not checked. Answers how many entries were checked, whether all are intact, ' +
          'and the id of the oldest entry that is not (`firstInvalidId`, null when valid).',
        params: OrganisationParams,
        response: { 200: described(Ref(AuditChainVerification), 'The result of the verification'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const result = await service.verifyAuditChain(app.db, request.requirePrincipal(), organisationId)
      request.auditRead('audit_log', organisationId, organisationId)
      void reply.header('cache-control', 'no-store')
      return result
    },
  )
}
