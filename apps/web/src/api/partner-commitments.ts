/**
 * Partner commitments: a case's commitments assigned to a partner's service, the partner's list
 * across its referred cases, one commitment's status update (If-Match), its progress notes; and the
 * organisations a case may be referred to.
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listCasePartnerCommitments = (caseId: string, query: QueryOf<'listCasePartnerCommitments'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/partner-commitments', { params: { path: { caseId }, query }, signal }))

export const listPartnerCommitments = (query: QueryOf<'listPartnerCommitments'> = {}, signal?: AbortSignal) => dataOf(api.GET('/partner-commitments', { params: { query }, signal }))

export const readCaseCommitment = (caseId: string, commitmentId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/plan-commitments/{commitmentId}', { params: { path: { caseId, commitmentId } }, signal }))

export const updateCaseCommitment = (caseId: string, commitmentId: string, patch: BodyOf<'updateCaseCommitment'>, version: number) =>
  dataOf(api.PATCH('/cases/{caseId}/plan-commitments/{commitmentId}', { params: { path: { caseId, commitmentId }, header: writeHeaders({ version }) }, body: patch }))

export const listProgressNotes = (caseId: string, commitmentId: string, query: QueryOf<'listCommitmentProgressNotes'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/plan-commitments/{commitmentId}/progress-notes', { params: { path: { caseId, commitmentId }, query }, signal }))

export const createProgressNote = (caseId: string, commitmentId: string, body: BodyOf<'createCommitmentProgressNote'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/plan-commitments/{commitmentId}/progress-notes', { params: { path: { caseId, commitmentId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const listReferralPartners = (query: QueryOf<'listReferralPartners'> = {}, signal?: AbortSignal) => dataOf(api.GET('/referral-partners', { params: { query }, signal }))
