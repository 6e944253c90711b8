/** HTTP of the commitments (impegni) of a plan version, and of the overdue ones across the caller's cases. */
import { Type } from 'typebox'
import { Commitment, CommitmentCreate, CommitmentListQuery, CommitmentPage, CommitmentPatch, OverdueCommitmentListQuery, OverdueCommitmentPage, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './commitments.service.js'

const PlanParams = Type.Object({ caseId: UuidParam, planId: UuidParam })
const CommitmentParams = Type.Object({ caseId: UuidParam, planId: UuidParam, commitmentId: UuidParam })

const VISIBILITY =
  'Municipality staff working the case (its coordinators, the assigned case manager and colleagues added to it) only; anyone else, partner operators included, gets 404 as for a missing case. The records of a closed case cannot change (409 `case-closed`).'

export default async function commitmentRoutes(app: App) {
  app.get(
    '/commitments/overdue',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listOverdueCommitments',
        tags: ['plans'],
        summary: 'List overdue commitments of my cases',
        description:
          'Commitments still `open` (or `rescheduled`, by their new date) whose due date has passed, on the signed plan of the open cases the caller works as a coordinator (every case of the municipality) or a case manager (cases assigned to them or they were added to). ' +
          'Cases seen through a partner\'s referral are never included. Optional `assignedTo` (a user id or `me`) keeps the cases assigned to that case manager. The oldest due date first; cursor pagination. Every commitment returned is written to the audit trail.',
        querystring: OverdueCommitmentListQuery,
        response: { 200: described(Ref(OverdueCommitmentPage), 'A page of overdue commitments'), ...problems(400) },
      },
    },
    async (request) => service.listOverdueCommitments(app.db, request.requirePrincipal(), request.query, request.auditRead.bind(request)),
  )

  app.get(
    '/cases/:caseId/plans/:planId/commitments',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listCommitments',
        tags: ['plans'],
        summary: 'List the commitments of a plan version',
        description: `By due date, then id; optional filter by status; cursor pagination. ${VISIBILITY} Every commitment returned is written to the audit trail.`,
        params: PlanParams,
        querystring: CommitmentListQuery,
        response: { 200: described(Ref(CommitmentPage), 'A page of commitments'), ...problems(400, 404) },
      },
    },
    async (request) =>
      service.listCommitments(app.db, request.requirePrincipal(), requireCaseScope(request), request.params.planId, request.query, request.auditRead.bind(request)),
  )

  app.post(
    '/cases/:caseId/plans/:planId/commitments',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'createCommitment',
        tags: ['plans'],
        summary: 'Add a commitment to a draft version',
        description: `The commitment starts \`open\`. Only a draft version takes new commitments: 409 \`plan-not-draft\`, \`plan-signed\` or \`plan-superseded\` otherwise. ${VISIBILITY} Answers 201 with ETag and Location.`,
        params: PlanParams,
        headers: IdempotencyHeaders,
        body: Ref(CommitmentCreate),
        response: { 201: described(Ref(Commitment), 'The commitment created'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createCommitment(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.planId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${created.caseId}/plans/${created.planId}/commitments/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.patch(
    '/cases/:caseId/plans/:planId/commitments/:commitmentId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'updateCommitment',
        tags: ['plans'],
        summary: 'Update a commitment or record its outcome',
        description:
          'JSON Merge Patch with If-Match (428 without, 412 when stale). On a draft version every field changes. On the signed version (frozen) only `status` and `rescheduledTo` may change: ' +
          'a patch changing any other field answers 409 `plan-signed`, each such field named in `errors`. A submitted or approved version changes nothing (409 `plan-not-draft`), nor does a superseded one (409 `plan-superseded`). ' +
          `\`rescheduled\` needs \`rescheduledTo\` after the due date, and \`rescheduledTo\` is set only with \`rescheduled\` (422 naming the field). ${VISIBILITY}`,
        params: CommitmentParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(CommitmentPatch)),
        response: { 200: described(Ref(Commitment), 'The commitment updated'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const updated = await service.updateCommitment(
        app.db,
        request.requirePrincipal(),
        request.auditActor(),
        requireCaseScope(request),
        request.params.planId,
        request.params.commitmentId,
        expectedVersion,
        request.body as CommitmentPatch,
      )
      return withEtag(reply, updated)
    },
  )
}
