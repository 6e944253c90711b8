/** Server state of a case's meetings: the paged list with the missed count, plan, update while planned, record what happened. Keys: `['case-meetings', caseId, …]`. */
import type { Meeting, MeetingCreate, MeetingPage, MeetingPatch, MeetingTransition } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { listMeetings, planMeeting, readMeeting, transitionMeeting, updateMeeting } from '../api/meetings'

export const MEETING_PAGE_SIZE = 50

export const meetingKeys = {
  root: (caseId: string) => ['case-meetings', caseId] as const,
  list: (caseId: string) => ['case-meetings', caseId, 'list'] as const,
  detail: (caseId: string, meetingId: string) => ['case-meetings', caseId, 'detail', meetingId] as const,
}

/** The case's meetings, the most recent first, and the case's count of missed meetings. */
export function useMeetingList(caseId: MaybeRefOrGetter<string>) {
  const query = useInfiniteQuery<MeetingPage, ApiError, string | null>({
    key: () => meetingKeys.list(toValue(caseId)),
    query: ({ pageParam, signal }) => listMeetings(toValue(caseId), { limit: MEETING_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: MeetingPage) => last.nextCursor,
  })
  const meetings = computed<Meeting[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  const missedCount = computed<number>(() => query.data.value?.pages.at(-1)?.missedCount ?? 0)
  return { ...query, meetings, missedCount }
}

export function usePlanMeeting() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: MeetingCreate; idempotencyKey: string }) => planMeeting(caseId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: meetingKeys.root(caseId) }),
  })
}

export function useUpdateMeeting() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, meetingId, patch, version }: { caseId: string; meetingId: string; patch: MeetingPatch; version: number }) => updateMeeting(caseId, meetingId, patch, version),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: meetingKeys.root(caseId) }),
  })
}

export function useTransitionMeeting() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, meetingId, body, version, idempotencyKey }: { caseId: string; meetingId: string; body: MeetingTransition; version: number; idempotencyKey?: string }) =>
      transitionMeeting(caseId, meetingId, body, version, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: meetingKeys.root(caseId) }),
  })
}

/** Reads a meeting once (after a 412) and refreshes the list. */
export function useFetchMeeting() {
  const cache = useQueryCache()
  return async (caseId: string, meetingId: string): Promise<Meeting> => {
    const meeting = await readMeeting(caseId, meetingId)
    cache.setQueryData(meetingKeys.detail(caseId, meetingId), meeting)
    void cache.invalidateQueries({ key: meetingKeys.list(caseId) })
    return meeting
  }
}
