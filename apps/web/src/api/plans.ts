/**
 * Individual plans (progetto personalizzato) of a case: versions (list, create, read, merge-patch a
 * draft), status changes (submit, approve, return, sign) and revisions; the commitments of a version;
 * the coordinator's queue of versions awaiting approval.
 */
import type {
  Commitment,
  CommitmentCreate,
  CommitmentListQuery,
  CommitmentPage,
  CommitmentPatch,
  Plan,
  PlanAwaitingApprovalListQuery,
  PlanAwaitingApprovalPage,
  PlanCreate,
  PlanListQuery,
  PlanPage,
  PlanPatch,
  PlanTransition,
} from '@ponte/shared'
import { http, newIdempotencyKey, request } from './http'

const plansPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/plans`
const planPath = (caseId: string, planId: string) => `${plansPath(caseId)}/${encodeURIComponent(planId)}`
const commitmentsPath = (caseId: string, planId: string) => `${planPath(caseId, planId)}/commitments`

export const listPlans = (caseId: string, query: PlanListQuery = {}, signal?: AbortSignal) => http.get<PlanPage>(plansPath(caseId), { ...query }, signal)

export const createPlan = (caseId: string, body: PlanCreate, idempotencyKey?: string) => http.create<Plan>(plansPath(caseId), body, idempotencyKey)

export const readPlan = (caseId: string, planId: string, signal?: AbortSignal) => http.get<Plan>(planPath(caseId, planId), undefined, signal)

export const updatePlan = (caseId: string, planId: string, patch: PlanPatch, version: number) => http.patch<Plan>(planPath(caseId, planId), patch, version)

/** submit / approve / return / sign the version read (If-Match). */
export const transitionPlan = async (caseId: string, planId: string, body: PlanTransition, version: number) =>
  (await request<Plan>(`${planPath(caseId, planId)}/transitions`, { method: 'POST', body, ifMatch: version, idempotencyKey: newIdempotencyKey() })).data

/** The next version, in draft, copied from this one. */
export const revisePlan = (caseId: string, planId: string, idempotencyKey?: string) => http.create<Plan>(`${planPath(caseId, planId)}/revisions`, undefined, idempotencyKey)

export const listCommitments = (caseId: string, planId: string, query: CommitmentListQuery = {}, signal?: AbortSignal) =>
  http.get<CommitmentPage>(commitmentsPath(caseId, planId), { ...query }, signal)

export const createCommitment = (caseId: string, planId: string, body: CommitmentCreate, idempotencyKey?: string) =>
  http.create<Commitment>(commitmentsPath(caseId, planId), body, idempotencyKey)

export const updateCommitment = (caseId: string, planId: string, commitmentId: string, patch: CommitmentPatch, version: number) =>
  http.patch<Commitment>(`${commitmentsPath(caseId, planId)}/${encodeURIComponent(commitmentId)}`, patch, version)

/** Submitted versions of the cases the caller coordinates, the oldest submission first (empty for anyone but a coordinator). */
export const listPlansAwaitingApproval = (query: PlanAwaitingApprovalListQuery = {}, signal?: AbortSignal) =>
  http.get<PlanAwaitingApprovalPage>('/plans/awaiting-approval', { ...query }, signal)
