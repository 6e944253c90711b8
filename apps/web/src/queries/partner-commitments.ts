/**
 * Server state of partner commitments: a case's (the partner's tab), the partner's to-do list across
 * cases (home), a commitment's progress notes (partner tab and plan tab), the status update and a
 * new note. Keys: `['partner-commitments', …]`; a write refreshes them and the plan's commitments.
 */
import type { CommitmentPatch, CommitmentProgressNoteCreate, CommitmentStatus } from '@ponte/shared'
import { useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { toValue, type MaybeRefOrGetter } from 'vue'
import { createProgressNote, listCasePartnerCommitments, listPartnerCommitments, listProgressNotes, updateCaseCommitment } from '../api/partner-commitments'

/** A case has a handful of partner commitments, a commitment a handful of notes: one page holds them. */
const LIMIT = 200

export const partnerCommitmentKeys = {
  root: ['partner-commitments'] as const,
  ofCase: (caseId: string) => ['partner-commitments', 'case', caseId] as const,
  todo: (filter: { dueBefore?: string; statuses: CommitmentStatus[]; limit: number }) => ['partner-commitments', 'todo', filter] as const,
  notes: (caseId: string, commitmentId: string) => ['partner-commitments', 'notes', caseId, commitmentId] as const,
}

/** The partner commitments of a case's plan in force (a partner sees its own). */
export function useCasePartnerCommitments(caseId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => partnerCommitmentKeys.ofCase(toValue(caseId)),
    query: ({ signal }) => listCasePartnerCommitments(toValue(caseId), { limit: LIMIT }, signal),
  })
}

/** The partner's commitments still to do across its referred cases, by due date (`dueBefore`: only those due before that day). */
export function usePartnerTodo(filter: MaybeRefOrGetter<{ dueBefore?: string; limit: number }>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => partnerCommitmentKeys.todo({ ...toValue(filter), statuses: ['open', 'rescheduled'] }),
    query: ({ signal }) => {
      const { dueBefore, limit } = toValue(filter)
      return listPartnerCommitments({ status: ['open', 'rescheduled'], limit, ...(dueBefore ? { dueBefore } : {}) }, signal)
    },
    enabled: () => toValue(enabled),
  })
}

/** The progress notes of a commitment, newest first (read when shown). */
export function useProgressNotes(caseId: MaybeRefOrGetter<string>, commitmentId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => partnerCommitmentKeys.notes(toValue(caseId), toValue(commitmentId)),
    query: ({ signal }) => listProgressNotes(toValue(caseId), toValue(commitmentId), { limit: LIMIT }, signal),
    enabled: () => toValue(enabled),
  })
}

function useRefreshAfterWrite() {
  const cache = useQueryCache()
  return (caseId: string) => {
    void cache.invalidateQueries({ key: partnerCommitmentKeys.root })
    // The plan tab shows the same commitments (status, note count).
    void cache.invalidateQueries({ key: ['case-plans', caseId] })
  }
}

export function useUpdatePartnerCommitment() {
  const refresh = useRefreshAfterWrite()
  return useMutation({
    mutation: ({ caseId, commitmentId, patch, version }: { caseId: string; commitmentId: string; patch: CommitmentPatch; version: number }) => updateCaseCommitment(caseId, commitmentId, patch, version),
    onSettled: (_data, _error, { caseId }) => refresh(caseId),
  })
}

export function useCreateProgressNote() {
  const refresh = useRefreshAfterWrite()
  return useMutation({
    mutation: ({ caseId, commitmentId, body, idempotencyKey }: { caseId: string; commitmentId: string; body: CommitmentProgressNoteCreate; idempotencyKey: string }) =>
      createProgressNote(caseId, commitmentId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => refresh(caseId),
  })
}

/** Re-reads a case's partner commitments (after a 412). */
export function useRefreshCasePartnerCommitments() {
  const cache = useQueryCache()
  return (caseId: string) => cache.invalidateQueries({ key: partnerCommitmentKeys.ofCase(caseId) })
}
