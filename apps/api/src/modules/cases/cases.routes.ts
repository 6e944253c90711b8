/** HTTP of cases: opening, lists and counts, the case, its status transitions, assignment, colleagues, reopening and timeline. */
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import {
  Case,
  CaseAssignmentPage,
  CaseCounts,
  CaseCountsQuery,
  CaseCreate,
  CaseEventPage,
  CaseListQuery,
  CaseloadPage,
  CaseManagerPage,
  CasePage,
  CasePatch,
  CaseReassignRequest,
  CaseReopenRequest,
  CaseTimelineQuery,
  CaseTransitionRequest,
  PageQuery,
  Ref,
} from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './cases.service.js'
import { readCaseTimeline } from './timeline.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const CaseMemberParams = Type.Object({ caseId: UuidParam, userId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })

const VISIBILITY =
  'Visibility (DOMAIN.md §1): a coordinator sees every case of their municipality, a case manager the cases assigned to them and those they were added to, ' +
  'a partner operator the cases with an accepted referral to their organisation; anyone else gets 404, exactly as for a case that does not exist.'

const DIAGRAM =
  'The diagram: intake → assessment → active → monitoring → closed, monitoring → active, any of intake/assessment/active/monitoring → suspended, ' +
  'suspended → only the status it left (resume), intake/assessment/active/monitoring → closed. Any other move answers 409 `transition-not-allowed`.'

/** `If-Match` when the client sent one (optional concurrency check), else null. */
const optionalIfMatch = (request: FastifyRequest) => (request.headers['if-match'] ? requireIfMatch(request) : null)

