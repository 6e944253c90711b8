/** HTTP of meetings: a case's meetings (plan, read, reschedule, record the outcome) and the caller's upcoming ones. */
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { Meeting, MeetingCreate, MeetingListQuery, MeetingPage, MeetingPatch, MeetingTransition, Ref, UpcomingMeetingPage, UpcomingMeetingQuery } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './meetings.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const MeetingParams = Type.Object({ caseId: UuidParam, meetingId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })

const VISIBILITY =
  'Municipality staff working the case only (its coordinators, the assigned case manager, colleagues added to it); partners with a referral and anyone who cannot see the case get 404.'

const caller = (request: FastifyRequest): service.Caller => ({
  principal: request.requirePrincipal(),
  actor: request.auditActor(),
  auditRead: (type, id, organisationId) => request.auditRead(type, id, organisationId),
})

export default async function meetingRoutes(app: App) {
  app.get(
    '/cases/:caseId/meetings',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listMeetings',
        tags: ['meetings'],
        summary: 'List the meetings of a case',
        description: `${VISIBILITY} Most recent first (date, start time); filters by status and date range; cursor pagination. \`missedCount\` counts the case's missed meetings (no-shows) whatever the filters.`,
        params: CaseParams,
        querystring: MeetingListQuery,
        response: { 200: described(Ref(MeetingPage), 'A page of meetings with the case\'s missed count'), ...problems(400, 404) },
      },
    },
    async (request) => service.listMeetings(app.db, caller(request), requireCaseScope(request), request.query),
  )

  app.post(
    '/cases/:caseId/meetings',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'planMeeting',
        tags: ['meetings'],
        summary: 'Plan a meeting',
        description: `${VISIBILITY} Plans a meeting (status \`planned\`): date, start time HH:MM, duration 5–480 minutes (default 60), location, participants, agenda. Writes a timeline event. Answers 201 with ETag and Location.`,
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(MeetingCreate),
        response: { 201: described(Ref(Meeting), 'The meeting planned'), ...problems(400, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const meeting = await service.planMeeting(app.db, caller(request), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${meeting.caseId}/meetings/${meeting.id}`)
      return withEtag(reply, meeting)
    },
  )

  app.get(
    '/cases/:caseId/meetings/:meetingId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'readMeeting',
        tags: ['meetings'],
        summary: 'Read a meeting',
        description: `${VISIBILITY} The ETag is its version.`,
        params: MeetingParams,
        response: { 200: described(Ref(Meeting), 'The meeting'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readMeeting(app.db, caller(request), requireCaseScope(request), request.params.meetingId)),
  )

  app.patch(
    '/cases/:caseId/meetings/:meetingId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'updateMeeting',
        tags: ['meetings'],
        summary: 'Update a planned meeting',
        description: `${VISIBILITY} JSON Merge Patch with If-Match (428 without, 412 when stale). Only a planned meeting can be changed (409 \`meeting-not-planned\` otherwise), on an open case (409 \`case-closed\`; the outcome of a meeting of a closed case can still be recorded), as the meeting's \`permissions\` say; a new date or time is recorded on the timeline as a rescheduling.`,
        params: MeetingParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(MeetingPatch)),
        response: { 200: described(Ref(Meeting), 'The meeting updated'), ...problems(400, 404, 409, 412, 415, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const meeting = await service.updateMeeting(app.db, caller(request), requireCaseScope(request), request.params.meetingId, expectedVersion, request.body as MeetingPatch)
      return withEtag(reply, meeting)
    },
  )

  app.post(
    '/cases/:caseId/meetings/:meetingId/transitions',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'transitionMeeting',
        tags: ['meetings'],
        summary: 'Record the outcome of a meeting',
        description:
          `${VISIBILITY} With If-Match (428 without, 412 when stale). From \`planned\` only: \`held\` (with \`outcome\`, optional \`evaluation\` 1–5), \`missed\` (no-show, optional \`note\`) or \`cancelled\` (with \`reason\`); ` +
          'any other change answers 409. A missing outcome or reason, a field that does not belong to the target status, or a held/missed meeting dated in the future answers 422 naming the field.',
        params: MeetingParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(MeetingTransition),
        response: { 200: described(Ref(Meeting), 'The meeting in its new status'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const meeting = await service.transitionMeeting(app.db, caller(request), requireCaseScope(request), request.params.meetingId, expectedVersion, request.body)
      return withEtag(reply, meeting)
    },
  )

  app.get(
    '/meetings/upcoming',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listUpcomingMeetings',
        tags: ['meetings'],
        summary: 'List my upcoming and overdue meetings',
        description:
          'For the case manager\'s home page: planned meetings of the cases the caller follows as coordinator (all the municipality\'s) or case manager (assigned or added to), from today on, ' +
          'preceded by overdue ones (planned with a past date: their outcome is still to be recorded, `isOverdue` true) unless `includeOverdue=false`. Optional `assignedTo` (a user id or `me`) keeps the cases assigned to that case manager (a coordinator\'s own deadlines). Never meetings of referred cases. Ordered by date and time; cursor pagination.',
        querystring: UpcomingMeetingQuery,
        response: { 200: described(Ref(UpcomingMeetingPage), 'A page of planned meetings'), ...problems(400) },
      },
    },
    async (request) => service.listUpcomingMeetings(app.db, caller(request), request.query),
  )
}
