/** HTTP of referrals: a case's referrals to partner organisations, the partner's inbox, and their transitions. */
import { Type } from 'typebox'
import { CaseReferralListQuery, Ref, Referral, ReferralCreate, ReferralListQuery, ReferralPage, ReferralPartnerListQuery, ReferralPartnerPage, ReferralTransitionRequest } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './referrals.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const ReferralParams = Type.Object({ referralId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })

const WHO_SEES =
  'A referral is seen by the municipality\'s staff who see its case and by the operators of the partner organisation it is addressed to; anyone else gets 404. ' +
  'A partner sees a requested referral (to accept or reject it) but the case only while the referral is accepted; once the referral is over it no longer names the person to the partner.'

export default async function referralRoutes(app: App) {
  app.post(
    '/cases/:caseId/referrals',
    {
      config: { access: { case: 'manage' } },
      schema: {
        operationId: 'createReferral',
        tags: ['referrals'],
        summary: 'Refer a case to a partner organisation',
        description:
          'The coordinator or the assigned case manager (403 for colleagues; 404 for partners and whoever cannot see the case). The partner must be an active cooperative, consortium, employment agency or other partner organisation ' +
          '(422 naming `/partnerOrganisationId`); the consent date may not be in the future (422 naming `/consent/date`). One live (requested or accepted) referral per case and partner: 409 `referral-already-live` with `existingId`. ' +
          'A closed case answers 409. The referral starts `requested`; a `referral.requested` timeline event is written. Answers 201 with ETag and Location.',
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(ReferralCreate),
        response: { 201: described(Ref(Referral), 'The referral requested'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createReferral(app.db, request.requirePrincipal(), request.auditActor(), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/referrals/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.get(
    '/cases/:caseId/referrals',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'listCaseReferrals',
        tags: ['referrals'],
        summary: 'The referrals of a case',
        description: 'Every referral of a case the caller sees (404 otherwise); a partner sees only those addressed to its own organisation. Newest first; cursor pagination.',
        params: CaseParams,
        querystring: CaseReferralListQuery,
        response: { 200: described(Ref(ReferralPage), 'A page of referrals'), ...problems(400, 404) },
      },
    },
    async (request) => {
      const page = await service.listCaseReferrals(app.db, request.requirePrincipal(), requireCaseScope(request), request.query)
      for (const item of page.items) request.auditRead('referral', item.id, item.municipality.id, 'list')
      return page
    },
  )

  app.get(
    '/referral-partners',
    {
      config: { access: { org: 'staff', outsiders: 403 } },
      schema: {
        operationId: 'listReferralPartners',
        tags: ['referrals'],
        summary: 'Organisations a case may be referred to',
        description:
          'The active cooperatives, consortia, employment agencies and other partner organisations — never a municipality, a district, or the organisation that operates the platform (whose members administer it). ' +
          'Municipality staff (coordinators and case managers; 403 otherwise). By name; cursor pagination.',
        querystring: ReferralPartnerListQuery,
        response: { 200: described(Ref(ReferralPartnerPage), 'A page of partner organisations'), ...problems(400, 403) },
      },
    },
    async (request) => service.listReferralPartners(app.db, request.requirePrincipal(), request.query),
  )

  app.get(
    '/referrals',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listReferrals',
        tags: ['referrals'],
        summary: 'Referrals inbox',
        description:
          `For a partner operator, the referrals addressed to their organisations (the inbox); for municipality staff, the referrals of the cases they see. ${WHO_SEES} ` +
          'Filter `status` (repeatable; default `requested` and `accepted`). Newest first; cursor pagination.',
        querystring: ReferralListQuery,
        response: { 200: described(Ref(ReferralPage), 'A page of referrals'), ...problems(400) },
      },
    },
    async (request) => {
      const page = await service.listReferrals(app.db, request.requirePrincipal(), request.query)
      for (const item of page.items) request.auditRead('referral', item.id, item.municipality.id, 'list')
      return page
    },
  )

  app.get(
    '/referrals/:referralId',
    {
      config: { access: { resource: 'referral', right: 'read' } },
      schema: {
        operationId: 'readReferral',
        tags: ['referrals'],
        summary: 'Read a referral',
        description: `${WHO_SEES} \`allowedActions\` lists what the caller may do now. The ETag is its version.`,
        params: ReferralParams,
        response: { 200: described(Ref(Referral), 'The referral'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const found = await service.readReferral(app.db, request.requirePrincipal(), request.params.referralId)
      request.auditRead('referral', found.id, found.municipality.id)
      return withEtag(reply, found)
    },
  )

  app.post(
    '/referrals/:referralId/transitions',
    {
      config: { access: { resource: 'referral', right: 'transition' } },
      schema: {
        operationId: 'transitionReferral',
        tags: ['referrals'],
        summary: 'Accept, reject, complete or revoke a referral',
        description:
          '`accept` and `reject` (with `reason`, else 422 naming `/reason`) by an operator of the partner organisation while requested; `complete` by the partner or the municipality (coordinator or assigned case manager) while accepted; ' +
          '`revoke` by the municipality while requested or accepted. The wrong side answers 403, a move the status does not allow 409 `transition-not-allowed`. Needs If-Match (428 without, 412 when stale). ' +
          'Completion and revocation end the partner\'s access to the case at once. Each step writes a `referral.*` timeline event.',
        params: ReferralParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(ReferralTransitionRequest),
        response: { 200: described(Ref(Referral), 'The referral in its new status'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.transitionReferral(app.db, request.requirePrincipal(), request.auditActor(), request.params.referralId, expectedVersion, request.body))
    },
  )
}
