/**
 * HTTP of partner commitments: a case's commitments assigned to a partner's service, one commitment
 * of a case with its status update (If-Match), its progress notes, and the partner's list across
 * the cases referred to it.
 */
import { Type } from 'typebox'
import {
  CasePartnerCommitmentListQuery,
  Commitment,
  CommitmentPatch,
  CommitmentProgressNote,
  CommitmentProgressNoteCreate,
  CommitmentProgressNoteListQuery,
  CommitmentProgressNotePage,
  PartnerCommitmentListQuery,
  PartnerCommitmentPage,
  Ref,
} from '@ponte/shared'
import { callerOf } from '../../lib/caller.js'
import type { App } from '../../lib/fastify.js'
import { requireCaseScope } from '../../plugins/access.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './partner-commitments.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const CommitmentParams = Type.Object({ caseId: UuidParam, commitmentId: UuidParam })

const WHO_SEES =
  'A partner organisation\'s operators see, on a case referred to it (accepted referral), only the commitments of the plan in force (the signed version) assigned to their organisation (`partnerOrganisationId`) — never the rest of the plan, the sensitive section, restricted notes or economic supports. ' +
  'The municipality\'s staff on the case see every commitment of the case. Anyone else gets 404, as for a missing case or commitment.'

export default async function partnerCommitmentRoutes(app: App) {
  app.get(
    '/partner-commitments',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listPartnerCommitments',
        tags: ['plans'],
        summary: 'List the commitments my organisation takes on',
        description:
          'For a partner operator: the commitments of the plans in force assigned to their organisations, across the cases referred to them (accepted referral), with the case\'s person. Empty for whoever operates for no partner. ' +
          '`status` keeps some statuses (e.g. `open` and `rescheduled` for what is still to do); `dueBefore` keeps those whose effective due date (the new date when rescheduled) is before that day — today for the overdue ones. ' +
          'By effective due date, then id; cursor pagination. Every commitment returned is written to the audit trail.',
        querystring: PartnerCommitmentListQuery,
        response: { 200: described(Ref(PartnerCommitmentPage), 'A page of partner commitments'), ...problems(400) },
      },
    },
    async (request) => service.listPartnerCommitments(app.db, callerOf(request), request.query),
  )

  app.get(
    '/cases/:caseId/partner-commitments',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'listCasePartnerCommitments',
        tags: ['plans'],
        summary: 'List the partner commitments of a case',
        description: `The commitments of the case's plan in force (signed) assigned to a partner organisation, by effective due date; cursor pagination. ${WHO_SEES} Every commitment returned is written to the audit trail.`,
        params: CaseParams,
        querystring: CasePartnerCommitmentListQuery,
        response: { 200: described(Ref(PartnerCommitmentPage), 'A page of partner commitments'), ...problems(400, 404) },
      },
    },
    async (request) => service.listCasePartnerCommitments(app.db, callerOf(request), requireCaseScope(request), request.query),
  )

  app.get(
    '/cases/:caseId/plan-commitments/:commitmentId',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'readCaseCommitment',
        tags: ['plans'],
        summary: 'Read a commitment of a case',
        description: `With ETag. ${WHO_SEES} The read is written to the audit trail.`,
        params: CommitmentParams,
        response: { 200: described(Ref(Commitment), 'The commitment'), ...problems(404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readCaseCommitment(app.db, callerOf(request), requireCaseScope(request), request.params.commitmentId)),
  )

  app.patch(
    '/cases/:caseId/plan-commitments/:commitmentId',
    {
      config: { access: { case: 'work' } },
      schema: {
        operationId: 'updateCaseCommitment',
        tags: ['plans'],
        summary: 'Update the status of a commitment',
        description:
          'JSON Merge Patch with If-Match (428 without, 412 when stale), by the rules of the commitment\'s plan version (as `updateCommitment`): on the signed version only `status`, `rescheduledTo` and `doneOn` change (409 `plan-signed` naming any other field). ' +
          '`met` records the day it was done (`doneOn`, today when not sent, never in the future); `rescheduled` needs `rescheduledTo` after the due date (422 naming the field). A closed case changes nothing (409 `case-closed`). ' +
          `${WHO_SEES}`,
        params: CommitmentParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(CommitmentPatch)),
        response: { 200: described(Ref(Commitment), 'The commitment updated'), ...problems(400, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const updated = await service.updateCaseCommitment(app.db, callerOf(request), requireCaseScope(request), request.params.commitmentId, expectedVersion, request.body as CommitmentPatch)
      return withEtag(reply, updated)
    },
  )

  app.get(
    '/cases/:caseId/plan-commitments/:commitmentId/progress-notes',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'listCommitmentProgressNotes',
        tags: ['plans'],
        summary: 'List the progress notes of a commitment',
        description: `The newest first; cursor pagination. Whoever sees the commitment reads its notes. ${WHO_SEES} Every note returned is written to the audit trail.`,
        params: CommitmentParams,
        querystring: CommitmentProgressNoteListQuery,
        response: { 200: described(Ref(CommitmentProgressNotePage), 'A page of progress notes'), ...problems(400, 404) },
      },
    },
    async (request) => service.listProgressNotes(app.db, callerOf(request), requireCaseScope(request), request.params.commitmentId, request.query),
  )

  app.post(
    '/cases/:caseId/plan-commitments/:commitmentId/progress-notes',
    {
      config: { access: { case: 'work' } },
      schema: {
        operationId: 'createCommitmentProgressNote',
        tags: ['plans'],
        summary: 'Write a progress note on a commitment',
        description:
          'A note (what was done, what is next) by a partner\'s operator, for their organisation, or by the municipality\'s staff; both sides read it. Never edited. A closed case takes none (409 `case-closed`). ' +
          `${WHO_SEES} Answers 201 with ETag.`,
        params: CommitmentParams,
        headers: IdempotencyHeaders,
        body: Ref(CommitmentProgressNoteCreate),
        response: { 201: described(Ref(CommitmentProgressNote), 'The note written'), ...problems(400, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const note = await service.createProgressNote(app.db, callerOf(request), requireCaseScope(request), request.params.commitmentId, request.body)
      void reply.code(201)
      return withEtag(reply, note)
    },
  )
}
