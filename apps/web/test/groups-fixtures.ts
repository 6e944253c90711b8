/** Fixtures of the self-help groups area, as the API answers them. */
import type { Group, GroupSession, GroupSessionAttendance, Programme } from '@ponte/shared'

export const GROUP_ID = '00000000-0000-7000-8000-0000000000a1'
export const SESSION_ID = '00000000-0000-7000-8000-0000000000b1'
export const MEMBERS = [
  { memberId: '00000000-0000-7000-8000-0000000000c1', givenName: 'Fabio', familyName: 'Gerosa' },
  { memberId: '00000000-0000-7000-8000-0000000000c2', givenName: 'Daniela', familyName: 'Mauri' },
]

export function sessionOf(overrides: Partial<GroupSession> = {}): GroupSession {
  return {
    id: SESSION_ID,
    groupId: GROUP_ID,
    kind: 'talk',
    number: 8,
    topic: null,
    date: '2026-11-24',
    startTime: '17:30',
    durationMinutes: 120,
    place: 'Sala civica, Via Roma 15, Valmadrera',
    status: 'planned',
    movedFrom: null,
    changeReason: null,
    themes: [],
    attendance: { present: 0, absentJustified: 0, absentUnjustified: 0 },
    version: 3,
    ...overrides,
  }
}

export function attendanceOf(overrides: Partial<GroupSessionAttendance> = {}): GroupSessionAttendance {
  return { session: sessionOf(), entries: MEMBERS.map((m) => ({ ...m, status: null })), alerts: [], ...overrides }
}

export function groupOf(overrides: Partial<Group> = {}): Group {
  return {
    id: GROUP_ID,
    programme: { id: '00000000-0000-7000-8000-0000000000d1', name: 'Valoriamo' },
    name: 'Gruppo del martedì',
    capacity: 16,
    cohort: 'closed',
    status: 'running',
    requestedTopics: ['cv_and_cover_letter'],
    facilitators: [{ user: { id: 'user-1', name: 'Davide Gilardi' }, organisation: { id: 'org-coop', name: 'Cooperativa Lavoro' }, lead: true }],
    members: [],
    activeMembers: 2,
    alerts: [],
    nextSession: null,
    talkSessionsPlanned: 16,
    allowedTransitions: ['completed'],
    permissions: ['update', 'manageMembers', 'planSessions', 'transition', 'recordAttendance', 'recordOutcomes'],
    version: 5,
    createdAt: '2026-09-01T08:00:00.000Z',
    updatedAt: '2026-09-01T08:00:00.000Z',
    ...overrides,
  }
}

export const PROGRAMME_ID = '00000000-0000-7000-8000-0000000000d1'

export function programmeOf(overrides: Partial<Programme> = {}): Programme {
  return {
    id: PROGRAMME_ID,
    ownerMunicipality: { id: '00000000-0000-7000-8000-000000000001', name: 'Comune di Valmadrera' },
    name: 'Valoriamo',
    coveredMunicipalities: ['Valmadrera', 'Malgrate'],
    partnerOrganisations: [{ id: 'org-coop', name: 'Cooperativa Lavoro' }],
    funder: 'Fondazione Comunitaria del Lecchese',
    periodStart: '2026-09-01',
    periodEnd: '2027-06-30',
    localClosures: [],
    applicationCounts: { received: 0, interview_scheduled: 0, admitted: 0, waiting_list: 0, not_admitted: 0, withdrawn: 0 },
    groupsCount: 0,
    permissions: ['createApplications', 'screenApplications', 'manageInformationMeetings', 'createGroups'],
    version: 1,
    createdAt: '2026-09-01T08:00:00.000Z',
    updatedAt: '2026-09-01T08:00:00.000Z',
    ...overrides,
  }
}
