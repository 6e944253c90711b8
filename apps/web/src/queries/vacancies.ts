/**
 * Server state of vacancies and their pipeline: a company's vacancies, one vacancy, its matches,
 * a case's candidacies; publish, update, close/reopen, propose a person, move a match. A move
 * changes the vacancy too (positions filled, status), so both are read again.
 */
import type { Match, MatchCreate, MatchPage, MatchTransitionRequest, Vacancy, VacancyCreate, VacancyPage, VacancyPatch, VacancyStatus, VacancyTransitionRequest } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { createMatch, listCaseMatches, listVacancyMatches, transitionMatch } from '../api/matches'
import { createVacancy, listVacancies, readVacancy, transitionVacancy, updateVacancy } from '../api/vacancies'
import { companyKeys } from './companies'

export const VACANCY_PAGE_SIZE = 25

/** The filters of the vacancy list (`q` stays in memory, never in the URL). */
export interface VacancyFilters {
  q?: string | undefined
  status?: VacancyStatus[] | undefined
}

export const vacancyKeys = {
  root: ['vacancies'] as const,
  list: (filters: VacancyFilters) => ['vacancies', 'list', { q: filters.q ?? null, status: filters.status?.join(',') ?? null }] as const,
  open: (q: string | null) => ['vacancies', 'open', { q }] as const,
  ofCompany: (companyId: string) => ['vacancies', 'company', companyId] as const,
  detail: (vacancyId: string) => ['vacancies', 'detail', vacancyId] as const,
}

export const matchKeys = {
  root: ['matches'] as const,
  ofVacancy: (vacancyId: string) => ['matches', 'vacancy', vacancyId] as const,
  ofCase: (caseId: string) => ['matches', 'case', caseId] as const,
}

/** The vacancies of the caller's circle matching the filters, newest first, one page at a time. */
export function useVacancyList(filters: MaybeRefOrGetter<VacancyFilters>) {
  const query = useInfiniteQuery<VacancyPage, ApiError, string | null>({
    key: () => vacancyKeys.list(toValue(filters)),
    query: ({ pageParam, signal }) => {
      const { q, status } = toValue(filters)
      return listVacancies({ ...(q ? { q } : {}), ...(status?.length ? { status } : {}), limit: VACANCY_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal)
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: VacancyPage) => last.nextCursor,
  })
  const vacancies = computed<Vacancy[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, vacancies }
}

/** Every vacancy of a company (newest first; up to 200, as a company page shows them). */
export function useCompanyVacancies(companyId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => vacancyKeys.ofCompany(toValue(companyId)),
    query: ({ signal }) => listVacancies({ companyId: toValue(companyId), limit: 200 }, signal),
  })
}

/** Open vacancies of the caller's circle whose title or company matches `q` (newest first, up to 50): where a person may be proposed. */
export function useOpenVacancies(q: MaybeRefOrGetter<string | null>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => vacancyKeys.open(toValue(q)),
    query: ({ signal }) => {
      const text = toValue(q)
      return listVacancies({ status: ['open'], limit: 50, ...(text ? { q: text } : {}) }, signal)
    },
    enabled: () => toValue(enabled),
  })
}

export function useVacancy(vacancyId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => vacancyKeys.detail(toValue(vacancyId)),
    query: ({ signal }) => readVacancy(toValue(vacancyId), signal),
  })
}

/** The candidates of a vacancy the caller may see (their case is visible to them), oldest first. */
export function useVacancyMatches(vacancyId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => matchKeys.ofVacancy(toValue(vacancyId)),
    query: ({ signal }) => listVacancyMatches(toValue(vacancyId), { limit: 200 }, signal),
  })
}

/** Where the person of a case has been proposed. */
export function useCaseMatches(caseId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => matchKeys.ofCase(toValue(caseId)),
    query: ({ signal }) => listCaseMatches(toValue(caseId), { limit: 200 }, signal),
  })
}

function useVacancyChanged() {
  const cache = useQueryCache()
  return (saved: Vacancy | undefined, vacancyId?: string) => {
    if (saved) cache.setQueryData(vacancyKeys.detail(saved.id), saved)
    else if (vacancyId) void cache.invalidateQueries({ key: vacancyKeys.detail(vacancyId) })
    void cache.invalidateQueries({ key: ['vacancies', 'company'] })
    void cache.invalidateQueries({ key: ['vacancies', 'list'] })
    void cache.invalidateQueries({ key: ['vacancies', 'open'] })
    // The company's count of open vacancies follows.
    void cache.invalidateQueries({ key: companyKeys.root })
  }
}

export function useCreateVacancy() {
  const changed = useVacancyChanged()
  return useMutation({
    mutation: ({ body, idempotencyKey }: { body: VacancyCreate; idempotencyKey: string }) => createVacancy(body, idempotencyKey),
    onSettled: (saved) => changed(saved),
  })
}

export function useUpdateVacancy() {
  const changed = useVacancyChanged()
  return useMutation({
    mutation: ({ vacancyId, patch, version }: { vacancyId: string; patch: VacancyPatch; version: number }) => updateVacancy(vacancyId, patch, version),
    onSettled: (saved, _error, { vacancyId }) => changed(saved, vacancyId),
  })
}

export function useTransitionVacancy() {
  const changed = useVacancyChanged()
  return useMutation({
    mutation: ({ vacancyId, body, version, idempotencyKey }: { vacancyId: string; body: VacancyTransitionRequest; version: number; idempotencyKey: string }) =>
      transitionVacancy(vacancyId, body, version, idempotencyKey),
    onSettled: (saved, _error, { vacancyId }) => changed(saved, vacancyId),
  })
}

/** A match proposed or moved: the pipeline, the case's candidacies and the vacancy (counts, positions filled, status) are read again. */
function useMatchChanged() {
  const cache = useQueryCache()
  return (vacancyId: string) => {
    void cache.invalidateQueries({ key: matchKeys.root })
    void cache.invalidateQueries({ key: vacancyKeys.root })
    void cache.invalidateQueries({ key: companyKeys.root })
    void cache.invalidateQueries({ key: vacancyKeys.detail(vacancyId) })
  }
}

export function useCreateMatch() {
  const changed = useMatchChanged()
  return useMutation({
    mutation: ({ vacancyId, body, idempotencyKey }: { vacancyId: string; body: MatchCreate; idempotencyKey: string }) => createMatch(vacancyId, body, idempotencyKey),
    onSettled: (_saved, _error, { vacancyId }) => changed(vacancyId),
  })
}

export function useTransitionMatch() {
  const changed = useMatchChanged()
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ match, body, idempotencyKey }: { match: Match; body: MatchTransitionRequest; idempotencyKey: string }) => transitionMatch(match.id, body, match.version, idempotencyKey),
    // The card moves to its new column at once (the pipeline is read again behind it).
    onSuccess: (saved) => {
      const key = matchKeys.ofVacancy(saved.vacancy.id)
      const current = cache.getQueryData<MatchPage>(key)
      if (current) cache.setQueryData(key, { ...current, items: current.items.map((m) => (m.id === saved.id ? saved : m)) })
    },
    onSettled: (_saved, _error, { match }) => changed(match.vacancy.id),
  })
}
