/** Meetings (incontri) of a case: list with the missed count, plan, read, merge-patch while planned, record what happened. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listMeetings = (caseId: string, query: QueryOf<'listMeetings'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/meetings', { params: { path: { caseId }, query }, signal }))

export const planMeeting = (caseId: string, body: BodyOf<'planMeeting'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/meetings', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readMeeting = (caseId: string, meetingId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/meetings/{meetingId}', { params: { path: { caseId, meetingId } }, signal }))

export const updateMeeting = (caseId: string, meetingId: string, patch: BodyOf<'updateMeeting'>, version: number) =>
  dataOf(api.PATCH('/cases/{caseId}/meetings/{meetingId}', { params: { path: { caseId, meetingId }, header: writeHeaders({ version }) }, body: patch }))

/** held (outcome, evaluation) / missed (note) / cancelled (reason), from the version read (If-Match). */
export const transitionMeeting = (caseId: string, meetingId: string, body: BodyOf<'transitionMeeting'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/meetings/{meetingId}/transitions', { params: { path: { caseId, meetingId }, header: writeHeaders({ version, idempotencyKey }) }, body }))
