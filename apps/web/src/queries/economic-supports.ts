/**
 * Server state of a case's economic supports: the paged list, request, update while requested, decide, record the payment.
 * Keys: `['case-economic-supports', caseId, …]`; the coordinator's queue across cases: `['economic-supports-awaiting-decision']`.
 */
import type { EconomicSupport, EconomicSupportCreate, EconomicSupportDecision, EconomicSupportPage, EconomicSupportPatch, EconomicSupportPayment } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import {
  decideEconomicSupport,
  listEconomicSupports,
  listEconomicSupportsAwaitingDecision,
  readEconomicSupport,
  recordEconomicSupportPayment,
  requestEconomicSupport,
  updateEconomicSupport,
} from '../api/economic-supports'

export const ECONOMIC_SUPPORT_PAGE_SIZE = 50

export const economicSupportKeys = {
  root: (caseId: string) => ['case-economic-supports', caseId] as const,
  list: (caseId: string) => ['case-economic-supports', caseId, 'list'] as const,
  detail: (caseId: string, supportId: string) => ['case-economic-supports', caseId, 'detail', supportId] as const,
  awaitingDecision: () => ['economic-supports-awaiting-decision'] as const,
}

/** Requested supports of the cases the caller coordinates, the oldest request first. */
export function useEconomicSupportsAwaitingDecision(limit: number, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: economicSupportKeys.awaitingDecision(),
    query: ({ signal }) => listEconomicSupportsAwaitingDecision({ limit }, signal),
    enabled: () => toValue(enabled),
  })
}

/** The case's economic supports, the most recent request first. */
export function useEconomicSupportList(caseId: MaybeRefOrGetter<string>) {
  const query = useInfiniteQuery<EconomicSupportPage, ApiError, string | null>({
    key: () => economicSupportKeys.list(toValue(caseId)),
    query: ({ pageParam, signal }) => listEconomicSupports(toValue(caseId), { limit: ECONOMIC_SUPPORT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: EconomicSupportPage) => last.nextCursor,
  })
  const supports = computed<EconomicSupport[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, supports }
}

export function useRequestEconomicSupport() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: EconomicSupportCreate; idempotencyKey: string }) => requestEconomicSupport(caseId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => {
      void cache.invalidateQueries({ key: economicSupportKeys.awaitingDecision() })
      return cache.invalidateQueries({ key: economicSupportKeys.root(caseId) })
    },
  })
}

export function useUpdateEconomicSupport() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, supportId, patch, version }: { caseId: string; supportId: string; patch: EconomicSupportPatch; version: number }) =>
      updateEconomicSupport(caseId, supportId, patch, version),
    onSettled: (_data, _error, { caseId }) => {
      void cache.invalidateQueries({ key: economicSupportKeys.awaitingDecision() })
      return cache.invalidateQueries({ key: economicSupportKeys.root(caseId) })
    },
  })
}

export function useDecideEconomicSupport() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, supportId, body, version, idempotencyKey }: { caseId: string; supportId: string; body: EconomicSupportDecision; version: number; idempotencyKey?: string }) =>
      decideEconomicSupport(caseId, supportId, body, version, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => {
      void cache.invalidateQueries({ key: economicSupportKeys.awaitingDecision() })
      return cache.invalidateQueries({ key: economicSupportKeys.root(caseId) })
    },
  })
}

export function useRecordEconomicSupportPayment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, supportId, body, version, idempotencyKey }: { caseId: string; supportId: string; body: EconomicSupportPayment; version: number; idempotencyKey?: string }) =>
      recordEconomicSupportPayment(caseId, supportId, body, version, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: economicSupportKeys.root(caseId) }),
  })
}

/** Reads a support once (after a 412) and refreshes the list. */
export function useFetchEconomicSupport() {
  const cache = useQueryCache()
  return async (caseId: string, supportId: string): Promise<EconomicSupport> => {
    const support = await readEconomicSupport(caseId, supportId)
    cache.setQueryData(economicSupportKeys.detail(caseId, supportId), support)
    void cache.invalidateQueries({ key: economicSupportKeys.list(caseId) })
    return support
  }
}
