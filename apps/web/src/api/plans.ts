/**
 * Individual plans (progetto personalizzato) of a case: versions (list, create, read, merge-patch a
 * draft), status changes (submit, approve, return, sign) and revisions; the commitments of a version;
 * the coordinator's queue of versions awaiting approval.
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listPlans = (caseId: string, query: QueryOf<'listPlans'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/plans', { params: { path: { caseId }, query }, signal }))

export const createPlan = (caseId: string, body: BodyOf<'createPlan'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/plans', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readPlan = (caseId: string, planId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/plans/{planId}', { params: { path: { caseId, planId } }, signal }))

export const updatePlan = (caseId: string, planId: string, patch: BodyOf<'updatePlan'>, version: number) =>
  dataOf(api.PATCH('/cases/{caseId}/plans/{planId}', { params: { path: { caseId, planId }, header: writeHeaders({ version }) }, body: patch }))

/** submit / approve / return / sign the version read (If-Match). */
export const transitionPlan = (caseId: string, planId: string, body: BodyOf<'transitionPlan'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/plans/{planId}/transitions', { params: { path: { caseId, planId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

/** The next version, in draft, copied from this one. */
export const revisePlan = (caseId: string, planId: string, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/plans/{planId}/revisions', { params: { path: { caseId, planId }, header: writeHeaders({ idempotencyKey }) } }))

export const listCommitments = (caseId: string, planId: string, query: QueryOf<'listCommitments'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/plans/{planId}/commitments', { params: { path: { caseId, planId }, query }, signal }))

export const createCommitment = (caseId: string, planId: string, body: BodyOf<'createCommitment'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/plans/{planId}/commitments', { params: { path: { caseId, planId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const updateCommitment = (caseId: string, planId: string, commitmentId: string, patch: BodyOf<'updateCommitment'>, version: number) =>
  dataOf(
    api.PATCH('/cases/{caseId}/plans/{planId}/commitments/{commitmentId}', {
      params: { path: { caseId, planId, commitmentId }, header: writeHeaders({ version }) },
      body: patch,
    }),
  )

/** Submitted versions of the cases the caller coordinates, the oldest submission first (empty for anyone but a coordinator). */
export const listPlansAwaitingApproval = (query: QueryOf<'listPlansAwaitingApproval'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/plans/awaiting-approval', { params: { query }, signal }))
