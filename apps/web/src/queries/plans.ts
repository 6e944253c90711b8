/**
 * Server state of a case's plan: its versions, create, update a draft, status changes, revisions,
 * and the commitments of a version. Keys: `['case-plans', caseId, …]`, commitments under their version;
 * the coordinator's queue across cases: `['plans-awaiting-approval']`.
 */
import type { CommitmentCreate, CommitmentPatch, Plan, PlanCreate, PlanPatch, PlanTransition } from '@ponte/shared'
import { useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { toValue, type MaybeRefOrGetter } from 'vue'
import { createCommitment, createPlan, listCommitments, listPlans, listPlansAwaitingApproval, readPlan, revisePlan, transitionPlan, updateCommitment, updatePlan } from '../api/plans'

/** A case has a handful of versions and each version a few dozen commitments: one page holds them all. */
export const PLAN_LIST_LIMIT = 200

export const planKeys = {
  root: (caseId: string) => ['case-plans', caseId] as const,
  list: (caseId: string) => ['case-plans', caseId, 'list'] as const,
  detail: (caseId: string, planId: string) => ['case-plans', caseId, 'detail', planId] as const,
  commitments: (caseId: string, planId: string) => ['case-plans', caseId, 'commitments', planId] as const,
  awaitingApproval: () => ['plans-awaiting-approval'] as const,
}

/** Submitted versions of the cases the caller coordinates, the oldest submission first. */
export function usePlansAwaitingApproval(limit: number, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: planKeys.awaitingApproval(),
    query: ({ signal }) => listPlansAwaitingApproval({ limit }, signal),
    enabled: () => toValue(enabled),
  })
}

/** Every version of the case's plan, the newest first. */
export function usePlanList(caseId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => planKeys.list(toValue(caseId)),
    query: ({ signal }) => listPlans(toValue(caseId), { limit: PLAN_LIST_LIMIT }, signal),
  })
}

/** The commitments of one version, by due date. */
export function useCommitmentList(caseId: MaybeRefOrGetter<string>, planId: MaybeRefOrGetter<string | null>) {
  return useQuery({
    key: () => planKeys.commitments(toValue(caseId), toValue(planId) ?? ''),
    query: ({ signal }) => listCommitments(toValue(caseId), toValue(planId) ?? '', { limit: PLAN_LIST_LIMIT }, signal),
    enabled: () => Boolean(toValue(planId)),
  })
}

export function useCreatePlan() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: PlanCreate; idempotencyKey: string }) => createPlan(caseId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: planKeys.root(caseId) }),
  })
}

export function useUpdatePlan() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, planId, patch, version }: { caseId: string; planId: string; patch: PlanPatch; version: number }) => updatePlan(caseId, planId, patch, version),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: planKeys.root(caseId) }),
  })
}

export function useTransitionPlan() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, planId, body, version }: { caseId: string; planId: string; body: PlanTransition; version: number }) => transitionPlan(caseId, planId, body, version),
    onSettled: (_data, _error, { caseId }) => {
      void cache.invalidateQueries({ key: planKeys.awaitingApproval() })
      return cache.invalidateQueries({ key: planKeys.root(caseId) })
    },
  })
}

export function useRevisePlan() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, planId, idempotencyKey }: { caseId: string; planId: string; idempotencyKey: string }) => revisePlan(caseId, planId, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => cache.invalidateQueries({ key: planKeys.root(caseId) }),
  })
}

export function useCreateCommitment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, planId, body, idempotencyKey }: { caseId: string; planId: string; body: CommitmentCreate; idempotencyKey: string }) =>
      createCommitment(caseId, planId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId, planId }) => cache.invalidateQueries({ key: planKeys.commitments(caseId, planId) }),
  })
}

export function useUpdateCommitment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, planId, commitmentId, patch, version }: { caseId: string; planId: string; commitmentId: string; patch: CommitmentPatch; version: number }) =>
      updateCommitment(caseId, planId, commitmentId, patch, version),
    onSettled: (_data, _error, { caseId, planId }) => cache.invalidateQueries({ key: planKeys.commitments(caseId, planId) }),
  })
}

/** Reads a version once (after a 412) and refreshes the versions. */
export function useFetchPlan() {
  const cache = useQueryCache()
  return async (caseId: string, planId: string): Promise<Plan> => {
    const plan = await readPlan(caseId, planId)
    cache.setQueryData(planKeys.detail(caseId, planId), plan)
    await cache.invalidateQueries({ key: planKeys.list(caseId) })
    return plan
  }
}

/** Re-reads the commitments of a version (after a 412). */
export function useRefreshCommitments() {
  const cache = useQueryCache()
  return (caseId: string, planId: string) => cache.invalidateQueries({ key: planKeys.commitments(caseId, planId) })
}

