/**
 * HTTP of socially useful work (PUC): projects with sites and seats, assignments and their
 * transitions, the attendance register (a day, a week of a project, the monthly register as PDF
 * and XLSX), the INAIL deadlines and communications, and the quarterly days-worked report.
 */
import { Type } from 'typebox'
import {
  PucAssignment,
  PucAssignmentCreate,
  PucAssignmentListQuery,
  PucAssignmentPage,
  PucAssignmentPatch,
  PucAssignmentTransitionRequest,
  PucAssignmentAttendanceQuery,
  PucAttendanceDay,
  PucAttendanceEntry,
  PucAttendanceList,
  PucAttendanceWeek,
  PucAttendanceWeekUpdate,
  PucCandidateList,
  PucCandidateQuery,
  PucDeadlinePage,
  PucDeadlineQuery,
  PucInsuranceCommunication,
  PucInsuranceCommunicationCreate,
  PucInsuranceCommunicationPatch,
  PucProject,
  PucProjectCreate,
  PucProjectListQuery,
  PucProjectPage,
  PucProjectPatch,
  PucQuarterlyReport,
  PucQuarterlyReportQuery,
  PucRegisterQuery,
  PucSite,
  PucSiteCreate,
  PucSitePatch,
  PucWeekQuery,
  Ref,
  type PucAssignmentPatch as PucAssignmentPatchType,
  type PucInsuranceCommunicationPatch as PucInsuranceCommunicationPatchType,
  type PucProjectPatch as PucProjectPatchType,
  type PucSitePatch as PucSitePatchType,
} from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as insurance from './puc-insurance.service.js'
import { quarterlyCsv, quarterlyXlsx, registerPdf, registerXlsx } from './puc.documents.js'
import { callerOf } from '../../lib/caller.js'
import * as service from './puc.service.js'

const ProjectParams = Type.Object({ projectId: UuidParam })
const SiteParams = Type.Object({ projectId: UuidParam, siteId: UuidParam })
const AssignmentParams = Type.Object({ assignmentId: UuidParam })
const DayParams = Type.Object({ assignmentId: UuidParam, date: Type.String({ format: 'date', description: 'The day, YYYY-MM-DD' }) })
const CaseParams = Type.Object({ caseId: UuidParam })
const CommunicationParams = Type.Object({ communicationId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })
const OptionalIfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 64, description: 'The ETag of the day as read; required to change a day already recorded (428 without, 412 when stale)' })),
})

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const binary = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description })

const PROJECT_VISIBILITY =
  'A project is seen by the PUC manager and the coordinators of its owner municipality, and by the operators of its implementing organisation; anyone else gets 404.'
const ASSIGNMENT_VISIBILITY =
  'An assignment is seen by the PUC manager and the coordinators of the owner municipality, by the municipality staff who see its case (the case manager), and by the operators of the implementing organisation — who get the person\'s name but never the case (`caseId` null). Anyone else gets 404.'
const MANAGER_ONLY = 'Only the PUC manager or a coordinator of the owner municipality (403 for the implementing organisation\'s operators; 404 for whoever cannot see it).'
const RECORDERS = 'Recorded by the PUC manager, the coordinators of the owner municipality and the operators of the implementing organisation (403 for case managers, who only read).'

/** The caller of a signed-in request: principal, audit actor and the read-audit hook. */
/** A page's content-disposition: an attachment with a plain ASCII file name. */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, '-')}"`

