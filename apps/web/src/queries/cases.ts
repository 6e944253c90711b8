/**
 * Server state of cases: the filtered list ("load more"), counts by status, one case, its timeline,
 * the colleagues a case may be assigned to, the caseload of the home page; open, change status,
 * reassign, reopen.
 */
import type {
  Case,
  CaseCountsQuery,
  CaseCreate,
  CaseEvent,
  CaseEventPage,
  CasePage,
  CaseReassignRequest,
  CaseReopenRequest,
  CaseStatus,
  CaseSummary,
  CaseTransitionRequest,
} from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import {
  countCases,
  listCaseManagers,
  listCases,
  listOverdueCommitments,
  listUpcomingMeetings,
  openCase,
  readCase,
  readCaseload,
  readCaseTimeline,
  reassignCase,
  reopenCase,
  transitionCase,
} from '../api/cases'
import { caseQuery } from './case-detail'
import { caseKeys, personKeys } from './keys'

export const CASE_PAGE_SIZE = 25
export const TIMELINE_PAGE_SIZE = 50

/** The filters of the case list (`q` is a name: it stays in memory, never in the URL). */
export interface CaseFilters {
  status?: CaseStatus | undefined
  /** `me`, or a case manager's id (the coordinator's team caseload links to their cases). */
  assignedTo?: string | undefined
  municipalityId?: string | undefined
  q?: string | undefined
}

export { caseKeys }

/** The cases the caller sees matching the filters, newest change first, one page at a time. */
export function useCaseList(filters: MaybeRefOrGetter<CaseFilters>, enabled: MaybeRefOrGetter<boolean> = true) {
  const query = useInfiniteQuery<CasePage, ApiError, string | null>({
    key: () => caseKeys.list(toValue(filters)),
    query: ({ pageParam, signal }) => {
      const { status, ...rest } = toValue(filters)
      return listCases({ ...(status ? { status: [status] } : {}), ...rest, limit: CASE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal)
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: CasePage) => last.nextCursor,
    enabled: () => toValue(enabled),
  })
  const cases = computed<CaseSummary[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, cases }
}

export function useCaseCounts(query: MaybeRefOrGetter<CaseCountsQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => caseKeys.counts(toValue(query)),
    query: ({ signal }) => countCases(toValue(query), signal),
    enabled: () => toValue(enabled),
  })
}

export function useCase(caseId: MaybeRefOrGetter<string>) {
  return useQuery(() => caseQuery(toValue(caseId)))
}

/** Every event of the case the caller may read, in the order it happened ("load more"). */
export function useCaseTimeline(caseId: MaybeRefOrGetter<string>) {
  const query = useInfiniteQuery<CaseEventPage, ApiError, string | null>({
    key: () => caseKeys.timeline(toValue(caseId)),
    query: ({ pageParam, signal }) => readCaseTimeline(toValue(caseId), { limit: TIMELINE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: CaseEventPage) => last.nextCursor,
  })
  const events = computed<CaseEvent[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, events }
}

/** The colleagues a case of the municipality may be assigned to (its active case managers and coordinators), by name. */
export function useAssignableCaseManagers(municipalityId: MaybeRefOrGetter<string | null>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => caseKeys.assignable(toValue(municipalityId) ?? ''),
    query: ({ signal }) => listCaseManagers(toValue(municipalityId) ?? '', signal),
    enabled: () => Boolean(toValue(municipalityId)) && toValue(enabled),
  })
}

/**
 * Overdue commitments of the caller's cases (oldest first), for the home page; `assignedTo: 'me'`
 * keeps the cases assigned to the caller (a coordinator's own, not the whole municipality's).
 */
export function useOverdueCommitments(limit: number, enabled: MaybeRefOrGetter<boolean> = true, assignedTo: MaybeRefOrGetter<'me' | null> = null) {
  return useQuery({
    key: () => caseKeys.overdueCommitments(toValue(assignedTo)),
    query: ({ signal }) => listOverdueCommitments({ limit, ...(toValue(assignedTo) ? { assignedTo: 'me' } : {}) }, signal),
    enabled: () => toValue(enabled),
  })
}

/** Planned meetings of the caller's cases (or of those assigned to them): overdue ones first, then from today on. */
export function useUpcomingMeetings(limit: number, enabled: MaybeRefOrGetter<boolean> = true, assignedTo: MaybeRefOrGetter<'me' | null> = null) {
  return useQuery({
    key: () => caseKeys.upcomingMeetings(toValue(assignedTo)),
    query: ({ signal }) => listUpcomingMeetings({ limit, ...(toValue(assignedTo) ? { assignedTo: 'me' } : {}) }, signal),
    enabled: () => toValue(enabled),
  })
}

/** The team's caseload of a municipality (open cases per case manager), for its coordinators. */
export function useTeamCaseload(municipalityId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => caseKeys.team(toValue(municipalityId)),
    query: ({ signal }) => readCaseload(toValue(municipalityId), signal),
    enabled: () => toValue(enabled),
  })
}

/**
 * Keeps the case just answered by a mutation, and marks everything else about cases stale — and
 * persons too: who may read a person's sensitive section follows who manages their cases.
 */
function useCaseChanged() {
  const cache = useQueryCache()
  return (saved: Case | undefined) => {
    if (saved) cache.setQueryData(caseKeys.detail(saved.id), saved)
    void cache.invalidateQueries({ key: caseKeys.root })
    void cache.invalidateQueries({ key: personKeys.root })
  }
}

export function useOpenCase() {
  const changed = useCaseChanged()
  return useMutation({
    mutation: ({ body, idempotencyKey }: { body: CaseCreate; idempotencyKey: string }) => openCase(body, idempotencyKey),
    onSettled: (saved) => changed(saved),
  })
}

export function useTransitionCase() {
  const changed = useCaseChanged()
  return useMutation({
    mutation: ({ caseId, body, version, idempotencyKey }: { caseId: string; body: CaseTransitionRequest; version: number; idempotencyKey: string }) =>
      transitionCase(caseId, body, version, idempotencyKey),
    onSettled: (saved) => changed(saved),
  })
}

export function useReassignCase() {
  const changed = useCaseChanged()
  return useMutation({
    mutation: ({ caseId, body, version, idempotencyKey }: { caseId: string; body: CaseReassignRequest; version: number; idempotencyKey: string }) =>
      reassignCase(caseId, body, version, idempotencyKey),
    onSettled: (saved) => changed(saved),
  })
}

export function useReopenCase() {
  const changed = useCaseChanged()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: CaseReopenRequest; idempotencyKey: string }) => reopenCase(caseId, body, idempotencyKey),
    onSettled: (saved) => changed(saved),
  })
}

/** Reads a case once (after a 412, to reload the current version). */
export function useFetchCase() {
  const cache = useQueryCache()
  return async (caseId: string): Promise<Case> => {
    const fresh = await readCase(caseId)
    cache.setQueryData(caseKeys.detail(caseId), fresh)
    return fresh
  }
}
