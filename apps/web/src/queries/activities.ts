/** Server state of mediation activities: a company's log ("load more"), the caller's next actions due; record, edit, mark a next action done. */
import type { Activity, ActivityCreate, ActivityPage, ActivityPatch } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { createCompanyActivity, listCompanyActivities, listDueActivities, updateActivity } from '../api/activities'
import type { ApiError } from '../api/http'

export const ACTIVITY_PAGE_SIZE = 20

export const activityKeys = {
  root: ['activities'] as const,
  ofCompany: (companyId: string) => ['activities', 'company', companyId] as const,
  due: (limit: number) => ['activities', 'due', limit] as const,
}

/** A company's activities, newest first. */
export function useCompanyActivities(companyId: MaybeRefOrGetter<string>) {
  const query = useInfiniteQuery<ActivityPage, ApiError, string | null>({
    key: () => activityKeys.ofCompany(toValue(companyId)),
    query: ({ pageParam, signal }) => listCompanyActivities(toValue(companyId), { limit: ACTIVITY_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ActivityPage) => last.nextCursor,
  })
  const activities = computed<Activity[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, activities }
}

/** The caller's open next actions, overdue or due within a week, soonest first (the home card). */
export function useDueActivities(limit: number, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: activityKeys.due(limit),
    query: ({ signal }) => listDueActivities({ limit, withinDays: 7 }, signal),
    enabled: () => toValue(enabled),
  })
}

export function useCreateActivity() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ companyId, body, idempotencyKey }: { companyId: string; body: ActivityCreate; idempotencyKey: string }) => createCompanyActivity(companyId, body, idempotencyKey),
    onSettled: () => void cache.invalidateQueries({ key: activityKeys.root }),
  })
}

export function useUpdateActivity() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ activity, patch }: { activity: Activity; patch: ActivityPatch }) => updateActivity(activity.id, patch, activity.version),
    onSettled: () => void cache.invalidateQueries({ key: activityKeys.root }),
  })
}
