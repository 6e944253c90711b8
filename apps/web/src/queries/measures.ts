/**
 * Server state of work measures: the measures of a case, the cooperative's list, one measure, its
 * attendance, tutoring sessions and payments, the follow-ups due; mutations put what the API
 * answered in the cache and invalidate what they changed. Keys: `['measures', …]`,
 * `['measure-attendance', measureId]`, `['measure-sessions', measureId]`,
 * `['measure-payments', measureId]`, `['follow-ups-due', …]`.
 */
import type {
  FollowUpDuePage,
  FollowUpRecord,
  Measure,
  MeasureAttendanceUpdate,
  MeasureCreate,
  MeasureExtensionRequest,
  MeasureKind,
  MeasurePatch,
  MeasureStatus,
  MeasureSummary,
  MeasureSummaryPage,
  MeasureTransitionRequest,
  TutoringSessionCreate,
  WorkGrantPaymentCreate,
} from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import {
  createMeasure,
  createTutoringSession,
  createWorkGrantPayment,
  extendMeasure,
  listCaseMeasures,
  listDueFollowUps,
  listMeasures,
  listTutoringSessions,
  listWorkGrantPayments,
  readMeasure,
  readMeasureAttendance,
  recordFollowUp,
  recordMeasureAttendance,
  transitionMeasure,
  updateMeasure,
} from '../api/measures'

export const MEASURE_PAGE_SIZE = 25
const FOLLOW_UP_PAGE_SIZE = 50

export interface MeasureFilters {
  kind?: MeasureKind[] | undefined
  status?: MeasureStatus[] | undefined
  hostCompanyId?: string | undefined
  promoterTutorId?: string | undefined
  endingBefore?: string | undefined
  attendanceMissing?: boolean | undefined
}

export const measureKeys = {
  root: ['measures'] as const,
  list: (filters: MeasureFilters) =>
    [
      'measures',
      'list',
      {
        kind: filters.kind ?? null,
        status: filters.status ?? null,
        hostCompanyId: filters.hostCompanyId ?? null,
        promoterTutorId: filters.promoterTutorId ?? null,
        endingBefore: filters.endingBefore ?? null,
        attendanceMissing: filters.attendanceMissing ?? null,
      },
    ] as const,
  ofCase: (caseId: string) => ['measures', 'case', caseId] as const,
  detail: (measureId: string) => ['measures', 'detail', measureId] as const,
  attendance: (measureId: string) => ['measure-attendance', measureId] as const,
  sessions: (measureId: string) => ['measure-sessions', measureId] as const,
  payments: (measureId: string) => ['measure-payments', measureId] as const,
  followUpsDue: ['follow-ups-due'] as const,
  followUpsDueList: (withinDays: number) => ['follow-ups-due', withinDays] as const,
}

// ---- lists

/** The measures of a case the user may see, newest first (a case has few: one answer). */
export function useCaseMeasures(caseId: MaybeRefOrGetter<string>) {
  const query = useQuery({
    key: () => measureKeys.ofCase(toValue(caseId)),
    query: ({ signal }) => listCaseMeasures(toValue(caseId), signal),
  })
  const measures = computed<Measure[]>(() => query.data.value?.items ?? [])
  return { ...query, measures }
}

/** The measures the user's organisation sees, newest first, one page at a time. */
export function useMeasureList(filters: MaybeRefOrGetter<MeasureFilters>, enabled: MaybeRefOrGetter<boolean> = true) {
  const query = useInfiniteQuery<MeasureSummaryPage, ApiError, string | null>({
    key: () => measureKeys.list(toValue(filters)),
    query: ({ pageParam, signal }) => {
      const f = toValue(filters)
      return listMeasures(
        {
          ...(f.kind && f.kind.length > 0 ? { kind: f.kind } : {}),
          ...(f.status && f.status.length > 0 ? { status: f.status } : {}),
          ...(f.hostCompanyId ? { hostCompanyId: f.hostCompanyId } : {}),
          ...(f.promoterTutorId ? { promoterTutorId: f.promoterTutorId } : {}),
          ...(f.endingBefore ? { endingBefore: f.endingBefore } : {}),
          ...(f.attendanceMissing ? { attendanceMissing: true } : {}),
          limit: MEASURE_PAGE_SIZE,
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        signal,
      )
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: MeasureSummaryPage) => last.nextCursor,
    enabled: () => toValue(enabled),
  })
  const measures = computed<MeasureSummary[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, measures }
}

/** The follow-ups not recorded, due within `withinDays` or overdue (overdue first). */
export function useDueFollowUps(withinDays: MaybeRefOrGetter<number> = 14, enabled: MaybeRefOrGetter<boolean> = true) {
  const query = useInfiniteQuery<FollowUpDuePage, ApiError, string | null>({
    key: () => measureKeys.followUpsDueList(toValue(withinDays)),
    query: ({ pageParam, signal }) => listDueFollowUps({ withinDays: toValue(withinDays), limit: FOLLOW_UP_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: FollowUpDuePage) => last.nextCursor,
    enabled: () => toValue(enabled),
  })
  const followUps = computed(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, followUps }
}

// ---- one measure

export function useMeasure(measureId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => measureKeys.detail(toValue(measureId)),
    query: ({ signal }) => readMeasure(toValue(measureId), signal),
  })
}

