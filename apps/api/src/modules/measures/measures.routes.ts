/**
 * HTTP of work measures: the measures of a case and the caller's list, one measure with its
 * transitions and extensions, monthly attendance with the allowance due, tutoring sessions,
 * work-grant payments, follow-ups (and those due), the PFI and the monthly attendance sheet.
 */
import { Type } from 'typebox'
import {
  FollowUpDuePage,
  FollowUpDueQuery,
  FollowUpRecord,
  Measure,
  MeasureAttendance,
  MeasureAttendanceMonthResult,
  MeasureAttendanceSheetQuery,
  MeasureAttendanceUpdate,
  MeasureCreate,
  MeasureExtensionRequest,
  MeasureFollowUp,
  MeasureList,
  MeasureListQuery,
  MeasureMonth,
  MeasurePatch,
  MeasureSummaryPage,
  MeasureTransitionRequest,
  Ref,
  TutoringSession,
  TutoringSessionCreate,
  TutoringSessionList,
  WorkGrantPayment,
  WorkGrantPaymentCreate,
  WorkGrantPaymentList,
  type FollowUpRecord as FollowUpRecordType,
  type MeasurePatch as MeasurePatchType,
} from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import { callerOf } from '../../lib/caller.js'
import { attendanceSheetPdf, attendanceSheetXlsx, trainingProjectPdf } from './measures.documents.js'
import * as service from './measures.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const MeasureParams = Type.Object({ measureId: UuidParam })
const MonthParams = Type.Object({ measureId: UuidParam, month: MeasureMonth })
const FollowUpParams = Type.Object({ measureId: UuidParam, followUpId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })
const OptionalIfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 64, description: 'The ETag of the month as read; required to change a month already recorded (428 without, 412 when stale)' })),
})

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const binary = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description })
const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, '-')}"`

const VISIBILITY =
  'A measure is seen and worked by the municipality staff who see its case (coordinators, the assigned case manager, colleagues added) and by the operators of the partner organisation that runs it (its promoter) while the case\'s referral to it is accepted; anyone else gets 404. Each read is audited.'
const RULES =
  'Internships are checked against the rule set of the host site\'s region (Lombardy: DGR X/7763/2018): duration, minimum allowance, interns per host and per host tutor at that moment — 422 `rule-violated` listing every violation (`rule`, `value`, `limit`). ' +
  'The seats are counted under a lock of the host and of the tutor: of two requests for the last seat one wins. A coordinator of the case\'s municipality may save anyway with `ruleOverride.justification` (audited, shown on the measure; 403 for anyone else).'

