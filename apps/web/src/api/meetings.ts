/** Meetings (incontri) of a case: list with the missed count, plan, read, merge-patch while planned, record what happened. */
import type { Meeting, MeetingCreate, MeetingListQuery, MeetingPage, MeetingPatch, MeetingTransition } from '@ponte/shared'
import { http, newIdempotencyKey, request } from './http'

const meetingsPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/meetings`
const meetingPath = (caseId: string, meetingId: string) => `${meetingsPath(caseId)}/${encodeURIComponent(meetingId)}`

export const listMeetings = (caseId: string, query: MeetingListQuery = {}, signal?: AbortSignal) => http.get<MeetingPage>(meetingsPath(caseId), { ...query }, signal)

export const planMeeting = (caseId: string, body: MeetingCreate, idempotencyKey?: string) => http.create<Meeting>(meetingsPath(caseId), body, idempotencyKey)

export const readMeeting = (caseId: string, meetingId: string, signal?: AbortSignal) => http.get<Meeting>(meetingPath(caseId, meetingId), undefined, signal)

export const updateMeeting = (caseId: string, meetingId: string, patch: MeetingPatch, version: number) => http.patch<Meeting>(meetingPath(caseId, meetingId), patch, version)

/** held (outcome, evaluation) / missed (note) / cancelled (reason), from the version read (If-Match). */
export const transitionMeeting = async (caseId: string, meetingId: string, body: MeetingTransition, version: number) =>
  (await request<Meeting>(`${meetingPath(caseId, meetingId)}/transitions`, { method: 'POST', body, ifMatch: version, idempotencyKey: newIdempotencyKey() })).data