export default async function caseRoutes(app: App) {
  app.post(
    '/cases',
    {
      config: { access: { org: 'staff', outsiders: 403 } },
      schema: {
        operationId: 'openCase',
        tags: ['cases'],
        summary: 'Open a case (presa in carico)',
        description:
          'Opens a case for a person registered by a municipality where the caller is a coordinator or case manager (otherwise 422 naming `/personId`; 403 for callers who are neither anywhere). ' +
          'The case manager defaults to the caller; only a coordinator may assign someone else (403), who must be an active case manager or coordinator of that municipality (422 naming `/caseManagerId`). ' +
          'A person with an open case in the municipality answers 409 `case-already-open` with `existingId`; a person whose earlier cases are closed gets the next episode. ' +
          'The status starts at `intake`; the first assignment and a `case.opened` timeline event are written. Answers 201 with ETag and Location.',
        headers: IdempotencyHeaders,
        body: Ref(CaseCreate),
        response: { 201: described(Ref(Case), 'The case opened'), ...problems(400, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.openCase(app.db, request.requirePrincipal(), request.auditActor(), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/cases',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listCases',
        tags: ['cases'],
        summary: 'List the cases the caller sees',
        description:
          `${VISIBILITY} Filters: \`status\` (repeatable), \`assignedTo\` (a user id or \`me\`), \`municipalityId\`, \`updatedSince\`, \`q\` (words of the person's name, case and accent insensitive). ` +
          'Ordered by last change (newest first), then id; cursor pagination. Each case returned is recorded in the audit trail.',
        querystring: CaseListQuery,
        response: { 200: described(Ref(CasePage), 'A page of cases'), ...problems(400) },
      },
    },
    async (request) => {
      // Each case of the page is recorded in the audit trail by the statement that reads the page.
      return service.listCases(app.db, request.requirePrincipal(), request.query, request.auditActor())
    },
  )

  app.get(
    '/organisations/:organisationId/case-managers',
    {
      config: { access: { org: 'staff' } },
      schema: {
        operationId: 'listCaseManagers',
        tags: ['cases'],
        summary: 'The colleagues a case of a municipality can be assigned to',
        description:
          'Active users holding `case_manager` or `coordinator` in the municipality, by family name, to choose a case manager when opening or reassigning a case. ' +
          'For the coordinators and case managers of that municipality; anyone else gets 404.',
        params: Type.Object({ organisationId: UuidParam }),
        response: { 200: described(Ref(CaseManagerPage), 'The assignable colleagues'), ...problems(404) },
      },
    },
    async (request) => service.listCaseManagers(app.db, request.requirePrincipal(), request.params.organisationId),
  )

  app.get(
    '/organisations/:organisationId/caseload',
    {
      config: { access: { org: 'coordinator' } },
      schema: {
        operationId: 'readCaseload',
        tags: ['cases'],
        summary: 'The team\'s caseload: open cases per case manager',
        description:
          'For the coordinators of the municipality (a case manager of it gets 403, anyone else 404): every active case manager and coordinator who may be assigned cases, by family name, with their open (not closed) cases by status — ' +
          'those with none too — then whoever else still holds open cases there (`isAssignable` false: deactivated or no longer a case manager, their cases wait to be reassigned). ' +
          'List a case manager\'s cases with `GET /cases?assignedTo={id}`. Names of colleagues only: no person\'s data.',
        params: Type.Object({ organisationId: UuidParam }),
        response: { 200: described(Ref(CaseloadPage), 'Open cases per case manager'), ...problems(403, 404) },
      },
    },
    async (request) => service.readCaseload(app.db, request.requirePrincipal(), request.params.organisationId),
  )

  app.get(
    '/cases/counts',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'countCases',
        tags: ['cases'],
        summary: 'Count the cases the caller sees, by status',
        description: `For dashboards. The same visibility and filters (\`assignedTo\`, \`municipalityId\`) as the list. ${VISIBILITY}`,
        querystring: CaseCountsQuery,
        response: { 200: described(Ref(CaseCounts), 'Counts by status'), ...problems(400) },
      },
    },
    async (request) => service.countCases(app.db, request.requirePrincipal(), request.query),
  )

  app.get(
    '/cases/:caseId',
    {
      // The gate reads the case with its names and members and audits the read in one statement (case-gate.ts).
      config: { access: { case: 'read' }, readsCase: true },
      schema: {
        operationId: 'readCase',
        tags: ['cases'],
        summary: 'Read a case',
        description:
          `${VISIBILITY} The case with its person, case manager, colleagues, the caller's \`access\` and the \`allowedTransitions\` they may make now. ` +
          'Partners get the header without the municipality\'s notes (`sourceNotes`, `closingNote` null). The ETag is its version.',
        params: CaseParams,
        response: { 200: described(Ref(Case), 'The case'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const scope = requireCaseScope(request)
      const found = await service.readCase(app.db, scope)
      if (!scope.readView?.audited) request.auditRead('case', found.id, found.municipality.id)
      return withEtag(reply, found)
    },
  )

  app.patch(
    '/cases/:caseId',
    {
      config: { access: { case: 'manage' } },
      schema: {
        operationId: 'updateCase',
        tags: ['cases'],
        summary: 'Update a case\'s details',
        description:
          'JSON Merge Patch of `source` and `sourceNotes` with If-Match (428 without, 412 when stale); the status changes only through transitions. ' +
          'The coordinator and the assigned case manager only (403 for colleagues added to the case; 404 for partners and whoever cannot see it).',
        params: CaseParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(CasePatch)),
        response: { 200: described(Ref(Case), 'The case updated'), ...problems(400, 403, 404, 412, 415, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateCase(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), expectedVersion, request.body as CasePatch))
    },
  )

  app.post(
    '/cases/:caseId/transitions',
    {
      config: { access: { case: 'manage' } },
      schema: {
        operationId: 'transitionCase',
        tags: ['cases'],
        summary: 'Change a case\'s status',
        description:
          `${DIAGRAM} Closing needs \`outcome\` and \`note\` (422 naming each missing field); they are refused on other moves. Needs If-Match (428 without, 412 when stale). ` +
          'The coordinator and the assigned case manager only (403 for colleagues added to the case; 404 for partners). ' +
          'Who, when, from, to and why are written in a `case.status_changed` timeline event the municipality\'s staff read (the reason is never shown to partners).',
        params: CaseParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(CaseTransitionRequest),
        response: { 200: described(Ref(Case), 'The case in its new status'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.transitionCase(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), expectedVersion, request.body))
    },
  )

  app.post(
    '/cases/:caseId/assignment',
    {
      config: { access: { case: 'coordinate' } },
      schema: {
        operationId: 'reassignCase',
        tags: ['cases'],
        summary: 'Reassign a case to another case manager',
        description:
          'Coordinators only (403 for case managers; 404 for partners). The new case manager must be an active case manager or coordinator of the case\'s municipality and not the current one (422 naming `/caseManagerId`). ' +
          'Ends the current assignment and opens a new one (see listCaseAssignments); a closed case answers 409. If-Match is optional and checked when sent (412 when stale).',
        params: CaseParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(CaseReassignRequest),
        response: { 200: described(Ref(Case), 'The case with its new case manager'), ...problems(400, 403, 404, 409, 412, 415, 422) },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.reassignCase(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), optionalIfMatch(request), request.body)),
  )

  app.get(
    '/cases/:caseId/assignments',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listCaseAssignments',
        tags: ['cases'],
        summary: 'The history of a case\'s case managers',
        description: 'Every assignment, oldest first; the one without `endedAt` is the current one. Municipality staff who see the case (404 otherwise, partners included). Cursor pagination.',
        params: CaseParams,
        querystring: PageQuery,
        response: { 200: described(Ref(CaseAssignmentPage), 'A page of assignments'), ...problems(400, 404) },
      },
    },
    async (request) => {
      const { page, municipalityId } = await service.listCaseAssignments(app.db, requireCaseScope(request), request.query)
      request.auditRead('case', request.params.caseId, municipalityId, 'read_assignments')
      return page
    },
  )

  app.put(
    '/cases/:caseId/members/:userId',
    {
      config: { access: { case: 'coordinate' } },
      schema: {
        operationId: 'addCaseMember',
        tags: ['cases'],
        summary: 'Add a colleague to a case',
        description:
          'Coordinators only (403 for case managers; 404 for partners). The colleague must be an active case manager of the case\'s municipality and not its case manager (422 naming `/userId`). ' +
          'A colleague sees and works the case but never reads the sensitive section. Idempotent: adding a member twice changes nothing.',
        params: CaseMemberParams,
        response: { 200: described(Ref(Case), 'The case with its colleagues'), ...problems(400, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.addCaseMember(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.userId)),
  )

  app.delete(
    '/cases/:caseId/members/:userId',
    {
      config: { access: { case: 'coordinate' } },
      schema: {
        operationId: 'removeCaseMember',
        tags: ['cases'],
        summary: 'Remove a colleague from a case',
        description: 'Coordinators only (403 for case managers; 404 for partners). Needs If-Match with the case\'s ETag (428 without, 412 when stale). 404 when the user is not a member. The colleague loses access at once.',
        params: CaseMemberParams,
        headers: IfMatchHeaders,
        response: { 200: described(Ref(Case), 'The case without the colleague'), ...problems(400, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.removeCaseMember(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.params.userId, expectedVersion))
    },
  )

  app.post(
    '/cases/:caseId/reopen',
    {
      config: { access: { case: 'manage' } },
      schema: {
        operationId: 'reopenCase',
        tags: ['cases'],
        summary: 'Reopen a closed case as a new episode',
        description:
          'Creates a new case (the next episode, `previousCaseId` pointing here, status `intake`, same person and municipality); the closed episode stays untouched. ' +
          'Only a closed case (409 `case-not-closed`); 409 `case-already-open` with `existingId` when the person already has an open case in the municipality. ' +
          'The coordinator and the case manager of the closed case (403 for colleagues; 404 for partners). The case manager defaults to the caller; only a coordinator may assign someone else. Answers 201 with ETag and Location.',
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(CaseReopenRequest),
        response: { 201: described(Ref(Case), 'The new episode'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.reopenCase(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/cases/:caseId/timeline',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'readCaseTimeline',
        tags: ['cases'],
        summary: 'The timeline of a case',
        description:
          `${VISIBILITY} Every event of the case the caller may read, in the order it happened (then id): partners read only \`case\` events (and of referrals only their own), ` +
          'municipality staff also `municipality` events, restricted events only their author and the coordinators. Cursor pagination. ' +
          'Each event is one of the `CaseEvent` types, discriminated by `type`: its `data` holds exactly what that type describes (fields some older events lack are optional). ' +
          'A stored event that matches no type is left out of the page (and logged by id).',
        params: CaseParams,
        querystring: CaseTimelineQuery,
        response: { 200: described(Ref(CaseEventPage), 'A page of events'), ...problems(400, 404) },
      },
      // The reader (toCaseEvent) builds every event field by field and checks its data against its
      // type's schema (no property a schema does not name), so the page is serialised as it is:
      // fast-json-stringify would try the 41 branches of the union on each event (~7× slower).
      serializerCompiler: () => (payload) => JSON.stringify(payload),
    },
    async (request) => {
      const { page, municipalityId, unreadable } = await readCaseTimeline(app.db, requireCaseScope(request), request.query)
      // Ids and types only: never the data of an event.
      if (unreadable.length > 0) request.log.warn({ unreadableCaseEvents: unreadable }, 'case events left out of the timeline: they match no event schema')
      request.auditRead('case', request.params.caseId, municipalityId, 'read_timeline')
      return page
    },
  )
}