export default async function measureRoutes(app: App) {
  app.get(
    '/cases/:caseId/measures',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'listCaseMeasures',
        tags: ['measures'],
        summary: 'The measures of a case',
        description: `${VISIBILITY} A partner sees the measures it runs only. Newest first.`,
        params: CaseParams,
        response: { 200: described(Ref(MeasureList), 'The measures of the case the caller sees'), ...problems(400, 404) },
      },
    },
    async (request) => service.listCaseMeasures(app.db, callerOf(request), requireCaseScope(request)),
  )

  app.post(
    '/cases/:caseId/measures',
    {
      config: { access: { case: 'work' } },
      schema: {
        operationId: 'createMeasure',
        tags: ['measures'],
        summary: 'Start a measure for a case',
        description:
          `The body is one schema per \`kind\`. The promoter is the caller's partner organisation with an accepted referral of the case, or the municipality (its staff may name a partner the case is referred to; 422 naming \`/promoterOrganisationId\` otherwise). ` +
          'An inclusion internship needs the case\'s signed plan (422 naming `/planId`). The host company is one of the caller\'s book (422 naming the field), with a site and tutor of its own. ' +
          `Internships start \`draft\`; the other kinds \`active\`. ${RULES} A closed case takes no new measure (409). Answers 201 with ETag and Location.`,
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(MeasureCreate),
        response: { 201: described(Ref(Measure), 'The measure created'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createMeasure(app.db, callerOf(request), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/measures/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/measures',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listMeasures',
        tags: ['measures'],
        summary: 'The measures the caller works',
        description:
          `${VISIBILITY} Filters: \`kind\` and \`status\` (repeatable), \`hostCompanyId\`, \`promoterTutorId\`, \`endingBefore\` (planned end on or before, not ended), \`attendanceMissing\` (running internships without this month’s attendance). ` +
          'Each item tells whether this month\'s attendance is recorded and how many follow-ups are due. Newest first; cursor pagination.',
        querystring: MeasureListQuery,
        response: { 200: described(Ref(MeasureSummaryPage), 'A page of measures'), ...problems(400) },
      },
    },
    async (request) => service.listMeasures(app.db, callerOf(request), request.query),
  )

  app.get(
    '/measures/:measureId',
    {
      config: { access: { resource: 'measure', right: 'read' } },
      schema: {
        operationId: 'readMeasure',
        tags: ['measures'],
        summary: 'Read a measure',
        description: `${VISIBILITY} With its status changes, extensions, rule override, follow-ups, \`allowedTransitions\` and the caller's \`permissions\`.`,
        params: MeasureParams,
        response: { 200: described(Ref(Measure), 'The measure'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readMeasure(app.db, callerOf(request), request.params.measureId)),
  )

  app.patch(
    '/measures/:measureId',
    {
      config: { access: { resource: 'measure', right: 'work' } },
      schema: {
        operationId: 'updateMeasure',
        tags: ['measures'],
        summary: 'Update a measure',
        description:
          `${VISIBILITY} JSON Merge Patch with If-Match (428 without, 412 when stale). Only the part of the measure's kind (422 naming another). An ended measure is not changed (409). ` +
          `A started internship keeps its dates (422 \`use_extension\`: extend it instead). ${RULES} Rules already overridden by a coordinator do not block later edits that break no other.`,
        params: MeasureParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(MeasurePatch)),
        response: { 200: described(Ref(Measure), 'The measure updated'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateMeasure(app.db, callerOf(request), request.params.measureId, expectedVersion, request.body as MeasurePatchType))
    },
  )

  app.post(
    '/measures/:measureId/transitions',
    {
      config: { access: { resource: 'measure', right: 'work' } },
      schema: {
        operationId: 'transitionMeasure',
        tags: ['measures'],
        summary: 'Move a measure to another status',
        description:
          'Internships: draft → proposed → agreement_signed → active ⇄ suspended → completed | interrupted (from any open status); the other kinds start active. 409 for a move the diagram does not allow. ' +
          '`reason` is required for `suspended` and `interrupted`; completing an internship needs its `outcome` (`outcomeContractType` with `hired_by_host`). Ending a measure (default today, `endDate`) schedules the follow-ups at 1, 3, 6 and 12 months. With If-Match.',
        params: MeasureParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(MeasureTransitionRequest),
        response: { 200: described(Ref(Measure), 'The measure moved'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.transitionMeasure(app.db, callerOf(request), request.params.measureId, expectedVersion, request.body))
    },
  )

  app.post(
    '/measures/:measureId/extensions',
    {
      config: { access: { resource: 'measure', right: 'work' } },
      schema: {
        operationId: 'extendMeasure',
        tags: ['measures'],
        summary: 'Extend an internship',
        description: `Moves the planned end of an open internship later (proroga), with a reason; kept in \`internship.extensions\`. The maximum duration counts extensions. ${RULES} With If-Match.`,
        params: MeasureParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(MeasureExtensionRequest),
        response: { 200: described(Ref(Measure), 'The internship extended'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.extendMeasure(app.db, callerOf(request), request.params.measureId, expectedVersion, request.body))
    },
  )

  // -------------------------------------------------------------------------------------------
  // Attendance and documents

  app.get(
    '/measures/:measureId/attendance',
    {
      config: { access: { resource: 'measure', right: 'read' } },
      schema: {
        operationId: 'readMeasureAttendance',
        tags: ['measures'],
        summary: 'The monthly attendance of an internship',
        description: `${VISIBILITY} Each month recorded with its attendance % and the allowance due (full at ≥ 80% of planned hours, otherwise in proportion to hours attended, in integer cents); the totals and whether the final attestation is due (≥ 70% overall). 404 for a measure that is not an internship.`,
        params: MeasureParams,
        response: { 200: described(Ref(MeasureAttendance), 'The attendance'), ...problems(400, 404) },
      },
    },
    async (request) => service.readAttendance(app.db, callerOf(request), request.params.measureId),
  )

  app.put(
    '/measures/:measureId/attendance/:month',
    {
      config: { access: { resource: 'measure', right: 'work' }, ifMatch: 'conditional' },
      schema: {
        operationId: 'recordMeasureAttendance',
        tags: ['measures'],
        summary: 'Record a month of attendance',
        description:
          'Planned and attended hours of a month of a started internship (409 before it starts). The month is within the internship and not in the future, attended ≤ planned (422 listing the violations). ' +
          'A month already recorded needs If-Match with its version (428 without, 412 when stale). Answers the month with its attendance % and allowance due, and the totals.',
        params: MonthParams,
        headers: OptionalIfMatchHeaders,
        body: Ref(MeasureAttendanceUpdate),
        response: { 200: described(Ref(MeasureAttendanceMonthResult), 'The month recorded and the totals'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request) => {
      const header = request.headers['if-match']
      const expectedVersion = header === undefined || header === '' ? null : requireIfMatch(request)
      return service.recordAttendance(app.db, callerOf(request), request.params.measureId, request.params.month, expectedVersion, request.body)
    },
  )

  app.get(
    '/measures/:measureId/attendance-sheet',
    {
      config: { access: { resource: 'measure', right: 'read' } },
      schema: {
        operationId: 'downloadMeasureAttendanceSheet',
        tags: ['measures'],
        summary: 'The monthly attendance sheet of an internship',
        description: `${VISIBILITY} For \`month\` (YYYY-MM): \`format=pdf\` the sheet the intern and the host tutor sign (hours planned and attended, the allowance due), \`format=xlsx\` the same as a workbook with the months so far.`,
        params: MeasureParams,
        querystring: MeasureAttendanceSheetQuery,
        response: {
          200: { description: 'The sheet', content: { 'application/pdf': { schema: binary('PDF document') }, [XLSX]: { schema: binary('XLSX workbook') } } },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request)
      const { measure, scope } = await service.loadForDocument(app.db, caller, request.params.measureId, 'Il foglio presenze')
      const data = await service.attendanceData(app.db, scope.row)
      const name = `foglio-presenze-tirocinio-${request.query.month}`
      if (request.query.format === 'pdf') return reply.type('application/pdf').header('content-disposition', attachment(`${name}.pdf`)).send(await attendanceSheetPdf(measure, data.attendance, request.query.month))
      return reply.type(XLSX).header('content-disposition', attachment(`${name}.xlsx`)).send(await attendanceSheetXlsx(measure, data.attendance, request.query.month))
    },
  )

  app.get(
    '/measures/:measureId/training-project.pdf',
    {
      config: { access: { resource: 'measure', right: 'read' } },
      schema: {
        operationId: 'downloadTrainingProject',
        tags: ['measures'],
        summary: 'The individual training project (PFI) of an internship',
        description: `${VISIBILITY} The Progetto Formativo Individuale built from the internship's data: promoter and host, tutors, period and hours, profile and EQF level, objectives, allowance, insurance, the rule set and the signatures. 404 for a measure that is not an internship.`,
        params: MeasureParams,
        response: { 200: { description: 'The PFI', content: { 'application/pdf': { schema: binary('PDF document') } } }, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { measure } = await service.loadForDocument(app.db, callerOf(request), request.params.measureId, 'Il progetto formativo')
      return reply.type('application/pdf').header('content-disposition', attachment('progetto-formativo-individuale.pdf')).send(await trainingProjectPdf(measure))
    },
  )

  // -------------------------------------------------------------------------------------------
  // Tutoring sessions, payments, follow-ups

  app.get(
    '/measures/:measureId/tutoring-sessions',
    {
      config: { access: { resource: 'measure', right: 'read' } },
      schema: {
        operationId: 'listTutoringSessions',
        tags: ['measures'],
        summary: 'The tutoring sessions of a measure',
        description: `${VISIBILITY} Newest first.`,
        params: MeasureParams,
        response: { 200: described(Ref(TutoringSessionList), 'The sessions'), ...problems(400, 404) },
      },
    },
    async (request) => service.listSessions(app.db, callerOf(request), request.params.measureId),
  )

  app.post(
    '/measures/:measureId/tutoring-sessions',
    {
      config: { access: { resource: 'measure', right: 'work' } },
      schema: {
        operationId: 'createTutoringSession',
        tags: ['measures'],
        summary: 'Record a tutoring session',
        description: 'A session held (not in the future, not before the measure started: 422 naming the field) by an operator of the promoter or the municipality (default the caller). Not on a draft (409). Answers 201.',
        params: MeasureParams,
        headers: IdempotencyHeaders,
        body: Ref(TutoringSessionCreate),
        response: { 201: described(Ref(TutoringSession), 'The session recorded'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const session = await service.createSession(app.db, callerOf(request), request.params.measureId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/measures/${request.params.measureId}/tutoring-sessions`)
      return session
    },
  )

  app.get(
    '/measures/:measureId/payments',
    {
      config: { access: { resource: 'measure', right: 'read' } },
      schema: {
        operationId: 'listWorkGrantPayments',
        tags: ['measures'],
        summary: 'The payments of a work grant',
        description: `${VISIBILITY} Oldest month first. 404 for a measure that is not a work grant.`,
        params: MeasureParams,
        response: { 200: described(Ref(WorkGrantPaymentList), 'The payments'), ...problems(400, 404) },
      },
    },
    async (request) => service.listPayments(app.db, callerOf(request), request.params.measureId),
  )

  app.post(
    '/measures/:measureId/payments',
    {
      config: { access: { resource: 'measure', right: 'work' } },
      schema: {
        operationId: 'createWorkGrantPayment',
        tags: ['measures'],
        summary: 'Record a payment of a work grant',
        description: 'One payment per month of the grant (409 when recorded), within its period and up to the monthly amount (422). Answers 201.',
        params: MeasureParams,
        headers: IdempotencyHeaders,
        body: Ref(WorkGrantPaymentCreate),
        response: { 201: described(Ref(WorkGrantPayment), 'The payment recorded'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const payment = await service.createPayment(app.db, callerOf(request), request.params.measureId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/measures/${request.params.measureId}/payments`)
      return payment
    },
  )

  app.put(
    '/measures/:measureId/follow-ups/:followUpId',
    {
      config: { access: { resource: 'measure', right: 'work' } },
      schema: {
        operationId: 'recordFollowUp',
        tags: ['measures'],
        summary: 'Record a follow-up',
        description: 'The employment status found at the follow-up (from two weeks before it is due: 422 earlier), with the contract when employed. With If-Match (the follow-up\'s version).',
        params: FollowUpParams,
        headers: IfMatchHeaders,
        body: Ref(FollowUpRecord),
        response: { 200: described(Ref(MeasureFollowUp), 'The follow-up recorded'), ...problems(400, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.recordFollowUp(app.db, callerOf(request), request.params.measureId, request.params.followUpId, expectedVersion, request.body as FollowUpRecordType))
    },
  )

  app.get(
    '/follow-ups/due',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listDueFollowUps',
        tags: ['measures'],
        summary: 'Follow-ups due and overdue',
        description: `The follow-ups not recorded of the measures the caller sees (${VISIBILITY.charAt(0).toLowerCase()}${VISIBILITY.slice(1)}), due within \`withinDays\` (default 14) or overdue; overdue first, then by due date. Cursor pagination.`,
        querystring: FollowUpDueQuery,
        response: { 200: described(Ref(FollowUpDuePage), 'The follow-ups due'), ...problems(400) },
      },
    },
    async (request) => service.listDueFollowUps(app.db, callerOf(request), request.query),
  )
}
