/** Economic supports (contributi economici) of a case: list, request, read, merge-patch while requested, decide, record the payment; the coordinator's queue of requests to decide. */
import type {
  EconomicSupport,
  EconomicSupportAwaitingDecisionListQuery,
  EconomicSupportAwaitingDecisionPage,
  EconomicSupportCreate,
  EconomicSupportDecision,
  EconomicSupportListQuery,
  EconomicSupportPage,
  EconomicSupportPatch,
  EconomicSupportPayment,
} from '@ponte/shared'
import { http, newIdempotencyKey, request } from './http'

const supportsPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/economic-supports`
const supportPath = (caseId: string, supportId: string) => `${supportsPath(caseId)}/${encodeURIComponent(supportId)}`

export const listEconomicSupports = (caseId: string, query: EconomicSupportListQuery = {}, signal?: AbortSignal) =>
  http.get<EconomicSupportPage>(supportsPath(caseId), { ...query }, signal)

export const requestEconomicSupport = (caseId: string, body: EconomicSupportCreate, idempotencyKey?: string) =>
  http.create<EconomicSupport>(supportsPath(caseId), body, idempotencyKey)

export const readEconomicSupport = (caseId: string, supportId: string, signal?: AbortSignal) => http.get<EconomicSupport>(supportPath(caseId, supportId), undefined, signal)

export const updateEconomicSupport = (caseId: string, supportId: string, patch: EconomicSupportPatch, version: number) =>
  http.patch<EconomicSupport>(supportPath(caseId, supportId), patch, version)

/** A coordinator's decision (approved with an amount, or rejected with the reason) on the version read (If-Match). */
export const decideEconomicSupport = async (caseId: string, supportId: string, body: EconomicSupportDecision, version: number) =>
  (await request<EconomicSupport>(`${supportPath(caseId, supportId)}/transitions`, { method: 'POST', body, ifMatch: version, idempotencyKey: newIdempotencyKey() })).data

/** A coordinator records the payment of an approved support (If-Match). */
export const recordEconomicSupportPayment = async (caseId: string, supportId: string, body: EconomicSupportPayment, version: number) =>
  (await request<EconomicSupport>(`${supportPath(caseId, supportId)}/payment`, { method: 'POST', body, ifMatch: version, idempotencyKey: newIdempotencyKey() })).data

/** Requested supports of the cases the caller coordinates, the oldest request first (empty for anyone but a coordinator). */
export const listEconomicSupportsAwaitingDecision = (query: EconomicSupportAwaitingDecisionListQuery = {}, signal?: AbortSignal) =>
  http.get<EconomicSupportAwaitingDecisionPage>('/economic-supports/awaiting-decision', { ...query }, signal)