export default async function pucRoutes(app: App) {
  // -------------------------------------------------------------------------------------------
  // Projects and sites

  app.get(
    '/puc-projects',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listPucProjects',
        tags: ['puc'],
        summary: 'PUC projects',
        description: `The projects the caller sees. ${PROJECT_VISIBILITY} Filters: \`q\` (part of the title), \`area\`, \`current\` (period includes today). Newest first; cursor pagination.`,
        querystring: PucProjectListQuery,
        response: { 200: described(Ref(PucProjectPage), 'A page of projects with their seats'), ...problems(400) },
      },
    },
    async (request) => service.listProjects(app.db, callerOf(request), request.query),
  )

  app.post(
    '/puc-projects',
    {
      config: { access: { signedIn: true, outsiders: 403 } },
      schema: {
        operationId: 'createPucProject',
        tags: ['puc'],
        summary: 'Create a PUC project',
        description:
          'The PUC manager or a coordinator of `ownerMunicipalityId` (403 for callers who manage no municipality\'s PUC; 422 naming `/ownerMunicipalityId` for another municipality). ' +
          'The implementing organisation is an active organisation — the municipality itself (e.g. its Public Works office) or a partner (422 naming `/implementingOrganisationId`). ' +
          'Seats are given per category; sites may be created with the project. Answers 201 with ETag and Location.',
        headers: IdempotencyHeaders,
        body: Ref(PucProjectCreate),
        response: { 201: described(Ref(PucProject), 'The project created'), ...problems(400, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createProject(app.db, callerOf(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/puc-projects/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/puc-projects/:projectId',
    {
      config: { access: { resource: 'puc-project', right: 'read' } },
      schema: {
        operationId: 'readPucProject',
        tags: ['puc'],
        summary: 'Read a PUC project',
        description: `${PROJECT_VISIBILITY} With its sites, its seats by category (total, taken by assignments to assign, proposed or active, free) and the caller's \`permissions\`.`,
        params: ProjectParams,
        response: { 200: described(Ref(PucProject), 'The project'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readProject(app.db, callerOf(request), request.params.projectId)),
  )

  app.patch(
    '/puc-projects/:projectId',
    {
      config: { access: { resource: 'puc-project', right: 'manage' } },
      schema: {
        operationId: 'updatePucProject',
        tags: ['puc'],
        summary: 'Update a PUC project',
        description:
          `${MANAGER_ONLY} JSON Merge Patch with If-Match (428 without, 412 when stale). Seats may not drop below those taken (422 \`puc_seats_below_taken\`). ` +
          'Changing the implementing organisation ends the former one\'s view of the project at once.',
        params: ProjectParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(PucProjectPatch)),
        response: { 200: described(Ref(PucProject), 'The project updated'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateProject(app.db, callerOf(request), request.params.projectId, expectedVersion, request.body as PucProjectPatchType))
    },
  )

  app.post(
    '/puc-projects/:projectId/sites',
    {
      config: { access: { resource: 'puc-project', right: 'manage' } },
      schema: {
        operationId: 'createPucSite',
        tags: ['puc'],
        summary: 'Add a site to a PUC project',
        description: `${MANAGER_ONLY} A site (postazione) has a name, an address and the supervisor who signs the register. Answers 201 with ETag.`,
        params: ProjectParams,
        headers: IdempotencyHeaders,
        body: Ref(PucSiteCreate),
        response: { 201: described(Ref(PucSite), 'The site created'), ...problems(400, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const site = await service.createSite(app.db, callerOf(request), request.params.projectId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/puc-projects/${site.projectId}`)
      return withEtag(reply, site)
    },
  )

  app.patch(
    '/puc-projects/:projectId/sites/:siteId',
    {
      config: { access: { resource: 'puc-project', right: 'manage' } },
      schema: {
        operationId: 'updatePucSite',
        tags: ['puc'],
        summary: 'Update a site of a PUC project',
        description: `${MANAGER_ONLY} JSON Merge Patch with If-Match (428 without, 412 when stale).`,
        params: SiteParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(PucSitePatch)),
        response: { 200: described(Ref(PucSite), 'The site updated'), ...problems(400, 403, 404, 412, 415, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateSite(app.db, callerOf(request), request.params.projectId, request.params.siteId, expectedVersion, request.body as PucSitePatchType))
    },
  )

  // -------------------------------------------------------------------------------------------
  // Assignments

  app.get(
    '/puc-projects/:projectId/assignments',
    {
      config: { access: { resource: 'puc-project', right: 'read' } },
      schema: {
        operationId: 'listPucProjectAssignments',
        tags: ['puc'],
        summary: 'The assignments of a PUC project',
        description: `${PROJECT_VISIBILITY} The implementing organisation's operators get the people's names, never their cases. Filter \`status\` (repeatable). Newest first; cursor pagination.`,
        params: ProjectParams,
        querystring: PucAssignmentListQuery,
        response: { 200: described(Ref(PucAssignmentPage), 'A page of assignments'), ...problems(400, 404) },
      },
    },
    async (request) => service.listProjectAssignments(app.db, callerOf(request), request.params.projectId, request.query),
  )

  app.post(
    '/puc-projects/:projectId/assignments',
    {
      config: { access: { resource: 'puc-project', right: 'manage' } },
      schema: {
        operationId: 'createPucAssignment',
        tags: ['puc'],
        summary: 'Assign a person to a PUC project',
        description:
          `${MANAGER_ONLY} The person is named by an open case of the owner municipality (422 naming \`/caseId\`), at a site of the project (422 naming \`/siteId\`), for 8 to 16 hours a week ` +
          '(422 `puc_weekly_hours_range`), within the project\'s period (422 `puc_assignment_within_project`). The seat is taken in the chosen category: seats are never overbooked — ' +
          'the project is locked while they are counted, so of two requests for the last seat one gets 201 and the other 409 `seats-full`. One live assignment per person and project (409 `assignment-already-live`). ' +
          'It starts `to_assign`. Answers 201 with ETag and Location.',
        params: ProjectParams,
        headers: IdempotencyHeaders,
        body: Ref(PucAssignmentCreate),
        response: { 201: described(Ref(PucAssignment), 'The assignment created'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createAssignment(app.db, callerOf(request), request.params.projectId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/puc-assignments/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/puc-assignments/:assignmentId',
    {
      config: { access: { resource: 'puc-assignment', right: 'read' } },
      schema: {
        operationId: 'readPucAssignment',
        tags: ['puc'],
        summary: 'Read a PUC assignment',
        description: `${ASSIGNMENT_VISIBILITY} \`allowedTransitions\` and \`permissions\` say what the caller may do now.`,
        params: AssignmentParams,
        response: { 200: described(Ref(PucAssignment), 'The assignment'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readAssignment(app.db, callerOf(request), request.params.assignmentId)),
  )

  app.patch(
    '/puc-assignments/:assignmentId',
    {
      config: { access: { resource: 'puc-assignment', right: 'manage' } },
      schema: {
        operationId: 'updatePucAssignment',
        tags: ['puc'],
        summary: 'Update a PUC assignment',
        description:
          `${MANAGER_ONLY} Site, category, weekly hours, start and end while to assign, proposed or active (409 \`assignment-ended\` afterwards), with the same rules as creation (422; a category without free seats 409 \`seats-full\`). ` +
          'JSON Merge Patch with If-Match (428 without, 412 when stale).',
        params: AssignmentParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(PucAssignmentPatch)),
        response: { 200: described(Ref(PucAssignment), 'The assignment updated'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateAssignment(app.db, callerOf(request), request.params.assignmentId, expectedVersion, request.body as PucAssignmentPatchType))
    },
  )

  app.post(
    '/puc-assignments/:assignmentId/transitions',
    {
      config: { access: { resource: 'puc-assignment', right: 'manage' } },
      schema: {
        operationId: 'transitionPucAssignment',
        tags: ['puc'],
        summary: 'Change the status of a PUC assignment',
        description:
          `${MANAGER_ONLY} \`to_assign → proposed → active → completed\`; \`proposed\` may go back to \`to_assign\`; \`withdrawn\` (from to assign or proposed) and \`interrupted\` (from active) need a \`reason\` (422 naming \`/reason\`). ` +
          '`completed` and `interrupted` take the last day in `date` (default: the planned end, or today), not before the start, not after the planned end, not before days already recorded (422 naming `/date`). ' +
          'A move the diagram does not allow answers 409 `transition-not-allowed`. Needs If-Match (428 without, 412 when stale).',
        params: AssignmentParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(PucAssignmentTransitionRequest),
        response: { 200: described(Ref(PucAssignment), 'The assignment in its new status'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.transitionAssignment(app.db, callerOf(request), request.params.assignmentId, expectedVersion, request.body))
    },
  )

  app.get(
    '/cases/:caseId/puc-assignments',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listCasePucAssignments',
        tags: ['puc'],
        summary: 'The PUC assignments of a case',
        description:
          'For the municipality staff working the case (its coordinators, the assigned case manager, colleagues added to it); partners with a referral and anyone who cannot see the case get 404. Newest first; cursor pagination.',
        params: CaseParams,
        querystring: PucAssignmentListQuery,
        response: { 200: described(Ref(PucAssignmentPage), 'A page of the case\'s assignments'), ...problems(400, 404) },
      },
    },
    async (request) => {
      // Declared `records`: the gate already answered 404 to partners and whoever cannot see the case.
      return service.listCaseAssignments(app.db, callerOf(request), requireCaseScope(request), request.query)
    },
  )

  app.get(
    '/puc/candidates',
    {
      config: { access: { signedIn: true, outsiders: 403 } },
      schema: {
        operationId: 'searchPucCandidates',
        tags: ['puc'],
        summary: 'People the PUC office may assign',
        description:
          'Open cases of the municipalities whose PUC the caller manages (PUC manager or coordinator; 403 for others) whose person\'s name contains `q` (case and accent insensitive): the name, the birth year and the live PUC assignments, nothing of the case file. ' +
          'At most `limit` (default 20) matches, by family name.',
        querystring: PucCandidateQuery,
        response: { 200: described(Ref(PucCandidateList), 'The matching cases'), ...problems(400, 403) },
      },
    },
    async (request) => service.searchCandidates(app.db, callerOf(request), request.query),
  )

  // -------------------------------------------------------------------------------------------
  // Attendance

  app.get(
    '/puc-assignments/:assignmentId/attendance',
    {
      config: { access: { resource: 'puc-assignment', right: 'read' } },
      schema: {
        operationId: 'listPucAttendance',
        tags: ['puc'],
        summary: 'The attendance of an assignment in a month',
        description: `${ASSIGNMENT_VISIBILITY} The days recorded in \`month\` (YYYY-MM), in date order.`,
        params: AssignmentParams,
        querystring: PucAssignmentAttendanceQuery,
        response: { 200: described(Ref(PucAttendanceList), 'The month\'s days'), ...problems(400, 404) },
      },
    },
    async (request) => service.listAssignmentAttendance(app.db, callerOf(request), request.params.assignmentId, request.query.month),
  )

  app.put(
    '/puc-assignments/:assignmentId/attendance/:date',
    {
      config: { access: { resource: 'puc-assignment', right: 'attendance' }, ifMatch: 'conditional' },
      schema: {
        operationId: 'recordPucAttendanceDay',
        tags: ['puc'],
        summary: 'Record a day of attendance',
        description:
          `${RECORDERS} \`present\` with the hours worked, or an absence with 0 hours (422). Only on the assignment's days, never in the future (422), and only once it started (409 \`assignment-not-active\`). ` +
          'The hours of the ISO week may not exceed the assignment\'s weekly hours (422 `puc_weekly_hours_exceeded`, with the week\'s total and the limit). A new day answers 201; changing a recorded day needs its If-Match (428 without, 412 when stale) and answers 200.',
        params: DayParams,
        headers: OptionalIfMatchHeaders,
        body: Ref(PucAttendanceDay),
        response: {
          200: described(Ref(PucAttendanceEntry), 'The day updated'),
          201: described(Ref(PucAttendanceEntry), 'The day recorded'),
          ...problems(400, 403, 404, 409, 412, 415, 422, 428),
        },
      },
    },
    async (request, reply) => {
      const expected = request.headers['if-match'] ? requireIfMatch(request) : undefined
      const { entry, created } = await service.recordDay(app.db, callerOf(request), request.params.assignmentId, request.params.date, expected, request.body)
      void reply.code(created ? 201 : 200)
      return withEtag(reply, entry)
    },
  )

  app.delete(
    '/puc-assignments/:assignmentId/attendance/:date',
    {
      config: { access: { resource: 'puc-assignment', right: 'attendance' } },
      schema: {
        operationId: 'deletePucAttendanceDay',
        tags: ['puc'],
        summary: 'Remove a day recorded by mistake',
        description: `${RECORDERS} Needs the day's If-Match (428 without, 412 when stale); 404 when nothing is recorded that day.`,
        params: DayParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'The day was removed' }), ...problems(400, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      await service.deleteDay(app.db, callerOf(request), request.params.assignmentId, request.params.date, expectedVersion)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/puc-projects/:projectId/attendance',
    {
      config: { access: { resource: 'puc-project', right: 'attendance' } },
      schema: {
        operationId: 'readPucAttendanceWeek',
        tags: ['puc'],
        summary: 'A week of attendance of a project',
        description: `${PROJECT_VISIBILITY} For ISO week \`week\` (e.g. \`2026-W41\`, Monday to Sunday; 400 for a week that does not exist): every assignment whose period touches the week, with its recorded days and the week's total.`,
        params: ProjectParams,
        querystring: PucWeekQuery,
        response: { 200: described(Ref(PucAttendanceWeek), 'The week'), ...problems(400, 404) },
      },
    },
    async (request) => service.readWeek(app.db, callerOf(request), request.params.projectId, request.query.week),
  )

  app.put(
    '/puc-projects/:projectId/attendance',
    {
      config: { access: { resource: 'puc-project', right: 'attendance' }, ifMatch: 'conditional' },
      schema: {
        operationId: 'recordPucAttendanceWeek',
        tags: ['puc'],
        summary: 'Record a week of attendance of a project (bulk form)',
        description:
          `${RECORDERS} Up to 1,000 days of the project's assignments within ISO week \`week\`, saved all or nothing: each entry is checked as a single day is (422 naming \`/entries/i/…\` for an assignment of another project, a day outside the week or a repeated day; ` +
          '422 `violations` for every rule broken, the weekly limit of each assignment included). Entries for days already recorded carry the `version` read (428 without, 412 when stale). Answers the week as saved.',
        params: ProjectParams,
        querystring: PucWeekQuery,
        body: Ref(PucAttendanceWeekUpdate),
        response: { 200: described(Ref(PucAttendanceWeek), 'The week as saved'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request) => service.recordWeek(app.db, callerOf(request), request.params.projectId, request.query.week, request.body),
  )

  app.get(
    '/puc-projects/:projectId/attendance-register',
    {
      config: { access: { resource: 'puc-project', right: 'attendance' } },
      schema: {
        operationId: 'downloadPucAttendanceRegister',
        tags: ['puc'],
        summary: 'The monthly attendance register of a project',
        description:
          `${PROJECT_VISIBILITY} For \`month\` (YYYY-MM): \`format=pdf\` is the paper each site supervisor signs (A4 landscape, one page per site: people by day with hours or AG/AI, totals, signature line); ` +
          '`format=xlsx` the same grid and a day-by-day sheet.',
        params: ProjectParams,
        querystring: PucRegisterQuery,
        response: {
          200: {
            description: 'The register',
            content: { 'application/pdf': { schema: binary('PDF document') }, [XLSX]: { schema: binary('XLSX workbook') } },
          },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const data = await service.attendanceRegister(app.db, callerOf(request), request.params.projectId, request.query.month)
      const name = `registro-presenze-puc-${request.query.month}`
      if (request.query.format === 'pdf') return reply.type('application/pdf').header('content-disposition', attachment(`${name}.pdf`)).send(await registerPdf(data))
      return reply.type(XLSX).header('content-disposition', attachment(`${name}.xlsx`)).send(await registerXlsx(data))
    },
  )

  // -------------------------------------------------------------------------------------------
  // INAIL

  app.get(
    '/puc/insurance-deadlines',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listPucInsuranceDeadlines',
        tags: ['puc'],
        summary: 'INAIL communications due and overdue',
        description:
          'For the PUC manager and the coordinators, the INAIL communications their municipalities owe (others get an empty list): each assignment\'s start by the day before it (once proposed), its end by the day after its last day, ' +
          'and each quarter\'s days worked by the 30th of the following month (30 January for the fourth quarter) — the law\'s dates, never moved for weekends or holidays. ' +
          'Each with `state` (`overdue`, `due`, `sent`) and, when sent, its communication. Overdue first, then by due date. Filters: `state` (repeatable; default overdue and due), `dueBy`, `kind`.',
        querystring: PucDeadlineQuery,
        response: { 200: described(Ref(PucDeadlinePage), 'A page of deadlines'), ...problems(400) },
      },
    },
    async (request) => insurance.listDeadlines(app.db, callerOf(request), request.query),
  )

  app.post(
    '/puc/insurance-communications',
    {
      config: { access: { signedIn: true, outsiders: 403 } },
      schema: {
        operationId: 'recordPucInsuranceCommunication',
        tags: ['puc'],
        summary: 'Mark an INAIL communication as sent',
        description:
          'The PUC manager or a coordinator of the municipality records a communication as sent, with the day and the INAIL reference: `start` or `end` of an assignment (`assignmentId`; 404 when not visible, 403 for its implementing organisation; ' +
          '422 naming `/kind` when the assignment does not owe it), or `quarterly` for a municipality (`municipalityId`, `quarter`; 403 for another municipality; 422 for a quarter not begun). ' +
          'A communication already recorded answers 409 `communication-already-sent` with `existingId`. Answers 201 with ETag.',
        headers: IdempotencyHeaders,
        body: Ref(PucInsuranceCommunicationCreate),
        response: { 201: described(Ref(PucInsuranceCommunication), 'The communication recorded'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await insurance.recordCommunication(app.db, callerOf(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/puc/insurance-communications/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/puc/insurance-communications/:communicationId',
    {
      config: { access: { signedIn: true, outsiders: 404 } },
      schema: {
        operationId: 'readPucInsuranceCommunication',
        tags: ['puc'],
        summary: 'Read an INAIL communication',
        description: 'The PUC manager and the coordinators of its municipality; anyone else gets 404.',
        params: CommunicationParams,
        response: { 200: described(Ref(PucInsuranceCommunication), 'The communication'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await insurance.readCommunication(app.db, callerOf(request), request.params.communicationId)),
  )

  app.patch(
    '/puc/insurance-communications/:communicationId',
    {
      config: { access: { signedIn: true, outsiders: 404 } },
      schema: {
        operationId: 'updatePucInsuranceCommunication',
        tags: ['puc'],
        summary: 'Correct an INAIL communication',
        description: 'The day sent and the reference, by the PUC manager or a coordinator of its municipality (404 for anyone else). JSON Merge Patch with If-Match (428 without, 412 when stale).',
        params: CommunicationParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(PucInsuranceCommunicationPatch)),
        response: { 200: described(Ref(PucInsuranceCommunication), 'The communication corrected'), ...problems(400, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await insurance.updateCommunication(app.db, callerOf(request), request.params.communicationId, expectedVersion, request.body as PucInsuranceCommunicationPatchType))
    },
  )

  app.get(
    '/puc/quarterly-report',
    {
      config: { access: { signedIn: true, outsiders: 403 } },
      schema: {
        operationId: 'readPucQuarterlyReport',
        tags: ['puc'],
        summary: 'Days worked per person in a quarter (for INAIL)',
        description:
          'For the PUC manager and the coordinators (403 for others, and for a `municipalityId` they do not manage): one row per person with an assignment in `quarter` (e.g. `2026Q3`), with the distinct days recorded present and their hours. ' +
          '`format=json` (default), `csv` (UTF-8 with BOM, `;` separator, decimal comma, for Italian spreadsheets) or `xlsx`.',
        querystring: PucQuarterlyReportQuery,
        response: {
          200: {
            description: 'The report',
            content: {
              'application/json': { schema: Ref(PucQuarterlyReport) },
              'text/csv': { schema: Type.String({ description: 'CSV document' }) },
              [XLSX]: { schema: binary('XLSX workbook') },
            },
          },
          ...problems(400, 403),
        },
      },
    },
    async (request, reply) => {
      const report = await insurance.quarterlyReport(app.db, callerOf(request), request.query)
      const name = `puc-giornate-${report.quarter}`
      if (request.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`${name}.csv`)).send(quarterlyCsv(report))
      if (request.query.format === 'xlsx') return reply.type(XLSX).header('content-disposition', attachment(`${name}.xlsx`)).send(await quarterlyXlsx(report))
      return reply.type('application/json; charset=utf-8').send(report)
    },
  )
}
