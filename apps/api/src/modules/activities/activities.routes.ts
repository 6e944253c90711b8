/** HTTP of mediation activities: a company's activity log, recording and editing an activity, the caller's next actions due. */
import { Type } from 'typebox'
import { Activity, ActivityCreate, ActivityListQuery, ActivityPage, ActivityPatch, DueActivityQuery, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import { callerOf } from '../../lib/caller.js'
import * as service from './activities.service.js'

const CompanyParams = Type.Object({ companyId: UuidParam })
const ActivityParams = Type.Object({ activityId: UuidParam })

const WHO_SEES =
  'Activities belong to a company of the caller\'s circle (docs/decisions/0007): its operators, coordinators and case managers read them; operators and coordinators record them; ' +
  'the operator who recorded one, or a coordinator of their organisation, edits it (403 for others). Anyone else gets 404.'

export default async function activityRoutes(app: App) {
  app.get(
    '/companies/:companyId/activities',
    {
      config: { access: { resource: 'company', right: 'read' } },
      schema: {
        operationId: 'listCompanyActivities',
        tags: ['activities'],
        summary: 'The activity log of a company',
        description: `${WHO_SEES} Calls, visits, emails and meetings, newest first, with their outcome and next action; filter \`kind\`. Cursor pagination.`,
        params: CompanyParams,
        querystring: ActivityListQuery,
        response: { 200: described(Ref(ActivityPage), 'A page of activities'), ...problems(400, 404) },
      },
    },
    async (request) => service.listActivities(app.db, callerOf(request), request.params.companyId, request.query),
  )

  app.post(
    '/companies/:companyId/activities',
    {
      config: { access: { resource: 'company', right: 'write' } },
      schema: {
        operationId: 'createCompanyActivity',
        tags: ['activities'],
        summary: 'Record a mediation activity',
        description:
          `${WHO_SEES} The caller is its operator. The date may not be in the future (422 naming \`/date\`); the contact must be one of the company's (422 \`/contactId\`); ` +
          'the next action may not be due before the activity (422 `/nextAction/dueOn`). Answers 201 with ETag and Location.',
        params: CompanyParams,
        headers: IdempotencyHeaders,
        body: Ref(ActivityCreate),
        response: { 201: described(Ref(Activity), 'The activity recorded'), ...problems(400, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createActivity(app.db, callerOf(request), request.params.companyId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/activities/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/activities/due',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listDueActivities',
        tags: ['activities'],
        summary: 'My next actions due and overdue',
        description:
          'For the home page: the open next actions of the activities the caller recorded, on companies still in their circle, overdue (`isOverdue`) or due within `withinDays` (default 7), soonest first. Cursor pagination.',
        querystring: DueActivityQuery,
        response: { 200: described(Ref(ActivityPage), 'A page of activities with a next action due'), ...problems(400) },
      },
    },
    async (request) => service.listDueActivities(app.db, callerOf(request), request.query),
  )

  app.get(
    '/activities/:activityId',
    {
      config: { access: { resource: 'activity', right: 'read' } },
      schema: {
        operationId: 'readActivity',
        tags: ['activities'],
        summary: 'Read an activity',
        description: `${WHO_SEES} The ETag is its version.`,
        params: ActivityParams,
        response: { 200: described(Ref(Activity), 'The activity'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readActivity(app.db, callerOf(request), request.params.activityId)),
  )

  app.patch(
    '/activities/:activityId',
    {
      config: { access: { resource: 'activity', right: 'write' } },
      schema: {
        operationId: 'updateActivity',
        tags: ['activities'],
        summary: 'Update an activity or mark its next action done',
        description: `${WHO_SEES} JSON Merge Patch with If-Match (428 without, 412 when stale). \`nextActionDone: true\` marks the next action done by the caller now; a new next action starts open.`,
        params: ActivityParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(ActivityPatch)),
        response: { 200: described(Ref(Activity), 'The activity updated'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateActivity(app.db, callerOf(request), request.params.activityId, expectedVersion, request.body as ActivityPatch))
    },
  )
}
