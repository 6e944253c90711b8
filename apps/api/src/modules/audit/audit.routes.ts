/** HTTP of the audit trail (registro degli accessi): the organisation's auditor lists its entries and verifies their hash chain. */
import { Type } from 'typebox'
import type { FastifyRequest } from 'fastify'
import { AUDIT_EXPORT_MAX, AuditActorPage, AuditChainVerification, AuditEntryExportQuery, AuditEntryListQuery, AuditEntryPage, Ref } from '@ponte/shared'
import type { Config } from '../../config.js'
import type { App } from '../../lib/fastify.js'
import { described, problems, UuidParam } from '../../lib/route-schema.js'
import { auditCsv, auditXlsx } from './audit.documents.js'
import * as service from './audit.service.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const binary = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description })

/** The auditor's reading of the trail is itself audited, and so is each person whose name it showed. */
function auditReading(request: FastifyRequest, organisationId: string, personsShown: string[], action = 'read') {
  request.auditRead('audit_log', organisationId, organisationId, action)
  for (const personId of personsShown) request.auditRead('person', personId, organisationId, 'audit_view')
}

const FILTERS =
  'Filters: `from` (inclusive) and `to` (exclusive) instants, `actorUserId` (the user who acted), `action`, `resourceType`, `resourceId`, ' +
  '`personId` (everything about a person: the person, their sensitive section, their cases and every record of them, their group applications) ' +
  'and `q` (the same for the organisation\'s persons whose name matches, tolerant of accents, case and typos); 400 when `from` is after `to`.'

const OrganisationParams = Type.Object({ organisationId: UuidParam })

const WHO =
  'Allowed only to the `auditor` of the organisation: anyone else — the organisation\'s coordinators and administrators, platform administrators, ' +
  'auditors of other organisations — gets 404. The reading is itself written to the trail (action `read`, resource type `audit_log`).'

export default async function auditRoutes(app: App, options: { config: Config }) {
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
          'what action on which resource, whose file it touched (`subject`: the person and the case, shown to the auditor only; each person shown is audited as `audit_view`), ' +
          `the names of the changed fields, the request id and the chain hashes. ${FILTERS} Newest first (by id); cursor pagination.`,
        params: OrganisationParams,
        querystring: AuditEntryListQuery,
        response: { 200: described(Ref(AuditEntryPage), 'A page of the organisation\'s audit entries'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const { result, personsShown } = await service.listAuditEntries(app.db, request.requirePrincipal(), organisationId, request.query)
      auditReading(request, organisationId, personsShown)
      void reply.header('cache-control', 'no-store')
      return result
    },
  )

  app.get(
    '/organisations/:organisationId/audit-entries/export',
    {
      config: { access: { org: 'auditor' } },
      schema: {
        operationId: 'exportAuditEntries',
        tags: ['audit'],
        summary: 'Export the audit trail of an organisation as CSV or XLSX',
        description:
          `${WHO} The entries the filters select, newest first, one row each: number, instant, who, channel, the action in words and its code, ` +
          `the kind and id of the record, the person and the case, the changed fields, the request id. ${FILTERS} ` +
          `\`format=csv\` (UTF-8 with BOM, \`;\` separator) or \`xlsx\`. At most ${AUDIT_EXPORT_MAX} entries: a wider selection answers 422 \`audit-export-max\` ` +
          '(narrow the period), never a file cut short. The export is audited (action `export`), with each person it names (`audit_view`).',
        params: OrganisationParams,
        querystring: AuditEntryExportQuery,
        response: {
          200: {
            description: 'The selected entries',
            content: {
              'text/csv': { schema: Type.String({ description: 'CSV document' }) },
              [XLSX]: { schema: binary('XLSX workbook') },
            },
          },
          ...problems(400, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const { result, personsShown } = await service.exportAuditEntries(app.db, request.requirePrincipal(), organisationId, request.query)
      auditReading(request, organisationId, personsShown, 'export')
      const name = `registro-accessi-${new Date().toISOString().slice(0, 10)}`
      void reply.header('cache-control', 'no-store')
      if (request.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(auditCsv(result))
      const title = `Registro degli accessi — ${result.length} voci, esportate il ${new Date().toISOString()}`
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await auditXlsx(result, title))
    },
  )

  app.get(
    '/organisations/:organisationId/audit-entries/actors',
    {
      config: { access: { org: 'auditor' } },
      schema: {
        operationId: 'listAuditActors',
        tags: ['audit'],
        summary: 'List the users who appear in an organisation\'s audit trail',
        description: `${WHO} Every user who did something recorded in the organisation's trail (its staff and partners' operators who worked its cases), by family name, for the filter by user. One page.`,
        params: OrganisationParams,
        response: { 200: described(Ref(AuditActorPage), 'The users of the trail'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const page = await service.listAuditActors(app.db, request.requirePrincipal(), organisationId)
      request.auditRead('audit_log', organisationId, organisationId, 'list')
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
      // Batches of ids, each its own statement; the walk stops if the client goes away.
      const result = await service.verifyAuditChain(app.db, request.requirePrincipal(), organisationId, {
        batchIds: options.config.auditVerifyBatchIds,
        abandoned: () => request.raw.socket?.destroyed === true,
      })
      request.auditRead('audit_log', organisationId, organisationId)
      void reply.header('cache-control', 'no-store')
      return result
    },
  )
}
