/**
 * Server state of mutual self-help groups: programmes and their applications and information
 * meetings, groups with members, sessions and outcomes, a session's attendance, the alerts and
 * follow-ups of the home page, and a case's participation. A write reads again what it changed:
 * attendance moves the group's alerts and rates, a member moves the programme's counts.
 */
import type {
  GroupApplicationCreate,
  GroupApplicationTransitionRequest,
  GroupCreate,
  GroupDropOutRequest,
  GroupFollowUpRecord,
  GroupMemberOutcomeUpdate,
  GroupPatch,
  GroupSessionAttendanceUpdate,
  GroupSessionCancel,
  GroupSessionMove,
  GroupSessionPlanRequest,
  GroupThematicSessionCreate,
  GroupTransitionRequest,
  InformationMeetingAttendanceUpdate,
  InformationMeetingCreate,
} from '@ponte/shared'
import { useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { toValue, type MaybeRefOrGetter } from 'vue'
import * as groupsApi from '../api/groups'

export const groupKeys = {
  root: ['groups'] as const,
  programmes: () => ['groups', 'programmes'] as const,
  programme: (programmeId: string) => ['groups', 'programme', programmeId] as const,
  applications: (programmeId: string, status: string | null) => ['groups', 'programme', programmeId, 'applications', { status }] as const,
  meetings: (programmeId: string) => ['groups', 'programme', programmeId, 'meetings'] as const,
  programmeGroups: (programmeId: string) => ['groups', 'programme', programmeId, 'groups'] as const,
  mine: () => ['groups', 'mine'] as const,
  group: (groupId: string) => ['groups', 'group', groupId] as const,
  sessions: (groupId: string) => ['groups', 'group', groupId, 'sessions'] as const,
  outcomes: (groupId: string) => ['groups', 'group', groupId, 'outcomes'] as const,
  attendance: (sessionId: string) => ['groups', 'session', sessionId, 'attendance'] as const,
  alerts: () => ['groups', 'alerts'] as const,
  followUps: () => ['groups', 'follow-ups'] as const,
  ofCase: (caseId: string) => ['groups', 'case', caseId] as const,
}

export const useProgrammes = () => useQuery({ key: groupKeys.programmes(), query: ({ signal }) => groupsApi.listProgrammes({ limit: 200 }, signal) })

export const useProgramme = (programmeId: MaybeRefOrGetter<string>) =>
  useQuery({ key: () => groupKeys.programme(toValue(programmeId)), query: ({ signal }) => groupsApi.readProgramme(toValue(programmeId), signal) })

export const useApplications = (programmeId: MaybeRefOrGetter<string>, status: MaybeRefOrGetter<string | null>) =>
  useQuery({
    key: () => groupKeys.applications(toValue(programmeId), toValue(status)),
    query: ({ signal }) => {
      const s = toValue(status)
      return groupsApi.listApplications(toValue(programmeId), { limit: 200, ...(s ? { status: s as never } : {}) }, signal)
    },
  })

export const useInformationMeetings = (programmeId: MaybeRefOrGetter<string>) =>
  useQuery({ key: () => groupKeys.meetings(toValue(programmeId)), query: ({ signal }) => groupsApi.listInformationMeetings(toValue(programmeId), signal) })

export const useProgrammeFacilitators = (programmeId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean>) =>
  useQuery({ key: () => [...groupKeys.programme(toValue(programmeId)), 'facilitators'], query: ({ signal }) => groupsApi.listProgrammeFacilitators(toValue(programmeId), signal), enabled: () => toValue(enabled) })

export const useProgrammeGroups = (programmeId: MaybeRefOrGetter<string>) =>
  useQuery({ key: () => groupKeys.programmeGroups(toValue(programmeId)), query: ({ signal }) => groupsApi.listProgrammeGroups(toValue(programmeId), signal) })

/** The groups the caller sees (a facilitator: theirs), across programmes. */
export const useMyGroups = () => useQuery({ key: groupKeys.mine(), query: ({ signal }) => groupsApi.listGroups({ limit: 200 }, signal) })

export const useGroup = (groupId: MaybeRefOrGetter<string>) => useQuery({ key: () => groupKeys.group(toValue(groupId)), query: ({ signal }) => groupsApi.readGroup(toValue(groupId), signal) })

export const useGroupSessions = (groupId: MaybeRefOrGetter<string>) =>
  useQuery({ key: () => groupKeys.sessions(toValue(groupId)), query: ({ signal }) => groupsApi.listGroupSessions(toValue(groupId), signal) })

export const useGroupOutcomes = (groupId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) =>
  useQuery({ key: () => groupKeys.outcomes(toValue(groupId)), query: ({ signal }) => groupsApi.readGroupOutcomes(toValue(groupId), signal), enabled: () => toValue(enabled) })

export const useSessionAttendance = (sessionId: MaybeRefOrGetter<string>) =>
  useQuery({ key: () => groupKeys.attendance(toValue(sessionId)), query: ({ signal }) => groupsApi.readSessionAttendance(toValue(sessionId), signal) })

export const useGroupAlerts = () => useQuery({ key: groupKeys.alerts(), query: ({ signal }) => groupsApi.listGroupAlerts(signal) })

export const useFollowUpsDue = () => useQuery({ key: groupKeys.followUps(), query: ({ signal }) => groupsApi.listFollowUpsDue(signal) })

export const useCaseGroupParticipations = (caseId: MaybeRefOrGetter<string>) =>
  useQuery({ key: () => groupKeys.ofCase(toValue(caseId)), query: ({ signal }) => groupsApi.listCaseGroupParticipations(toValue(caseId), signal) })

/** After any write: everything of groups is read again when next shown (the area is small). */
function useGroupsChanged() {
  const cache = useQueryCache()
  return () => void cache.invalidateQueries({ key: groupKeys.root })
}

function useGroupsMutation<V, R>(mutation: (variables: V) => Promise<R>) {
  const changed = useGroupsChanged()
  return useMutation({ mutation, onSettled: () => changed() })
}

export const useCreateApplication = () =>
  useGroupsMutation(({ programmeId, body, idempotencyKey }: { programmeId: string; body: GroupApplicationCreate; idempotencyKey: string }) => groupsApi.createApplication(programmeId, body, idempotencyKey))

export const useTransitionApplication = () =>
  useGroupsMutation(({ applicationId, body, version, idempotencyKey }: { applicationId: string; body: GroupApplicationTransitionRequest; version: number; idempotencyKey: string }) =>
    groupsApi.transitionApplication(applicationId, body, version, idempotencyKey),
  )

export const useCreateInformationMeeting = () =>
  useGroupsMutation(({ programmeId, body, idempotencyKey }: { programmeId: string; body: InformationMeetingCreate; idempotencyKey: string }) => groupsApi.createInformationMeeting(programmeId, body, idempotencyKey))

export const useRecordInformationMeetingAttendance = () =>
  useGroupsMutation(({ meetingId, body, version }: { meetingId: string; body: InformationMeetingAttendanceUpdate; version: number }) => groupsApi.recordInformationMeetingAttendance(meetingId, body, version))

export const useCreateGroup = () =>
  useGroupsMutation(({ programmeId, body, idempotencyKey }: { programmeId: string; body: GroupCreate; idempotencyKey: string }) => groupsApi.createGroup(programmeId, body, idempotencyKey))

export const useUpdateGroup = () => useGroupsMutation(({ groupId, patch, version }: { groupId: string; patch: GroupPatch; version: number }) => groupsApi.updateGroup(groupId, patch, version))

export const useTransitionGroup = () =>
  useGroupsMutation(({ groupId, body, version, idempotencyKey }: { groupId: string; body: GroupTransitionRequest; version: number; idempotencyKey: string }) => groupsApi.transitionGroup(groupId, body, version, idempotencyKey))

export const useAddGroupMember = () =>
  useGroupsMutation(({ groupId, applicationId, idempotencyKey }: { groupId: string; applicationId: string; idempotencyKey: string }) => groupsApi.addGroupMember(groupId, { applicationId }, idempotencyKey))

export const useDropOut = () =>
  useGroupsMutation(({ memberId, body, version, idempotencyKey }: { memberId: string; body: GroupDropOutRequest; version: number; idempotencyKey: string }) => groupsApi.dropOutGroupMember(memberId, body, version, idempotencyKey))

export const usePlanSessions = () =>
  useGroupsMutation(({ groupId, body, idempotencyKey }: { groupId: string; body: GroupSessionPlanRequest; idempotencyKey: string }) => groupsApi.planGroupSessions(groupId, body, idempotencyKey))

export const useAddThematicSession = () =>
  useGroupsMutation(({ groupId, body, idempotencyKey }: { groupId: string; body: GroupThematicSessionCreate; idempotencyKey: string }) => groupsApi.addThematicSession(groupId, body, idempotencyKey))

export const useMoveSession = () =>
  useGroupsMutation(({ sessionId, body, version, idempotencyKey }: { sessionId: string; body: GroupSessionMove; version: number; idempotencyKey: string }) => groupsApi.moveGroupSession(sessionId, body, version, idempotencyKey))

export const useCancelSession = () =>
  useGroupsMutation(({ sessionId, body, version, idempotencyKey }: { sessionId: string; body: GroupSessionCancel; version: number; idempotencyKey: string }) => groupsApi.cancelGroupSession(sessionId, body, version, idempotencyKey))

export const useRecordAttendance = () =>
  useGroupsMutation(({ sessionId, body, version }: { sessionId: string; body: GroupSessionAttendanceUpdate; version: number }) => groupsApi.recordSessionAttendance(sessionId, body, version))

export const useRecordOutcome = () =>
  useGroupsMutation(({ memberId, body, version }: { memberId: string; body: GroupMemberOutcomeUpdate; version?: number }) => groupsApi.recordMemberOutcome(memberId, body, version))

export const useRecordFollowUp = () =>
  useGroupsMutation(({ memberId, months, body }: { memberId: string; months: 3 | 6 | 12; body: GroupFollowUpRecord }) => groupsApi.recordMemberFollowUp(memberId, months, body))
