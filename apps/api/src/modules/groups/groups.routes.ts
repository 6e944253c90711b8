/**
 * HTTP of mutual self-help groups: programmes, applications and their screening, information
 * meetings, groups with facilitators and members, the session plan (dry run, then saved),
 * thematic sessions, moves and cancellations, attendance with absence alerts, outcomes and
 * follow-ups, the sessions as iCalendar, and what a case's staff see of a person's participation.
 */
import { Type } from 'typebox'
import {
  CaseGroupParticipationList,
  Group,
  GroupAlertList,
  GroupApplication,
  GroupApplicationCreate,
  GroupApplicationListQuery,
  GroupApplicationPage,
  GroupApplicationPatch,
  GroupApplicationTransitionRequest,
  GroupCreate,
  GroupDropOutRequest,
  GroupFollowUpDueList,
  GroupFollowUpRecord,
  GroupListQuery,
  GroupMember,
  GroupMemberCreate,
  GroupMemberOutcomeUpdate,
  GroupOutcomes,
  GroupPage,
  GroupPatch,
  GroupSession,
  GroupSessionAttendance,
  GroupSessionAttendanceUpdate,
  GroupSessionCancel,
  GroupSessionList,
  GroupSessionMove,
  GroupSessionPatch,
  GroupSessionPlan,
  GroupSessionPlanRequest,
  GroupThematicSessionCreate,
  GroupTransitionRequest,
  InformationMeeting,
  InformationMeetingAttendanceUpdate,
  InformationMeetingCreate,
  InformationMeetingList,
  Programme,
  ProgrammeCreate,
  ProgrammeFacilitatorList,
  ProgrammeListQuery,
  ProgrammePage,
  ProgrammePatch,
  Ref,
  type GroupApplicationPatch as GroupApplicationPatchType,
  type GroupPatch as GroupPatchType,
  type GroupSessionPatch as GroupSessionPatchType,
  type ProgrammePatch as ProgrammePatchType,
} from '@ponte/shared'
import type { Config } from '../../config.js'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import { callerOf } from '../../lib/caller.js'
import * as service from './groups.service.js'

const ProgrammeParams = Type.Object({ programmeId: UuidParam })
const ApplicationParams = Type.Object({ applicationId: UuidParam })
const MeetingParams = Type.Object({ meetingId: UuidParam })
const GroupParams = Type.Object({ groupId: UuidParam })
const MemberParams = Type.Object({ memberId: UuidParam })
const FollowUpParams = Type.Object({ memberId: UuidParam, months: Type.Integer({ format: 'int32', enum: [3, 6, 12], description: 'Months after the group\'s last session: 3, 6 or 12' }) })
const SessionParams = Type.Object({ sessionId: UuidParam })
const CaseParams = Type.Object({ caseId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })
const OptionalIfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 64, description: 'The ETag of the outcome as read; required once it exists (428 without, 412 when stale)' })),
})

const CONFIDENTIAL = 'What is said in a group is never stored: no field of this API takes free text about a session or a member (unknown properties answer 400).'
const PROGRAMME_VISIBILITY =
  'A programme is seen by the coordinators and case managers of its municipality and by the facilitators of its municipality and partner organisations; anyone else gets 404.'
const GROUP_VISIBILITY =
  'A group is seen by the coordinators of the programme\'s municipality and by its own facilitators and co-facilitators (names, contacts and attendance of members; never a case). Anyone else — case managers included, who read a person\'s participation through the case — gets 404.'
const SCREENERS = 'The coordinators of the programme\'s municipality and its facilitators (403 for case managers; 404 for whoever cannot see the programme).'

