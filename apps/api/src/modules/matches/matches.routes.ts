/** HTTP of matches: a vacancy's pipeline, proposing a person, a case's candidacies, moving a match along the pipeline. */
import { Type } from 'typebox'
import { Match, MatchCreate, MatchListQuery, MatchPage, MatchTransitionRequest, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, problems, UuidParam } from '../../lib/route-schema.js'
import { callerOf } from '../../lib/caller.js'
import * as service from './matches.service.js'

const VacancyParams = Type.Object({ vacancyId: UuidParam })
const CaseParams = Type.Object({ caseId: UuidParam })
const MatchParams = Type.Object({ matchId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })

const WHO_SEES =
  'A match names a person: it is seen exactly by those who see its case (the municipality\'s staff working it, the partner with an accepted referral); each read is audited. Anyone else gets 404.'

export default async function matchRoutes(app: App) {
  app.get(
    '/vacancies/:vacancyId/matches',
    {
      config: { access: { resource: 'vacancy', right: 'read' } },
      schema: {
        operationId: 'listVacancyMatches',
        tags: ['matches'],
        summary: 'The candidates of a vacancy (its pipeline)',
        description: `The vacancy is seen with its company (404 otherwise). ${WHO_SEES} Only the matches whose case the caller sees are listed, oldest first, each with every step; filter \`status\`. Cursor pagination.`,
        params: VacancyParams,
        querystring: MatchListQuery,
        response: { 200: described(Ref(MatchPage), 'A page of matches'), ...problems(400, 404) },
      },
    },
    async (request) => service.listVacancyMatches(app.db, callerOf(request), request.params.vacancyId, request.query),
  )

  app.post(
    '/vacancies/:vacancyId/matches',
    {
      config: { access: { resource: 'vacancy', right: 'read' } },
      schema: {
        operationId: 'createMatch',
        tags: ['matches'],
        summary: 'Propose a person for a vacancy',
        description:
          'The vacancy must be seen by the caller (404) and open (409 `vacancy-not-open`). The person is named by their case: one with an accepted referral to the caller\'s organisation or a case of the caller\'s municipality they work ' +
          '(422 naming `/caseId` otherwise); the case must be open (409). One live match per person and vacancy (409 `match-already-live` with `existingId`). It starts `proposed`. Answers 201 with ETag and Location.',
        params: VacancyParams,
        headers: IdempotencyHeaders,
        body: Ref(MatchCreate),
        response: { 201: described(Ref(Match), 'The match proposed'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createMatch(app.db, callerOf(request), request.params.vacancyId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/matches/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/cases/:caseId/matches',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'listCaseMatches',
        tags: ['matches'],
        summary: 'Where the person of a case has been proposed',
        description: `For the case page's "Candidature" card. ${WHO_SEES} Oldest first, each with every step and the measures it created. Cursor pagination.`,
        params: CaseParams,
        querystring: MatchListQuery,
        response: { 200: described(Ref(MatchPage), 'A page of matches'), ...problems(400, 404) },
      },
    },
    async (request) => service.listCaseMatches(app.db, callerOf(request), requireCaseScope(request), request.query),
  )

  app.get(
    '/matches/:matchId',
    {
      config: { access: { resource: 'match', right: 'read' } },
      schema: {
        operationId: 'readMatch',
        tags: ['matches'],
        summary: 'Read a match',
        description: `${WHO_SEES} With every step (who, when, why) and the moves the caller may make now. The ETag is its version.`,
        params: MatchParams,
        response: { 200: described(Ref(Match), 'The match'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readMatch(app.db, callerOf(request), request.params.matchId)),
  )

  app.post(
    '/matches/:matchId/transitions',
    {
      config: { access: { resource: 'match', right: 'transition' } },
      schema: {
        operationId: 'transitionMatch',
        tags: ['matches'],
        summary: 'Move a match along the pipeline',
        description:
          `${WHO_SEES} The caller must also see the vacancy's company (403). proposed → cv_sent → interview → trial → hired (interview → hired too); rejected or withdrawn from any open stage, with \`reason\` (422). ` +
          'Any other move answers 409 `transition-not-allowed`. `trial` with `internship` creates the internship (host company, site, ATECO code and profile from the company and the vacancy; the internship rules apply: 422 with every violation); ' +
          '`hired` creates the job placement (contract from the vacancy unless `placement` says otherwise) and fills a position (422 `vacancy_positions_filled` when none is left; the vacancy becomes `filled` with its last one). ' +
          'The move and the measure are one transaction: a failure leaves neither. With If-Match (428 without, 412 when stale).',
        params: MatchParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(MatchTransitionRequest),
        response: { 200: described(Ref(Match), 'The match in its new status'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.transitionMatch(app.db, callerOf(request), request.params.matchId, expectedVersion, request.body))
    },
  )
}
