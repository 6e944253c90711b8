/** HTTP of a case's assessments: /cases/{caseId}/assessments, read, merge-patch and the author's signature. */
import { Type } from 'typebox'
import { Assessment, AssessmentCreate, AssessmentListQuery, AssessmentPage, AssessmentPatch, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './assessments.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const AssessmentParams = Type.Object({ caseId: UuidParam, assessmentId: UuidParam })

const VISIBILITY =
  'Municipality staff working the case (its coordinators, the assigned case manager and colleagues added to it) only; anyone else, partner operators included, gets 404 as for a missing case.'
const FROZEN = 'A signed assessment is frozen (409 `assessment-signed`); the records of a closed case cannot change (409 `case-closed`).'

export default async function assessmentRoutes(app: App) {
  app.get(
    '/cases/:caseId/assessments',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listAssessments',
        tags: ['assessments'],
        summary: 'List the assessments of a case',
        description: `The most recent first (by assessedOn, then id); cursor pagination; optional filter by kind. ${VISIBILITY} Every assessment returned is written to the audit trail.`,
        params: CaseParams,
        querystring: AssessmentListQuery,
        response: { 200: described(Ref(AssessmentPage), 'A page of assessments'), ...problems(400, 404) },
      },
    },
    async (request) => service.listAssessments(app.db, request.requirePrincipal(), requireCaseScope(request), request.query, request.auditRead.bind(request)),
  )

  app.post(
    '/cases/:caseId/assessments',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'createAssessment',
        tags: ['assessments'],
        summary: 'Record an assessment',
        description: `A preliminary or in-depth assessment; the caller is its author. \`assessedOn\` may not be in the future (422 naming the field). An assessment with nothing filled in (no area score, strengths, needs, employability level or notes; blank text is empty) answers 422 \`assessment-empty\`. ${VISIBILITY} The records of a closed case cannot change (409 \`case-closed\`). Answers 201 with ETag and Location.`,
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(AssessmentCreate),
        response: { 201: described(Ref(Assessment), 'The assessment recorded'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createAssessment(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${created.caseId}/assessments/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/cases/:caseId/assessments/:assessmentId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'readAssessment',
        tags: ['assessments'],
        summary: 'Read an assessment',
        description: `${VISIBILITY} The ETag is its version. The read is written to the audit trail.`,
        params: AssessmentParams,
        response: { 200: described(Ref(Assessment), 'The assessment'), ...problems(400, 404) },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.readAssessment(app.db, request.requirePrincipal(), requireCaseScope(request), request.params.assessmentId, request.auditRead.bind(request))),
  )

  app.patch(
    '/cases/:caseId/assessments/:assessmentId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'updateAssessment',
        tags: ['assessments'],
        summary: 'Update an unsigned assessment',
        description: `JSON Merge Patch with If-Match (428 without, 412 when stale); \`scores\` merges area by area, null clears an area; a patch that would leave nothing filled in answers 422 \`assessment-empty\`. ${FROZEN} ${VISIBILITY}`,
        params: AssessmentParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(AssessmentPatch)),
        response: { 200: described(Ref(Assessment), 'The assessment updated'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const updated = await service.updateAssessment(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.assessmentId, expectedVersion, request.body as AssessmentPatch)
      return withEtag(reply, updated)
    },
  )

  app.post(
    '/cases/:caseId/assessments/:assessmentId/sign',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'signAssessment',
        tags: ['assessments'],
        summary: 'Sign an assessment (its author)',
        description: `Only the author signs (403 for anyone else); If-Match with the version read (428 without, 412 when stale). After the signature the assessment is frozen; signing it again answers 409 \`assessment-signed\`. ${VISIBILITY}`,
        params: AssessmentParams,
        headers: Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties }),
        response: { 200: described(Ref(Assessment), 'The signed assessment'), ...problems(400, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const signed = await service.signAssessment(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.assessmentId, expectedVersion)
      return withEtag(reply, signed)
    },
  )
}
