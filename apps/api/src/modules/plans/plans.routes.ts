/**
 * HTTP of a case's individual plan: its versions (/cases/{caseId}/plans), status changes
 * (/transitions), revisions (/revisions), the coordinator's queue of versions awaiting approval
 * (/plans/awaiting-approval), and — registered from here — its commitments.
 */
import { Type } from 'typebox'
import { Plan, PlanAwaitingApprovalListQuery, PlanAwaitingApprovalPage, PlanCreate, PlanListQuery, PlanPage, PlanPatch, PlanTransition, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import commitmentRoutes from './commitments.routes.js'
import * as service from './plans.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const PlanParams = Type.Object({ caseId: UuidParam, planId: UuidParam })

const PLAN_VISIBILITY =
  'Municipality staff working the case (its coordinators, the assigned case manager and colleagues added to it) only; anyone else, partner operators included, gets 404 as for a missing case. The records of a closed case cannot change (409 `case-closed`).'

export default async function planRoutes(app: App) {
  app.get(
    '/plans/awaiting-approval',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listPlansAwaitingApproval',
        tags: ['plans'],
        summary: 'List the plan versions awaiting my approval',
        description:
          'Plan versions in `submitted` status of the open cases the caller sees as a coordinator (every case of the municipalities where they hold the coordinator role), with who submitted them and the person of the case. ' +
          'Anyone else — case managers, even of the case, and partner operators — gets an empty list. The oldest submission first; cursor pagination. Every version returned is written to the audit trail.',
        querystring: PlanAwaitingApprovalListQuery,
        response: { 200: described(Ref(PlanAwaitingApprovalPage), 'A page of plan versions awaiting approval'), ...problems(400) },
      },
    },
    async (request) => service.listPlansAwaitingApproval(app.db, request.requirePrincipal(), request.query, request.auditRead.bind(request)),
  )

  app.get(
    '/cases/:caseId/plans',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listPlans',
        tags: ['plans'],
        summary: 'List the versions of the plan of a case',
        description: `Every version, the newest first; optional filter by status; cursor pagination. ${PLAN_VISIBILITY} Every version returned is written to the audit trail.`,
        params: CaseParams,
        querystring: PlanListQuery,
        response: { 200: described(Ref(PlanPage), 'A page of plan versions'), ...problems(400, 404) },
      },
    },
    async (request) => service.listPlans(app.db, request.requirePrincipal(), requireCaseScope(request), request.query, request.auditRead.bind(request)),
  )

  app.post(
    '/cases/:caseId/plans',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'createPlan',
        tags: ['plans'],
        summary: 'Start the plan of a case',
        description:
          `Creates a version in \`draft\`: the first plan of the case (or a blank version after the signed one; a revision copies the content instead). ` +
          `409 \`plan-in-progress\` with \`existingId\` while another version is a draft, submitted or approved. ${PLAN_VISIBILITY} Answers 201 with ETag and Location.`,
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(PlanCreate),
        response: { 201: described(Ref(Plan), 'The plan version created'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createPlan(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${created.caseId}/plans/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/cases/:caseId/plans/:planId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'readPlan',
        tags: ['plans'],
        summary: 'Read a version of the plan',
        description: `${PLAN_VISIBILITY} The ETag is its version. The read is written to the audit trail.`,
        params: PlanParams,
        response: { 200: described(Ref(Plan), 'The plan version'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readPlan(app.db, request.requirePrincipal(), requireCaseScope(request), request.params.planId, request.auditRead.bind(request))),
  )

  app.patch(
    '/cases/:caseId/plans/:planId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'updatePlan',
        tags: ['plans'],
        summary: 'Update a draft version of the plan',
        description:
          'JSON Merge Patch with If-Match (428 without, 412 when stale); arrays (objectives, supports) are replaced whole — send the `id` of an objective to keep it. ' +
          `Only a draft changes: 409 \`plan-not-draft\` while submitted or approved, \`plan-signed\` once signed (frozen: revise it instead), \`plan-superseded\` for an old version. ${PLAN_VISIBILITY}`,
        params: PlanParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(PlanPatch)),
        response: { 200: described(Ref(Plan), 'The plan version updated'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const updated = await service.updatePlan(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.planId, expectedVersion, request.body as PlanPatch)
      return withEtag(reply, updated)
    },
  )

  app.post(
    '/cases/:caseId/plans/:planId/transitions',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'transitionPlan',
        tags: ['plans'],
        summary: 'Submit, approve, return or sign a version of the plan',
        description:
          '`submit`: draft → submitted, by the staff of the case; the plan needs at least one objective (422). ' +
          '`approve`: submitted → approved, coordinators only (403 otherwise); records who and when. ' +
          '`return`: submitted → draft with a `reason` (400 without), coordinators only. ' +
          '`sign`: approved → signed, with `signedOn`, the day the person signed the patto (400 without, 422 in the future); the signed version is frozen and the version signed before becomes `superseded`. ' +
          `An action the current status does not allow answers 409 \`transition-not-allowed\`. If-Match with the version read (428 without, 412 when stale). ${PLAN_VISIBILITY}`,
        params: PlanParams,
        headers: Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties }),
        body: Ref(PlanTransition),
        response: { 200: described(Ref(Plan), 'The plan version after the change'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const plan = await service.transitionPlan(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.planId, expectedVersion, request.body)
      return withEtag(reply, plan)
    },
  )

  app.post(
    '/cases/:caseId/plans/:planId/revisions',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'revisePlan',
        tags: ['plans'],
        summary: 'Revise a version of the plan',
        description:
          'Creates the next version in `draft` from a submitted, approved or signed one, copying objectives (with their ids), expected results, supports, the review date and the commitments still open (rescheduled ones with their new date). ' +
          'A submitted or approved source is superseded at once; a signed one stays in force until the new version is signed. ' +
          `409 \`plan-not-revisable\` from a draft or superseded version, \`plan-in-progress\` (with \`existingId\`) when a revision already exists. ${PLAN_VISIBILITY} Answers 201 with ETag and Location.`,
        params: PlanParams,
        headers: IdempotencyHeaders,
        response: { 201: described(Ref(Plan), 'The new draft version'), ...problems(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await service.revisePlan(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.planId)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${created.caseId}/plans/${created.id}`)
      return withEtag(reply, created)
    },
  )

  await app.register(commitmentRoutes)
}
