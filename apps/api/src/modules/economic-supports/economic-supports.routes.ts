/** HTTP of a case's economic supports: requests, the coordinator's decision and the payment; the coordinator's queue of requests awaiting a decision. */
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import {
  EconomicSupport,
  EconomicSupportAwaitingDecisionListQuery,
  EconomicSupportAwaitingDecisionPage,
  EconomicSupportCreate,
  EconomicSupportDecision,
  EconomicSupportListQuery,
  EconomicSupportPage,
  EconomicSupportPatch,
  EconomicSupportPayment,
  Ref,
} from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './economic-supports.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const SupportParams = Type.Object({ caseId: UuidParam, supportId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })

const VISIBILITY =
  'Municipality staff working the case only (its coordinators, the assigned case manager, colleagues added to it); partners with a referral and anyone who cannot see the case get 404.'
const RULES = '`amountCents` must be greater than zero and `periodFrom` not after `periodTo` (422 naming the field otherwise).'

const caller = (request: FastifyRequest): service.Caller => ({
  principal: request.requirePrincipal(),
  actor: request.auditActor(),
  auditRead: (type, id, organisationId) => request.auditRead(type, id, organisationId),
})

export default async function economicSupportRoutes(app: App) {
  app.get(
    '/economic-supports/awaiting-decision',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listEconomicSupportsAwaitingDecision',
        tags: ['economic-supports'],
        summary: 'List the economic supports awaiting my decision',
        description:
          'Economic supports in `requested` status of the cases the caller sees as a coordinator (every case of the municipalities where they hold the coordinator role), with who requested them and the person of the case. ' +
          'Anyone else — case managers, even of the case, and partner operators — gets an empty list. The oldest request first; cursor pagination. Every support returned is written to the audit trail.',
        querystring: EconomicSupportAwaitingDecisionListQuery,
        response: { 200: described(Ref(EconomicSupportAwaitingDecisionPage), 'A page of economic supports awaiting a decision'), ...problems(400) },
      },
    },
    async (request) => service.listEconomicSupportsAwaitingDecision(app.db, caller(request), request.query),
  )

  app.get(
    '/cases/:caseId/economic-supports',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listEconomicSupports',
        tags: ['economic-supports'],
        summary: 'List the economic supports of a case',
        description: `${VISIBILITY} Most recent request first; filters by status and type; cursor pagination.`,
        params: CaseParams,
        querystring: EconomicSupportListQuery,
        response: { 200: described(Ref(EconomicSupportPage), 'A page of economic supports'), ...problems(400, 404) },
      },
    },
    async (request) => service.listEconomicSupports(app.db, caller(request), requireCaseScope(request), request.query),
  )

  app.post(
    '/cases/:caseId/economic-supports',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'requestEconomicSupport',
        tags: ['economic-supports'],
        summary: 'Request an economic support',
        description: `${VISIBILITY} Records a request (status \`requested\`) for the whole period's amount in euro cents. ${RULES} Answers 201 with ETag and Location.`,
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(EconomicSupportCreate),
        response: { 201: described(Ref(EconomicSupport), 'The request recorded'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const support = await service.requestEconomicSupport(app.db, caller(request), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${support.caseId}/economic-supports/${support.id}`)
      return withEtag(reply, support)
    },
  )

  app.get(
    '/cases/:caseId/economic-supports/:supportId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'readEconomicSupport',
        tags: ['economic-supports'],
        summary: 'Read an economic support',
        description: `${VISIBILITY} The ETag is its version.`,
        params: SupportParams,
        response: { 200: described(Ref(EconomicSupport), 'The economic support'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readEconomicSupport(app.db, caller(request), requireCaseScope(request), request.params.supportId)),
  )

  app.patch(
    '/cases/:caseId/economic-supports/:supportId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'updateEconomicSupport',
        tags: ['economic-supports'],
        summary: 'Update a request of economic support',
        description: `${VISIBILITY} Only while \`requested\` (409 once decided). JSON Merge Patch with If-Match (428 without, 412 when stale). ${RULES}`,
        params: SupportParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(EconomicSupportPatch)),
        response: { 200: described(Ref(EconomicSupport), 'The request updated'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const support = await service.updateEconomicSupport(app.db, caller(request), requireCaseScope(request), request.params.supportId, expectedVersion, request.body as EconomicSupportPatch)
      return withEtag(reply, support)
    },
  )

  app.post(
    '/cases/:caseId/economic-supports/:supportId/transitions',
    {
      config: { access: { case: 'coordinate' } },
      schema: {
        operationId: 'decideEconomicSupport',
        tags: ['economic-supports'],
        summary: 'Decide a request of economic support',
        description:
          `${VISIBILITY} A coordinator of the municipality only (403 otherwise), with If-Match (428 without, 412 when stale). \`requested\` → \`approved\` (optional \`approvedAmountCents\`, > 0 and at most the requested amount; defaults to it) ` +
          'or `rejected` (with the reason in `note`); a support already decided answers 409. A missing reason or a wrong approved amount answers 422 naming the field.',
        params: SupportParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(EconomicSupportDecision),
        response: { 200: described(Ref(EconomicSupport), 'The support decided'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const support = await service.decideEconomicSupport(app.db, caller(request), requireCaseScope(request), request.params.supportId, expectedVersion, request.body)
      return withEtag(reply, support)
    },
  )

  app.post(
    '/cases/:caseId/economic-supports/:supportId/payment',
    {
      config: { access: { case: 'coordinate' } },
      schema: {
        operationId: 'recordPayment',
        tags: ['economic-supports'],
        summary: 'Record the payment of an economic support',
        description:
          `${VISIBILITY} A coordinator of the municipality only (403 otherwise), with If-Match (428 without, 412 when stale). \`approved\` → \`paid\` on \`paidOn\`, which may be neither in the future nor before the approval (422); ` +
          'a support not approved, or already paid, answers 409.',
        params: SupportParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(EconomicSupportPayment),
        response: { 200: described(Ref(EconomicSupport), 'The support paid'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const support = await service.recordPayment(app.db, caller(request), requireCaseScope(request), request.params.supportId, expectedVersion, request.body)
      return withEtag(reply, support)
    },
  )
}
