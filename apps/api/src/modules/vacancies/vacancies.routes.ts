/** HTTP of vacancies: list, publish, read, update, open/close; positions filled follow the hires. */
import { Type } from 'typebox'
import { Ref, Vacancy, VacancyCreate, VacancyListQuery, VacancyPage, VacancyPatch, VacancyTransitionRequest } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import { callerOf } from '../../lib/caller.js'
import * as service from './vacancies.service.js'

const VacancyParams = Type.Object({ vacancyId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })

const WHO_SEES =
  'A vacancy is seen with its company: by the operators, coordinators and case managers of the caller\'s circle (docs/decisions/0007); operators and coordinators change it (403 for case managers). Anyone else gets 404.'

export default async function vacancyRoutes(app: App) {
  app.get(
    '/vacancies',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listVacancies',
        tags: ['vacancies'],
        summary: 'List vacancies',
        description: `${WHO_SEES} Newest first; filters \`companyId\`, \`status\` (repeatable), \`q\` (words of the title or of the company's name). Each carries its positions filled (from the hires) and candidates per stage. Cursor pagination.`,
        querystring: VacancyListQuery,
        response: { 200: described(Ref(VacancyPage), 'A page of vacancies'), ...problems(400) },
      },
    },
    async (request) => service.listVacancies(app.db, callerOf(request), request.query),
  )

  app.post(
    '/vacancies',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'createVacancy',
        tags: ['vacancies'],
        summary: 'Publish a vacancy of a company',
        description:
          `${WHO_SEES} The company must be in the caller's circle (422 naming \`/companyId\` otherwise), the site one of its active sites (422 \`/siteId\`), a fixed-term contract needs \`contractMonths\` (422), ` +
          'the deadline may not be past (422). It starts `open`. Answers 201 with ETag and Location.',
        headers: IdempotencyHeaders,
        body: Ref(VacancyCreate),
        response: { 201: described(Ref(Vacancy), 'The vacancy published'), ...problems(400, 403, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createVacancy(app.db, callerOf(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/vacancies/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/vacancies/:vacancyId',
    {
      config: { access: { resource: 'vacancy', right: 'read' } },
      schema: {
        operationId: 'readVacancy',
        tags: ['vacancies'],
        summary: 'Read a vacancy',
        description: `${WHO_SEES} With positions filled (counted from the hires), candidates per stage, the transitions and actions the caller may take now. The ETag is its version.`,
        params: VacancyParams,
        response: { 200: described(Ref(Vacancy), 'The vacancy'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readVacancy(app.db, callerOf(request), request.params.vacancyId)),
  )

  app.patch(
    '/vacancies/:vacancyId',
    {
      config: { access: { resource: 'vacancy', right: 'write' } },
      schema: {
        operationId: 'updateVacancy',
        tags: ['vacancies'],
        summary: 'Update a vacancy',
        description:
          `${WHO_SEES} JSON Merge Patch with If-Match (428 without, 412 when stale). Positions may not go below the hires (422 \`positions_below_hires\`); ` +
          'a filled vacancy given more positions is open again, an open one whose positions equal its hires becomes filled.',
        params: VacancyParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(VacancyPatch)),
        response: { 200: described(Ref(Vacancy), 'The vacancy updated'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateVacancy(app.db, callerOf(request), request.params.vacancyId, expectedVersion, request.body as VacancyPatch))
    },
  )

  app.post(
    '/vacancies/:vacancyId/transitions',
    {
      config: { access: { resource: 'vacancy', right: 'write' } },
      schema: {
        operationId: 'transitionVacancy',
        tags: ['vacancies'],
        summary: 'Close or reopen a vacancy',
        description:
          `${WHO_SEES} By hand only open → closed (optional \`reason\`) and closed → open (409 when every position is already filled). \`filled\` follows the hires: asking for it answers 409. With If-Match (428 without, 412 when stale).`,
        params: VacancyParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(VacancyTransitionRequest),
        response: { 200: described(Ref(Vacancy), 'The vacancy in its new status'), ...problems(400, 403, 404, 409, 412, 415, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.transitionVacancy(app.db, callerOf(request), request.params.vacancyId, expectedVersion, request.body))
    },
  )
}