export default async function groupRoutes(app: App, options: { config: Config }) {
  // -------------------------------------------------------------------------------------------
  // Programmes

  app.get(
    '/programmes',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listProgrammes',
        tags: ['groups'],
        summary: 'Mutual self-help programmes',
        description: `The programmes (edizioni) the caller sees. ${PROGRAMME_VISIBILITY} \`current\` keeps those whose period includes today. Newest first; cursor pagination.`,
        querystring: ProgrammeListQuery,
        response: { 200: described(Ref(ProgrammePage), 'A page of programmes'), ...problems(400) },
      },
    },
    async (request) => service.listProgrammes(app.db, callerOf(request), request.query),
  )

  app.post(
    '/programmes',
    {
      config: { access: { signedIn: true, outsiders: 403 } },
      schema: {
        operationId: 'createProgramme',
        tags: ['groups'],
        summary: 'Create a programme',
        description:
          'A coordinator of `ownerMunicipalityId` (403 for callers who coordinate no municipality; 422 naming `/ownerMunicipalityId` for another one). Partners are active organisations (422 naming each). ' +
          'Local closures (the patron saint\'s day) are skipped by every session plan of the programme. Answers 201 with ETag and Location.',
        headers: IdempotencyHeaders,
        body: Ref(ProgrammeCreate),
        response: { 201: described(Ref(Programme), 'The programme created'), ...problems(400, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createProgramme(app.db, callerOf(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/programmes/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/programmes/:programmeId',
    {
      config: { access: { resource: 'programme', right: 'read' } },
      schema: {
        operationId: 'readProgramme',
        tags: ['groups'],
        summary: 'Read a programme',
        description: `${PROGRAMME_VISIBILITY} With the applications per status, the number of groups and the caller's \`permissions\`.`,
        params: ProgrammeParams,
        response: { 200: described(Ref(Programme), 'The programme'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readProgramme(app.db, callerOf(request), request.params.programmeId)),
  )

  app.patch(
    '/programmes/:programmeId',
    {
      config: { access: { resource: 'programme', right: 'manage' } },
      schema: {
        operationId: 'updateProgramme',
        tags: ['groups'],
        summary: 'Update a programme',
        description: 'A coordinator of the programme\'s municipality (403 for facilitators and case managers). JSON Merge Patch with If-Match (428 without, 412 when stale); `partnerOrganisationIds` replaces the partners.',
        params: ProgrammeParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(ProgrammePatch)),
        response: { 200: described(Ref(Programme), 'The programme updated'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.updateProgramme(app.db, callerOf(request), request.params.programmeId, expected, request.body as ProgrammePatchType))
    },
  )

  app.get(
    '/programmes/:programmeId/facilitators',
    {
      config: { access: { resource: 'programme', right: 'manage' } },
      schema: {
        operationId: 'listProgrammeFacilitators',
        tags: ['groups'],
        summary: 'Who may facilitate the programme\'s groups',
        description: 'For the coordinators of the programme\'s municipality (403 for facilitators and case managers): the active users with the facilitator role in its municipality or a partner organisation, to choose a group\'s facilitator and co-facilitators.',
        params: ProgrammeParams,
        response: { 200: described(Ref(ProgrammeFacilitatorList), 'The facilitators'), ...problems(400, 403, 404) },
      },
    },
    async (request) => service.listProgrammeFacilitators(app.db, callerOf(request), request.params.programmeId),
  )

  // -------------------------------------------------------------------------------------------
  // Applications

  app.get(
    '/programmes/:programmeId/applications',
    {
      config: { access: { resource: 'programme', right: 'read' } },
      schema: {
        operationId: 'listGroupApplications',
        tags: ['groups'],
        summary: 'Applications to a programme',
        description:
          `${PROGRAMME_VISIBILITY} Coordinators and facilitators see every application; case managers those they entered and those of the persons of their cases. ` +
          'Each carries its eligibility computed now (resident in a covered municipality, unemployed). Filters: `status`, `eligible`. Oldest first; cursor pagination.',
        params: ProgrammeParams,
        querystring: GroupApplicationListQuery,
        response: { 200: described(Ref(GroupApplicationPage), 'A page of applications'), ...problems(400, 404) },
      },
    },
    async (request) => service.listApplications(app.db, callerOf(request), request.params.programmeId, request.query),
  )

  app.post(
    '/programmes/:programmeId/applications',
    {
      config: { access: { resource: 'programme', right: 'apply' } },
      schema: {
        operationId: 'createGroupApplication',
        tags: ['groups'],
        summary: 'Enter an application',
        description:
          'By anyone who sees the programme. Either `personId` — a person the caller sees as municipality staff (422 naming `/personId` otherwise, facilitators included), whose name, contacts, residence and employment status are taken unless given — ' +
          'or a new applicant (self-referral allowed) with given and family name, residence, employment status and contacts. The consent date is required. ' +
          'A person with an open application to the programme answers 409 `duplicate-application`. Answers 201 with ETag and Location.',
        params: ProgrammeParams,
        headers: IdempotencyHeaders,
        body: Ref(GroupApplicationCreate),
        response: { 201: described(Ref(GroupApplication), 'The application entered'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createApplication(app.db, callerOf(request), request.params.programmeId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/group-applications/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/group-applications/:applicationId',
    {
      config: { access: { resource: 'group-application', right: 'read' } },
      schema: {
        operationId: 'readGroupApplication',
        tags: ['groups'],
        summary: 'Read an application',
        description: `${PROGRAMME_VISIBILITY} Case managers see only the applications they entered or of their cases' persons (404 otherwise). \`personId\` is shown to the municipality's staff only.`,
        params: ApplicationParams,
        response: { 200: described(Ref(GroupApplication), 'The application'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readApplication(app.db, callerOf(request), request.params.applicationId)),
  )

  app.patch(
    '/group-applications/:applicationId',
    {
      config: { access: { resource: 'group-application', right: 'screen' } },
      schema: {
        operationId: 'updateGroupApplication',
        tags: ['groups'],
        summary: 'Update an application',
        description: `${SCREENERS} Contacts, residence, employment status (eligibility follows) and the screening interview date. JSON Merge Patch with If-Match; a closed application answers 409.`,
        params: ApplicationParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(GroupApplicationPatch)),
        response: { 200: described(Ref(GroupApplication), 'The application updated'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.updateApplication(app.db, callerOf(request), request.params.applicationId, expected, request.body as GroupApplicationPatchType))
    },
  )

  app.post(
    '/group-applications/:applicationId/transitions',
    {
      config: { access: { resource: 'group-application', right: 'screen' } },
      schema: {
        operationId: 'transitionGroupApplication',
        tags: ['groups'],
        summary: 'Move an application along its diagram',
        description:
          `${SCREENERS} received → interview_scheduled (with \`interviewDate\`) → admitted | waiting_list | not_admitted; waiting_list → admitted | not_admitted; any open one → withdrawn. ` +
          '`not_admitted` and `withdrawn` need a `reason` from the list (422 otherwise). Any other move answers 409 `transition-not-allowed`; a member of a group leaves it through a drop-out (409). Needs If-Match.',
        params: ApplicationParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(GroupApplicationTransitionRequest),
        response: { 200: described(Ref(GroupApplication), 'The application moved'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.transitionApplication(app.db, callerOf(request), request.params.applicationId, expected, request.body))
    },
  )

  // -------------------------------------------------------------------------------------------
  // Information meetings

  app.get(
    '/programmes/:programmeId/information-meetings',
    {
      config: { access: { resource: 'programme', right: 'read' } },
      schema: {
        operationId: 'listInformationMeetings',
        tags: ['groups'],
        summary: 'Information meetings of a programme',
        description: `${PROGRAMME_VISIBILITY} With who attended, for the coordinators and facilitators (case managers get the meetings without attendance).`,
        params: ProgrammeParams,
        response: { 200: described(Ref(InformationMeetingList), 'The meetings, by date'), ...problems(400, 404) },
      },
    },
    async (request) => service.listInformationMeetings(app.db, callerOf(request), request.params.programmeId),
  )

  app.post(
    '/programmes/:programmeId/information-meetings',
    {
      config: { access: { resource: 'programme', right: 'screen' } },
      schema: {
        operationId: 'createInformationMeeting',
        tags: ['groups'],
        summary: 'Schedule an information meeting',
        description: `${SCREENERS} Date, time and place; open to all applicants. Answers 201 with ETag.`,
        params: ProgrammeParams,
        headers: IdempotencyHeaders,
        body: Ref(InformationMeetingCreate),
        response: { 201: described(Ref(InformationMeeting), 'The meeting scheduled'), ...problems(400, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const created = await service.createInformationMeeting(app.db, callerOf(request), request.params.programmeId, request.body)
      void reply.code(201)
      return withEtag(reply, created)
    },
  )

  app.put(
    '/information-meetings/:meetingId/attendance',
    {
      config: { access: { resource: 'information-meeting', right: 'screen' } },
      schema: {
        operationId: 'recordInformationMeetingAttendance',
        tags: ['groups'],
        summary: 'Record who attended an information meeting',
        description: `${SCREENERS} Applicants of the programme with \`attended\` true or false (422 naming \`/entries/i/applicationId\` for another programme's or a repeated one); from the meeting's day on (422 before). Needs the meeting's If-Match.`,
        params: MeetingParams,
        headers: IfMatchHeaders,
        body: Ref(InformationMeetingAttendanceUpdate),
        response: { 200: described(Ref(InformationMeeting), 'The meeting with its attendance'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.recordInformationMeetingAttendance(app.db, callerOf(request), request.params.meetingId, expected, request.body))
    },
  )

  // -------------------------------------------------------------------------------------------
  // Groups

  app.get(
    '/programmes/:programmeId/groups',
    {
      config: { access: { resource: 'programme', right: 'read' } },
      schema: {
        operationId: 'listProgrammeGroups',
        tags: ['groups'],
        summary: 'Groups of a programme',
        description: `The programme's groups the caller sees. ${GROUP_VISIBILITY}`,
        params: ProgrammeParams,
        querystring: GroupListQuery,
        response: { 200: described(Ref(GroupPage), 'A page of groups'), ...problems(400, 404) },
      },
    },
    async (request) => service.listGroups(app.db, callerOf(request), { ...request.query, programmeId: request.params.programmeId }),
  )

  app.post(
    '/programmes/:programmeId/groups',
    {
      config: { access: { resource: 'programme', right: 'manage' } },
      schema: {
        operationId: 'createGroup',
        tags: ['groups'],
        summary: 'Create a group',
        description:
          'A coordinator of the programme\'s municipality. Capacity 16 unless given (2–30), closed or open cohort, the lead facilitator and co-facilitators — users with the facilitator role in the programme\'s municipality or a partner, possibly of different organisations (422 naming each otherwise). Answers 201 with ETag and Location.',
        params: ProgrammeParams,
        headers: IdempotencyHeaders,
        body: Ref(GroupCreate),
        response: { 201: described(Ref(Group), 'The group created'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createGroup(app.db, callerOf(request), request.params.programmeId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/groups/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/groups',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listGroups',
        tags: ['groups'],
        summary: 'Groups the caller sees',
        description: `Across programmes, with the next session and the number of absence alerts. ${GROUP_VISIBILITY} Filters: \`status\`, \`facilitatedByMe\`.`,
        querystring: GroupListQuery,
        response: { 200: described(Ref(GroupPage), 'A page of groups'), ...problems(400) },
      },
    },
    async (request) => service.listGroups(app.db, callerOf(request), request.query),
  )

  app.get(
    '/groups/:groupId',
    {
      config: { access: { resource: 'group', right: 'read' } },
      schema: {
        operationId: 'readGroup',
        tags: ['groups'],
        summary: 'Read a group',
        description: `${GROUP_VISIBILITY} With facilitators, members and their attendance rate and unjustified-absence streak, the alerts (3 unjustified absences in a row; justified ones are stepped over), the next session and the caller's \`permissions\`.`,
        params: GroupParams,
        response: { 200: described(Ref(Group), 'The group'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readGroup(app.db, callerOf(request), request.params.groupId)),
  )

  app.patch(
    '/groups/:groupId',
    {
      config: { access: { resource: 'group', right: 'facilitate' } },
      schema: {
        operationId: 'updateGroup',
        tags: ['groups'],
        summary: 'Update a group',
        description:
          'Its facilitators and the coordinators: name, cohort, the thematic topics the group asked for. Capacity (never below the active members, 422) and facilitators: coordinators only (403). A completed or cancelled group answers 409. JSON Merge Patch with If-Match.',
        params: GroupParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(GroupPatch)),
        response: { 200: described(Ref(Group), 'The group updated'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.updateGroup(app.db, callerOf(request), request.params.groupId, expected, request.body as GroupPatchType))
    },
  )

  app.post(
    '/groups/:groupId/transitions',
    {
      config: { access: { resource: 'group', right: 'facilitate' } },
      schema: {
        operationId: 'transitionGroup',
        tags: ['groups'],
        summary: 'Start, complete or cancel a group',
        description:
          'planned → running (once its sessions are planned and it has a member; 422 otherwise) → completed (active members become `completed`); planned → cancelled (coordinators only, 403). Any other move answers 409. Needs If-Match.',
        params: GroupParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(GroupTransitionRequest),
        response: { 200: described(Ref(Group), 'The group moved'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.transitionGroup(app.db, callerOf(request), request.params.groupId, expected, request.body))
    },
  )

  app.post(
    '/groups/:groupId/members',
    {
      config: { access: { resource: 'group', right: 'facilitate' } },
      schema: {
        operationId: 'addGroupMember',
        tags: ['groups'],
        summary: 'Add a member',
        description:
          'Its facilitators and the coordinators add an admitted application of the programme (422 otherwise). Never beyond capacity — also when requests race for the last place (422 `group_full`); a closed cohort accepts no one once running (409 `cohort-closed`); an applicant belongs to one group (409 `already-member`). Answers 201 with the group.',
        params: GroupParams,
        headers: IdempotencyHeaders,
        body: Ref(GroupMemberCreate),
        response: { 201: described(Ref(Group), 'The group with the new member'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const group = await service.addMember(app.db, callerOf(request), request.params.groupId, request.body)
      void reply.code(201)
      return withEtag(reply, group)
    },
  )

  app.post(
    '/group-members/:memberId/drop-out',
    {
      config: { access: { resource: 'group-member', right: 'facilitate' } },
      schema: {
        operationId: 'dropOutGroupMember',
        tags: ['groups'],
        summary: 'Record that a member left the group',
        description: 'Its facilitators and the coordinators, with a reason from the list and the date (from joining to today; default today). Only an active member (409). Needs the member\'s If-Match.',
        params: MemberParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(GroupDropOutRequest),
        response: { 200: described(Ref(GroupMember), 'The member, dropped out'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.dropOut(app.db, callerOf(request), request.params.memberId, expected, request.body))
    },
  )

  app.get(
    '/group-alerts',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listGroupAlerts',
        tags: ['groups'],
        summary: 'Absence alerts of the caller\'s running groups',
        description: 'Active members with 3 or more unjustified absences in a row (justified ones stepped over) in the running groups the caller sees — for the facilitator\'s home page. Empty for whoever sees no group.',
        response: { 200: described(Ref(GroupAlertList), 'The alerts'), ...problems() },
      },
    },
    async (request) => service.listAlerts(app.db, callerOf(request)),
  )

  // -------------------------------------------------------------------------------------------
  // Sessions

  app.get(
    '/groups/:groupId/sessions',
    {
      config: { access: { resource: 'group', right: 'read' } },
      schema: {
        operationId: 'listGroupSessions',
        tags: ['groups'],
        summary: 'Sessions of a group',
        description: `${GROUP_VISIBILITY} Every session by date: logistics, status, the reason of a move or cancellation, aggregate themes and attendance counts. ${CONFIDENTIAL}`,
        params: GroupParams,
        response: { 200: described(Ref(GroupSessionList), 'The sessions'), ...problems(400, 404) },
      },
    },
    async (request) => service.listSessions(app.db, callerOf(request), request.params.groupId),
  )

  app.post(
    '/groups/:groupId/sessions/plan',
    {
      config: { access: { resource: 'group', right: 'facilitate' } },
      schema: {
        operationId: 'planGroupSessions',
        tags: ['groups'],
        summary: 'Plan the 16 fortnightly talk sessions',
        description:
          'Its facilitators and the coordinators. The first session is on the first `weekday` from `startDate`, then every 14 days; a date that is an Italian public holiday (Easter Monday included) or a local closure of the programme is left out and reported in `skipped`, and the rhythm goes on until 16 sessions are placed. ' +
          'With `dryRun` the plan is answered for review and nothing is saved (200); otherwise it is saved (201) — once per group (409 `sessions-already-planned`; move or cancel single sessions after). A completed or cancelled group answers 409.',
        params: GroupParams,
        headers: IdempotencyHeaders,
        body: Ref(GroupSessionPlanRequest),
        response: {
          200: described(Ref(GroupSessionPlan), 'The plan to review (dry run)'),
          201: described(Ref(GroupSessionPlan), 'The plan saved'),
          ...problems(400, 404, 409, 415),
        },
      },
    },
    async (request, reply) => {
      const plan = await service.planSessions(app.db, callerOf(request), request.params.groupId, request.body)
      void reply.code(plan.saved ? 201 : 200)
      return plan
    },
  )

  app.post(
    '/groups/:groupId/sessions',
    {
      config: { access: { resource: 'group', right: 'facilitate' } },
      schema: {
        operationId: 'addThematicGroupSession',
        tags: ['groups'],
        summary: 'Add a thematic session',
        description:
          'Its facilitators and the coordinators add an information/training session on a topic the group asked for (422 naming `/topic` otherwise), never on a public holiday or local closure (422 naming `/date`). Answers 201 with ETag.',
        params: GroupParams,
        headers: IdempotencyHeaders,
        body: Ref(GroupThematicSessionCreate),
        response: { 201: described(Ref(GroupSession), 'The session added'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const session = await service.addThematicSession(app.db, callerOf(request), request.params.groupId, request.body)
      void reply.code(201)
      return withEtag(reply, session)
    },
  )

  app.patch(
    '/group-sessions/:sessionId',
    {
      config: { access: { resource: 'group-session', right: 'facilitate' } },
      schema: {
        operationId: 'updateGroupSession',
        tags: ['groups'],
        summary: 'Record a session\'s place or aggregate themes',
        description: `Its facilitators and the coordinators: the place, and the aggregate themes the session touched, chosen from the list. ${CONFIDENTIAL} JSON Merge Patch with If-Match.`,
        params: SessionParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(GroupSessionPatch)),
        response: { 200: described(Ref(GroupSession), 'The session updated'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.updateSession(app.db, callerOf(request), request.params.sessionId, expected, request.body as GroupSessionPatchType))
    },
  )

  app.post(
    '/group-sessions/:sessionId/move',
    {
      config: { access: { resource: 'group-session', right: 'facilitate' } },
      schema: {
        operationId: 'moveGroupSession',
        tags: ['groups'],
        summary: 'Move a session',
        description:
          'Its facilitators and the coordinators move a planned session (409 otherwise) to another day (not in the past, not a holiday or closure: 422), recording why from the list; the original date is kept in `movedFrom`. ' +
          'Members are notified: a `group_session.moved` event goes to the outbox. Needs If-Match.',
        params: SessionParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(GroupSessionMove),
        response: { 200: described(Ref(GroupSession), 'The session moved'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.moveSession(app.db, callerOf(request), request.params.sessionId, expected, request.body))
    },
  )

  app.post(
    '/group-sessions/:sessionId/cancel',
    {
      config: { access: { resource: 'group-session', right: 'facilitate' } },
      schema: {
        operationId: 'cancelGroupSession',
        tags: ['groups'],
        summary: 'Cancel a session',
        description: 'Its facilitators and the coordinators cancel a planned session (409 otherwise) with a reason from the list; members are notified (`group_session.cancelled` in the outbox). Needs If-Match.',
        params: SessionParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(GroupSessionCancel),
        response: { 200: described(Ref(GroupSession), 'The session cancelled'), ...problems(400, 404, 409, 412, 415, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      return withEtag(reply, await service.cancelSession(app.db, callerOf(request), request.params.sessionId, expected, request.body))
    },
  )

  app.get(
    '/group-sessions/:sessionId/attendance',
    {
      config: { access: { resource: 'group-session', right: 'read' } },
      schema: {
        operationId: 'readGroupSessionAttendance',
        tags: ['groups'],
        summary: 'Attendance of a session',
        description: `${GROUP_VISIBILITY} Every member expected at the session (joined by then, not left before) with their status, null until recorded, and the group's alerts.`,
        params: SessionParams,
        response: { 200: described(Ref(GroupSessionAttendance), 'The attendance'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const result = await service.readAttendance(app.db, callerOf(request), request.params.sessionId)
      void reply.header('etag', `"${result.session.version}"`)
      return result
    },
  )

  app.put(
    '/group-sessions/:sessionId/attendance',
    {
      config: { access: { resource: 'group-session', right: 'facilitate' } },
      schema: {
        operationId: 'recordGroupSessionAttendance',
        tags: ['groups'],
        summary: 'Record the attendance of a session',
        description:
          'Its facilitators and the coordinators, for a running or completed group (409 otherwise), from the session\'s day on (422 `session_in_future`), not for a cancelled session (409): `present`, `absent_justified` or `absent_unjustified` per member expected (422 naming `/entries/i/memberId` otherwise). ' +
          'The session becomes `held`. Three unjustified absences in a row raise an alert (justified ones are stepped over; a presence ends the run) and a `group_member.absence_alert_raised` event. Needs the session\'s If-Match.',
        params: SessionParams,
        headers: IfMatchHeaders,
        body: Ref(GroupSessionAttendanceUpdate),
        response: { 200: described(Ref(GroupSessionAttendance), 'The attendance as saved, with the alerts'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request)
      const result = await service.recordAttendance(app.db, callerOf(request), request.params.sessionId, expected, request.body)
      void reply.header('etag', `"${result.session.version}"`)
      return result
    },
  )

  app.get(
    '/groups/:groupId/calendar.ics',
    {
      config: { access: { resource: 'group', right: 'read' } },
      schema: {
        operationId: 'downloadGroupCalendar',
        tags: ['groups'],
        summary: 'The sessions as iCalendar',
        description: `${GROUP_VISIBILITY} An RFC 5545 calendar of the group's sessions (Europe/Rome) to import in a calendar app: the group's name, the session and the place — no member's name or any personal data. Cancelled sessions are marked CANCELLED.`,
        params: GroupParams,
        response: {
          200: { description: 'The calendar', content: { 'text/calendar': { schema: Type.String({ description: 'iCalendar text' }) } } },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const ics = await service.calendar(app.db, callerOf(request), request.params.groupId, options.config.publicUrl)
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="gruppo.ics"').send(ics)
    },
  )

  // -------------------------------------------------------------------------------------------
  // Outcomes

  app.get(
    '/groups/:groupId/outcomes',
    {
      config: { access: { resource: 'group', right: 'read' } },
      schema: {
        operationId: 'readGroupOutcomes',
        tags: ['groups'],
        summary: 'Outcomes of a group',
        description: `${GROUP_VISIBILITY} Per member: wellbeing and self-efficacy (1–10) at entry and at the end, job-search actions started, referrals, and employment status at 3, 6 and 12 months after the last session (with when each falls due once the group is completed); and the group's summary.`,
        params: GroupParams,
        response: { 200: described(Ref(GroupOutcomes), 'The outcomes'), ...problems(400, 404) },
      },
    },
    async (request) => service.readOutcomes(app.db, callerOf(request), request.params.groupId),
  )

  app.put(
    '/group-members/:memberId/outcomes',
    {
      config: { access: { resource: 'group-member', right: 'facilitate' }, ifMatch: 'conditional' },
      schema: {
        operationId: 'recordGroupMemberOutcome',
        tags: ['groups'],
        summary: 'Record a member\'s outcome',
        description:
          'Its facilitators and the coordinators. Only the fields sent change. End-of-group scales are accepted once the group is completed or the member has left (422). The first record needs no If-Match; later ones need the outcome\'s (428 without, 412 when stale). Answers the group\'s outcomes.',
        params: MemberParams,
        headers: OptionalIfMatchHeaders,
        body: Ref(GroupMemberOutcomeUpdate),
        response: { 200: described(Ref(GroupOutcomes), 'The group\'s outcomes'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request) => {
      const expected = request.headers['if-match'] ? requireIfMatch(request) : undefined
      return service.recordOutcome(app.db, callerOf(request), request.params.memberId, expected, request.body)
    },
  )

  app.put(
    '/group-members/:memberId/follow-ups/:months',
    {
      config: { access: { resource: 'group-member', right: 'facilitate' } },
      schema: {
        operationId: 'recordGroupMemberFollowUp',
        tags: ['groups'],
        summary: 'Record a member\'s employment status at 3, 6 or 12 months',
        description: 'Its facilitators and the coordinators, once due: the group completed and 3, 6 or 12 months passed since its last session (422 `follow_up_not_due` before). Recording again replaces it. Answers the group\'s outcomes.',
        params: FollowUpParams,
        body: Ref(GroupFollowUpRecord),
        response: { 200: described(Ref(GroupOutcomes), 'The group\'s outcomes'), ...problems(400, 404, 415, 422) },
      },
    },
    async (request) => service.recordFollowUp(app.db, callerOf(request), request.params.memberId, request.params.months, request.body),
  )

  app.get(
    '/group-follow-ups',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listGroupFollowUpsDue',
        tags: ['groups'],
        summary: 'Follow-ups due',
        description: 'The 3-, 6- and 12-month follow-ups now due and not yet recorded, for the completed groups the caller sees, the oldest first. Empty for whoever sees no group.',
        response: { 200: described(Ref(GroupFollowUpDueList), 'The follow-ups due'), ...problems() },
      },
    },
    async (request) => service.listFollowUpsDue(app.db, callerOf(request)),
  )

  // -------------------------------------------------------------------------------------------
  // A case's staff

  app.get(
    '/cases/:caseId/group-participations',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'listCaseGroupParticipations',
        tags: ['groups'],
        summary: 'Whether a case\'s person takes part in a group',
        description:
          'The municipality staff who see the case: for each application of its person, the programme, the application\'s status, whether they are in a group and their attendance rate — nothing more (no sessions, no group roster). Partners and facilitators get 404, as for every case route.',
        params: CaseParams,
        response: { 200: described(Ref(CaseGroupParticipationList), 'The participations'), ...problems(400, 404) },
      },
    },
    async (request) => service.caseParticipation(app.db, callerOf(request), requireCaseScope(request)),
  )
}
