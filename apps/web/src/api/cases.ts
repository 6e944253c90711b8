/**
 * Cases (cartelle): open, list, count and read them, change their status, reassign and reopen them,
 * their timeline and the colleagues they may be assigned to; and the caseload of the home page
 * (overdue commitments, upcoming meetings of the cases the caller works).
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const openCase = (body: BodyOf<'openCase'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const listCases = (query: QueryOf<'listCases'> = {}, signal?: AbortSignal) => dataOf(api.GET('/cases', { params: { query }, signal }))

export const countCases = (query: QueryOf<'countCases'> = {}, signal?: AbortSignal) => dataOf(api.GET('/cases/counts', { params: { query }, signal }))

export { readCase } from './case-detail'

/** A status change of the version read (If-Match); 409 when the diagram forbids it, 412 when stale. */
export const transitionCase = (caseId: string, body: BodyOf<'transitionCase'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/transitions', { params: { path: { caseId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const reassignCase = (caseId: string, body: BodyOf<'reassignCase'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/assignment', { params: { path: { caseId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

/** Reopens a closed case: answers the new episode. */
export const reopenCase = (caseId: string, body: BodyOf<'reopenCase'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/reopen', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readCaseTimeline = (caseId: string, query: QueryOf<'readCaseTimeline'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/timeline', { params: { path: { caseId }, query }, signal }))

/** The colleagues a case of the municipality may be assigned to (for its coordinators and case managers). */
export const listCaseManagers = (organisationId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/case-managers', { params: { path: { organisationId } }, signal }))

/** The team's caseload of the municipality: open cases per case manager (for its coordinators). */
export const readCaseload = (organisationId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/caseload', { params: { path: { organisationId } }, signal }))

export const listOverdueCommitments = (query: QueryOf<'listOverdueCommitments'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/commitments/overdue', { params: { query }, signal }))

export const listUpcomingMeetings = (query: QueryOf<'listUpcomingMeetings'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/meetings/upcoming', { params: { query }, signal }))
