/** Server state of a case's social diary: the paged list, add, edit (the author), previous texts. Keys: `['case-diary-notes', caseId, …]`. */
import type { DiaryNote, DiaryNoteCreate, DiaryNotePage, DiaryNotePatch } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { createDiaryNote, listDiaryNoteRevisions, listDiaryNotes, readDiaryNote, updateDiaryNote } from '../api/diary-notes'

export const DIARY_PAGE_SIZE = 50
const REVISIONS_LIMIT = 200

export const diaryNoteKeys = {
  root: (caseId: string) => ['case-diary-notes', caseId] as const,
  list: (caseId: string) => ['case-diary-notes', caseId, 'list'] as const,
  detail: (caseId: string, noteId: string) => ['case-diary-notes', caseId, 'detail', noteId] as const,
  revisions: (caseId: string, noteId: string) => ['case-diary-notes', caseId, 'revisions', noteId] as const,
}

/** The notes the caller may read, newest first, one page at a time. */
export function useDiaryNoteList(caseId: MaybeRefOrGetter<string>) {
  const query = useInfiniteQuery<DiaryNotePage, ApiError, string | null>({
    key: () => diaryNoteKeys.list(toValue(caseId)),
    query: ({ pageParam, signal }) => listDiaryNotes(toValue(caseId), { limit: DIARY_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: DiaryNotePage) => last.nextCursor,
  })
  const notes = computed<DiaryNote[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, notes }
}

/** The previous contents of a note, most recent first (read when the user opens them). */
export function useDiaryNoteRevisions(caseId: MaybeRefOrGetter<string>, noteId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean>) {
  return useQuery({
    key: () => diaryNoteKeys.revisions(toValue(caseId), toValue(noteId)),
    query: ({ signal }) => listDiaryNoteRevisions(toValue(caseId), toValue(noteId), { limit: REVISIONS_LIMIT }, signal),
    enabled: () => toValue(enabled),
  })
}

export function useCreateDiaryNote() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: DiaryNoteCreate; idempotencyKey: string }) => createDiaryNote(caseId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: diaryNoteKeys.root(caseId) }),
  })
}

export function useUpdateDiaryNote() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, noteId, patch, version }: { caseId: string; noteId: string; patch: DiaryNotePatch; version: number }) => updateDiaryNote(caseId, noteId, patch, version),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: diaryNoteKeys.root(caseId) }),
  })
}

/** Reads a note once (after a 412) and refreshes the list. */
export function useFetchDiaryNote() {
  const cache = useQueryCache()
  return async (caseId: string, noteId: string): Promise<DiaryNote> => {
    const note = await readDiaryNote(caseId, noteId)
    cache.setQueryData(diaryNoteKeys.detail(caseId, noteId), note)
    void cache.invalidateQueries({ key: diaryNoteKeys.root(caseId) })
    return note
  }
}
