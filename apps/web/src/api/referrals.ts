/** Referrals (invii) to partner organisations: create and list a case's, the partner's inbox, read, accept, reject, complete, revoke. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const createReferral = (caseId: string, body: BodyOf<'createReferral'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/referrals', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const listCaseReferrals = (caseId: string, query: QueryOf<'listCaseReferrals'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/referrals', { params: { path: { caseId }, query }, signal }))

/** The partner's inbox (without a status: the API's default, requested and accepted). */
export const listReferrals = (query: QueryOf<'listReferrals'> = {}, signal?: AbortSignal) => dataOf(api.GET('/referrals', { params: { query }, signal }))

export const readReferral = (referralId: string, signal?: AbortSignal) => dataOf(api.GET('/referrals/{referralId}', { params: { path: { referralId } }, signal }))

/** Accept, reject (with reason), complete or revoke the version read (If-Match). */
export const transitionReferral = (referralId: string, body: BodyOf<'transitionReferral'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/referrals/{referralId}/transitions', { params: { path: { referralId }, header: writeHeaders({ version, idempotencyKey }) }, body }))