/** Reads a measure again (after a 412) and puts it in the cache. */
export function useFetchMeasure() {
  const cache = useQueryCache()
  return async (measureId: string) => {
    const measure = await readMeasure(measureId)
    cache.setQueryData(measureKeys.detail(measureId), measure)
    return measure
  }
}

/** A changed measure: cache the answer, refresh the lists it appears in. */
function afterMeasureChange(cache: ReturnType<typeof useQueryCache>, measure: Measure | undefined) {
  if (measure) cache.setQueryData(measureKeys.detail(measure.id), measure)
  void cache.invalidateQueries({ key: ['measures', 'case'] })
  void cache.invalidateQueries({ key: ['measures', 'list'] })
  void cache.invalidateQueries({ key: measureKeys.followUpsDue })
}

export function useCreateMeasure() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: MeasureCreate; idempotencyKey: string }) => createMeasure(caseId, body, idempotencyKey),
    onSuccess: (measure) => afterMeasureChange(cache, measure),
  })
}

export function useUpdateMeasure() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ measureId, patch, version }: { measureId: string; patch: MeasurePatch; version: number }) => updateMeasure(measureId, patch, version),
    onSuccess: (measure) => afterMeasureChange(cache, measure),
  })
}

export function useTransitionMeasure() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ measureId, body, version, idempotencyKey }: { measureId: string; body: MeasureTransitionRequest; version: number; idempotencyKey: string }) =>
      transitionMeasure(measureId, body, version, idempotencyKey),
    onSuccess: (measure) => {
      afterMeasureChange(cache, measure)
      void cache.invalidateQueries({ key: measureKeys.attendance(measure.id) })
    },
  })
}

export function useExtendMeasure() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ measureId, body, version, idempotencyKey }: { measureId: string; body: MeasureExtensionRequest; version: number; idempotencyKey: string }) =>
      extendMeasure(measureId, body, version, idempotencyKey),
    onSuccess: (measure) => {
      afterMeasureChange(cache, measure)
      void cache.invalidateQueries({ key: measureKeys.attendance(measure.id) })
    },
  })
}

// ---- attendance

export function useMeasureAttendance(measureId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => measureKeys.attendance(toValue(measureId)),
    query: ({ signal }) => readMeasureAttendance(toValue(measureId), signal),
    enabled: () => toValue(enabled),
  })
}

/** Records one month (with its version when it was already recorded), then reads the attendance again. */
export function useRecordMeasureAttendance() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ measureId, month, body, version }: { measureId: string; month: string; body: MeasureAttendanceUpdate; version: number | null }) =>
      recordMeasureAttendance(measureId, month, body, version),
    onSettled: (_data, _error, { measureId }) => {
      void cache.invalidateQueries({ key: measureKeys.attendance(measureId) })
      void cache.invalidateQueries({ key: ['measures', 'list'] })
    },
  })
}

// ---- tutoring sessions, payments, follow-ups

export function useTutoringSessions(measureId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => measureKeys.sessions(toValue(measureId)),
    query: ({ signal }) => listTutoringSessions(toValue(measureId), signal),
    enabled: () => toValue(enabled),
  })
}

export function useCreateTutoringSession() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ measureId, body, idempotencyKey }: { measureId: string; body: TutoringSessionCreate; idempotencyKey: string }) => createTutoringSession(measureId, body, idempotencyKey),
    onSettled: (_data, _error, { measureId }) => {
      void cache.invalidateQueries({ key: measureKeys.sessions(measureId) })
      void cache.invalidateQueries({ key: measureKeys.detail(measureId) })
    },
  })
}

export function useWorkGrantPayments(measureId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => measureKeys.payments(toValue(measureId)),
    query: ({ signal }) => listWorkGrantPayments(toValue(measureId), signal),
    enabled: () => toValue(enabled),
  })
}

export function useCreateWorkGrantPayment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ measureId, body, idempotencyKey }: { measureId: string; body: WorkGrantPaymentCreate; idempotencyKey: string }) => createWorkGrantPayment(measureId, body, idempotencyKey),
    onSettled: (_data, _error, { measureId }) => {
      void cache.invalidateQueries({ key: measureKeys.payments(measureId) })
      void cache.invalidateQueries({ key: measureKeys.detail(measureId) })
    },
  })
}

export function useRecordFollowUp() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ measureId, followUpId, body, version }: { measureId: string; followUpId: string; body: FollowUpRecord; version: number }) => recordFollowUp(measureId, followUpId, body, version),
    onSettled: (_data, _error, { measureId }) => {
      void cache.invalidateQueries({ key: measureKeys.detail(measureId) })
      void cache.invalidateQueries({ key: measureKeys.followUpsDue })
      void cache.invalidateQueries({ key: ['measures', 'list'] })
    },
  })
}
