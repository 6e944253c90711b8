/** Economic supports (contributi economici) of a case: list, request, read, merge-patch while requested, decide, record the payment; the coordinator's queue of requests to decide. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listEconomicSupports = (caseId: string, query: QueryOf<'listEconomicSupports'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/economic-supports', { params: { path: { caseId }, query }, signal }))

export const requestEconomicSupport = (caseId: string, body: BodyOf<'requestEconomicSupport'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/economic-supports', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readEconomicSupport = (caseId: string, supportId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/economic-supports/{supportId}', { params: { path: { caseId, supportId } }, signal }))

export const updateEconomicSupport = (caseId: string, supportId: string, patch: BodyOf<'updateEconomicSupport'>, version: number) =>
  dataOf(api.PATCH('/cases/{caseId}/economic-supports/{supportId}', { params: { path: { caseId, supportId }, header: writeHeaders({ version }) }, body: patch }))

/** A coordinator's decision (approved with an amount, or rejected with the reason) on the version read (If-Match). */
export const decideEconomicSupport = (caseId: string, supportId: string, body: BodyOf<'decideEconomicSupport'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(
    api.POST('/cases/{caseId}/economic-supports/{supportId}/transitions', {
      params: { path: { caseId, supportId }, header: writeHeaders({ version, idempotencyKey }) },
      body,
    }),
  )

/** A coordinator records the payment of an approved support (If-Match). */
export const recordEconomicSupportPayment = (caseId: string, supportId: string, body: BodyOf<'recordPayment'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(
    api.POST('/cases/{caseId}/economic-supports/{supportId}/payment', {
      params: { path: { caseId, supportId }, header: writeHeaders({ version, idempotencyKey }) },
      body,
    }),
  )

/** Requested supports of the cases the caller coordinates, the oldest request first (empty for anyone but a coordinator). */
export const listEconomicSupportsAwaitingDecision = (query: QueryOf<'listEconomicSupportsAwaitingDecision'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/economic-supports/awaiting-decision', { params: { query }, signal }))
