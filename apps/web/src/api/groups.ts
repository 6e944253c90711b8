/**
 * Mutual self-help groups: programmes, applications and their screening, information meetings,
 * groups and members, the session plan, sessions, attendance, outcomes, the calendar file and a
 * case's participation.
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listProgrammes = (query: QueryOf<'listProgrammes'> = {}, signal?: AbortSignal) => dataOf(api.GET('/programmes', { params: { query }, signal }))

export const readProgramme = (programmeId: string, signal?: AbortSignal) => dataOf(api.GET('/programmes/{programmeId}', { params: { path: { programmeId } }, signal }))

export const listApplications = (programmeId: string, query: QueryOf<'listGroupApplications'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/programmes/{programmeId}/applications', { params: { path: { programmeId }, query }, signal }))

export const createApplication = (programmeId: string, body: BodyOf<'createGroupApplication'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/programmes/{programmeId}/applications', { params: { path: { programmeId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const transitionApplication = (applicationId: string, body: BodyOf<'transitionGroupApplication'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/group-applications/{applicationId}/transitions', { params: { path: { applicationId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const listInformationMeetings = (programmeId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/programmes/{programmeId}/information-meetings', { params: { path: { programmeId } }, signal }))

export const createInformationMeeting = (programmeId: string, body: BodyOf<'createInformationMeeting'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/programmes/{programmeId}/information-meetings', { params: { path: { programmeId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const recordInformationMeetingAttendance = (meetingId: string, body: BodyOf<'recordInformationMeetingAttendance'>, version: number) =>
  dataOf(api.PUT('/information-meetings/{meetingId}/attendance', { params: { path: { meetingId }, header: writeHeaders({ version }) }, body }))

export const listGroups = (query: QueryOf<'listGroups'> = {}, signal?: AbortSignal) => dataOf(api.GET('/groups', { params: { query }, signal }))

export const listProgrammeGroups = (programmeId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/programmes/{programmeId}/groups', { params: { path: { programmeId }, query: { limit: 200 } }, signal }))

export const createGroup = (programmeId: string, body: BodyOf<'createGroup'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/programmes/{programmeId}/groups', { params: { path: { programmeId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readGroup = (groupId: string, signal?: AbortSignal) => dataOf(api.GET('/groups/{groupId}', { params: { path: { groupId } }, signal }))

export const updateGroup = (groupId: string, patch: BodyOf<'updateGroup'>, version: number) =>
  dataOf(api.PATCH('/groups/{groupId}', { params: { path: { groupId }, header: writeHeaders({ version }) }, body: patch }))

export const transitionGroup = (groupId: string, body: BodyOf<'transitionGroup'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/groups/{groupId}/transitions', { params: { path: { groupId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const addGroupMember = (groupId: string, body: BodyOf<'addGroupMember'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/groups/{groupId}/members', { params: { path: { groupId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const dropOutGroupMember = (memberId: string, body: BodyOf<'dropOutGroupMember'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/group-members/{memberId}/drop-out', { params: { path: { memberId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const listGroupAlerts = (signal?: AbortSignal) => dataOf(api.GET('/group-alerts', { signal }))

export const listGroupSessions = (groupId: string, signal?: AbortSignal) => dataOf(api.GET('/groups/{groupId}/sessions', { params: { path: { groupId } }, signal }))

export const planGroupSessions = (groupId: string, body: BodyOf<'planGroupSessions'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/groups/{groupId}/sessions/plan', { params: { path: { groupId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const addThematicSession = (groupId: string, body: BodyOf<'addThematicGroupSession'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/groups/{groupId}/sessions', { params: { path: { groupId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const moveGroupSession = (sessionId: string, body: BodyOf<'moveGroupSession'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/group-sessions/{sessionId}/move', { params: { path: { sessionId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const cancelGroupSession = (sessionId: string, body: BodyOf<'cancelGroupSession'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/group-sessions/{sessionId}/cancel', { params: { path: { sessionId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const updateGroupSession = (sessionId: string, patch: BodyOf<'updateGroupSession'>, version: number) =>
  dataOf(api.PATCH('/group-sessions/{sessionId}', { params: { path: { sessionId }, header: writeHeaders({ version }) }, body: patch }))

export const readSessionAttendance = (sessionId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/group-sessions/{sessionId}/attendance', { params: { path: { sessionId } }, signal }))

export const recordSessionAttendance = (sessionId: string, body: BodyOf<'recordGroupSessionAttendance'>, version: number) =>
  dataOf(api.PUT('/group-sessions/{sessionId}/attendance', { params: { path: { sessionId }, header: writeHeaders({ version }) }, body }))

export const readGroupOutcomes = (groupId: string, signal?: AbortSignal) => dataOf(api.GET('/groups/{groupId}/outcomes', { params: { path: { groupId } }, signal }))

export const recordMemberOutcome = (memberId: string, body: BodyOf<'recordGroupMemberOutcome'>, version?: number) =>
  dataOf(api.PUT('/group-members/{memberId}/outcomes', { params: { path: { memberId }, header: writeHeaders({ version }) }, body }))

export const recordMemberFollowUp = (memberId: string, months: 3 | 6 | 12, body: BodyOf<'recordGroupMemberFollowUp'>) =>
  dataOf(api.PUT('/group-members/{memberId}/follow-ups/{months}', { params: { path: { memberId, months } }, body }))

export const listFollowUpsDue = (signal?: AbortSignal) => dataOf(api.GET('/group-follow-ups', { signal }))

export const listCaseGroupParticipations = (caseId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/group-participations', { params: { path: { caseId } }, signal }))

/** The group's sessions as an iCalendar file, to save and import in a calendar app. */
export const downloadGroupCalendar = (groupId: string) => dataOf(api.GET('/groups/{groupId}/calendar.ics', { params: { path: { groupId } }, parseAs: 'blob' })) as Promise<Blob>

export const listProgrammeFacilitators = (programmeId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/programmes/{programmeId}/facilitators', { params: { path: { programmeId } }, signal }))
