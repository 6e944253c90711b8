/** Referrals (invii) to partner organisations: create and list a case's, the partner's inbox, read, accept, reject, complete, revoke. */
import type { CaseReferralListQuery, Referral, ReferralCreate, ReferralListQuery, ReferralPage, ReferralStatus, ReferralTransitionRequest } from '@ponte/shared'
import { http, newIdempotencyKey, request } from './http'

const caseReferralsPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/referrals`
const referralPath = (referralId: string) => `/referrals/${encodeURIComponent(referralId)}`

export const createReferral = (caseId: string, body: ReferralCreate, idempotencyKey?: string) => http.create<Referral>(caseReferralsPath(caseId), body, idempotencyKey)

export const listCaseReferrals = (caseId: string, query: CaseReferralListQuery = {}, signal?: AbortSignal) =>
  http.get<ReferralPage>(caseReferralsPath(caseId), { ...query }, signal)

/** The inbox's query as the web app sends it: one status, or none for the API's default (requested and accepted). */
export type ReferralListParams = Omit<ReferralListQuery, 'status'> & { status?: ReferralStatus | undefined }

export const listReferrals = (query: ReferralListParams = {}, signal?: AbortSignal) => http.get<ReferralPage>('/referrals', { ...query }, signal)

export const readReferral = (referralId: string, signal?: AbortSignal) => http.get<Referral>(referralPath(referralId), undefined, signal)

/** Accept, reject (with reason), complete or revoke the version read (If-Match). */
export const transitionReferral = async (referralId: string, body: ReferralTransitionRequest, version: number, idempotencyKey: string = newIdempotencyKey()) =>
  (await request<Referral>(`${referralPath(referralId)}/transitions`, { method: 'POST', body, ifMatch: version, idempotencyKey })).data
