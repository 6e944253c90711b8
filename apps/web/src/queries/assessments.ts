/**
 * Server state of a case's assessments: the paged list, create, update while unsigned, sign.
 * Keys live here (one tree per case: `['case-assessments', caseId, …]`), next to the calls they cache.
 */
import type { Assessment, AssessmentCreate, AssessmentPage, AssessmentPatch } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { createAssessment, listAssessments, readAssessment, signAssessment, updateAssessment } from '../api/assessments'

export const ASSESSMENT_PAGE_SIZE = 50

export const assessmentKeys = {
  root: (caseId: string) => ['case-assessments', caseId] as const,
  list: (caseId: string) => ['case-assessments', caseId, 'list'] as const,
  detail: (caseId: string, assessmentId: string) => ['case-assessments', caseId, 'detail', assessmentId] as const,
}

/** The case's assessments, the most recent first, one page at a time. */
export function useAssessmentList(caseId: MaybeRefOrGetter<string>) {
  const query = useInfiniteQuery<AssessmentPage, ApiError, string | null>({
    key: () => assessmentKeys.list(toValue(caseId)),
    query: ({ pageParam, signal }) => listAssessments(toValue(caseId), { limit: ASSESSMENT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: AssessmentPage) => last.nextCursor,
  })
  const assessments = computed<Assessment[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, assessments }
}

export function useCreateAssessment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: AssessmentCreate; idempotencyKey: string }) => createAssessment(caseId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: assessmentKeys.root(caseId) }),
  })
}

export function useUpdateAssessment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, assessmentId, patch, version }: { caseId: string; assessmentId: string; patch: AssessmentPatch; version: number }) =>
      updateAssessment(caseId, assessmentId, patch, version),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: assessmentKeys.root(caseId) }),
  })
}

export function useSignAssessment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, assessmentId, version }: { caseId: string; assessmentId: string; version: number }) => signAssessment(caseId, assessmentId, version),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: assessmentKeys.root(caseId) }),
  })
}

/** Reads an assessment once (after a 412, to reload its current version) and refreshes the list. */
export function useFetchAssessment() {
  const cache = useQueryCache()
  return async (caseId: string, assessmentId: string): Promise<Assessment> => {
    const assessment = await readAssessment(caseId, assessmentId)
    cache.setQueryData(assessmentKeys.detail(caseId, assessmentId), assessment)
    void cache.invalidateQueries({ key: assessmentKeys.list(caseId) })
    return assessment
  }
}
