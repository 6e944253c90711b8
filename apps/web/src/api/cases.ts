/**
 * Cases (cartelle): open, list, count and read them, change their status, reassign and reopen them,
 * their timeline and the colleagues they may be assigned to; and the caseload of the home page
 * (overdue commitments, upcoming meetings of the cases the caller works).
 */
import type {
  Case,
  CaseCounts,
  CaseCountsQuery,
  CaseCreate,
  CaseEventPage,
  CaseListQuery,
  CaseManagerPage,
  CasePage,
  CaseReassignRequest,
  CaseReopenRequest,
  CaseStatus,
  CaseTimelineQuery,
  CaseTransitionRequest,
  OverdueCommitmentListQuery,
  OverdueCommitmentPage,
  UpcomingMeetingPage,
  UpcomingMeetingQuery,
} from '@ponte/shared'
import { http, newIdempotencyKey, request } from './http'

const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`

export const openCase = (body: CaseCreate, idempotencyKey?: string) => http.create<Case>('/cases', body, idempotencyKey)

/** The list's query as the web app sends it: one status at a time (the API accepts the parameter repeated). */
export type CaseListParams = Omit<CaseListQuery, 'status'> & { status?: CaseStatus | undefined }

export const listCases = (query: CaseListParams = {}, signal?: AbortSignal) => http.get<CasePage>('/cases', { ...query }, signal)

export const countCases = (query: CaseCountsQuery = {}, signal?: AbortSignal) => http.get<CaseCounts>('/cases/counts', { ...query }, signal)

export const readCase = (caseId: string, signal?: AbortSignal) => http.get<Case>(casePath(caseId), undefined, signal)

/** A status change of the version read (If-Match); 409 when the diagram forbids it, 412 when stale. */
export const transitionCase = async (caseId: string, body: CaseTransitionRequest, version: number, idempotencyKey: string = newIdempotencyKey()) =>
  (await request<Case>(`${casePath(caseId)}/transitions`, { method: 'POST', body, ifMatch: version, idempotencyKey })).data

export const reassignCase = async (caseId: string, body: CaseReassignRequest, version: number, idempotencyKey: string = newIdempotencyKey()) =>
  (await request<Case>(`${casePath(caseId)}/assignment`, { method: 'POST', body, ifMatch: version, idempotencyKey })).data

/** Reopens a closed case: answers the new episode. */
export const reopenCase = (caseId: string, body: CaseReopenRequest, idempotencyKey?: string) => http.create<Case>(`${casePath(caseId)}/reopen`, body, idempotencyKey)

export const readCaseTimeline = (caseId: string, query: CaseTimelineQuery = {}, signal?: AbortSignal) =>
  http.get<CaseEventPage>(`${casePath(caseId)}/timeline`, { ...query }, signal)

/** The colleagues a case of the municipality may be assigned to (for its coordinators and case managers). */
export const listCaseManagers = (municipalityId: string, signal?: AbortSignal) =>
  http.get<CaseManagerPage>(`/organisations/${encodeURIComponent(municipalityId)}/case-managers`, undefined, signal)

export const listOverdueCommitments = (query: OverdueCommitmentListQuery = {}, signal?: AbortSignal) =>
  http.get<OverdueCommitmentPage>('/commitments/overdue', { ...query }, signal)

export const listUpcomingMeetings = (query: UpcomingMeetingQuery = {}, signal?: AbortSignal) =>
  http.get<UpcomingMeetingPage>('/meetings/upcoming', { ...query }, signal)
