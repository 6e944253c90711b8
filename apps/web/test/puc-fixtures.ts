/** Factories of the PUC API's answers for component tests: a project, an assignment, a week, a deadline. */
import type { PucAssignment, PucAttendanceWeek, PucInsuranceDeadline, PucProject, PucProjectSummary } from '@ponte/shared'
import { MUNICIPALITY, PARTNER } from './case-fixtures'

export const PROJECT_ID = '0190b000-0000-7000-8000-000000000001'
export const SITE_ID = '0190b000-0000-7000-8000-000000000051'
export const ASSIGNMENT_ID = '0190b000-0000-7000-8000-0000000000a1'
export const CASE_OF_ASSIGNMENT = '0190b000-0000-7000-8000-0000000000c1'
const stamp = { version: 1, createdAt: '2026-09-01T09:00:00.000Z', updatedAt: '2026-09-01T09:00:00.000Z' }

export function projectOf(overrides: Partial<PucProject> = {}): PucProject {
  return {
    id: PROJECT_ID,
    ownerMunicipality: MUNICIPALITY,
    implementingOrganisation: PARTNER,
    title: 'Valmadrera più verde',
    area: 'environmental',
    description: 'Cura di parchi e sentieri.',
    periodStart: '2026-09-01',
    periodEnd: '2027-06-30',
    weeklySchedule: [{ weekday: 1, from: '08:00', to: '12:00' }],
    seats: [
      { category: 'municipality_beneficiaries', total: 3, taken: 3, free: 0 },
      { category: 'employment_centre_beneficiaries', total: 2, taken: 1, free: 1 },
      { category: 'volunteers', total: 0, taken: 0, free: 0 },
    ],
    sites: [{ id: SITE_ID, projectId: PROJECT_ID, name: 'Parco del Rio Torto', address: 'Via Rio Torto', supervisorName: 'Angelo Butti', supervisorPhone: null, ...stamp }],
    activeAssignments: 1,
    permissions: ['update', 'manageSites', 'assign', 'recordAttendance', 'downloadRegister'],
    ...stamp,
    ...overrides,
  }
}

export function summaryOf(overrides: Partial<PucProjectSummary> = {}): PucProjectSummary {
  const p = projectOf()
  return {
    id: p.id,
    ownerMunicipality: p.ownerMunicipality,
    implementingOrganisation: p.implementingOrganisation,
    title: p.title,
    area: p.area,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    seats: p.seats,
    sitesCount: 1,
    activeAssignments: 1,
    ...overrides,
  }
}

export function assignmentOf(overrides: Partial<PucAssignment> = {}): PucAssignment {
  return {
    id: ASSIGNMENT_ID,
    project: { id: PROJECT_ID, title: 'Valmadrera più verde' },
    site: { id: SITE_ID, name: 'Parco del Rio Torto' },
    ownerMunicipality: MUNICIPALITY,
    implementingOrganisation: PARTNER,
    caseId: CASE_OF_ASSIGNMENT,
    person: { givenName: 'Giuseppe', familyName: 'Fumagalli' },
    category: 'municipality_beneficiaries',
    weeklyHours: 12,
    startDate: '2026-10-05',
    endDate: '2027-02-28',
    endedOn: null,
    status: 'active',
    statusReason: null,
    daysWorked: 20,
    hoursWorked: 80,
    allowedTransitions: ['completed', 'interrupted'],
    permissions: ['update', 'recordAttendance', 'openCase'],
    ...stamp,
    ...overrides,
  }
}

/** Week 41 of 2026 (5–11 October) with Fumagalli (12 h) and one day recorded on Monday. */
export function weekOf(overrides: Partial<PucAttendanceWeek> = {}): PucAttendanceWeek {
  return {
    projectId: PROJECT_ID,
    week: '2026-W41',
    dates: ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11'],
    rows: [
      {
        assignmentId: ASSIGNMENT_ID,
        person: { givenName: 'Giuseppe', familyName: 'Fumagalli' },
        site: { id: SITE_ID, name: 'Parco del Rio Torto' },
        status: 'active',
        weeklyHours: 12,
        startDate: '2026-10-05',
        endDate: '2027-02-28',
        endedOn: null,
        entries: [{ id: 'e1', assignmentId: ASSIGNMENT_ID, date: '2026-10-05', status: 'present', hours: 4, note: null, recordedBy: null, version: 3, updatedAt: stamp.updatedAt }],
        totalHours: 4,
      },
      {
        assignmentId: 'a2',
        person: { givenName: 'Paola', familyName: 'Negri' },
        site: { id: SITE_ID, name: 'Parco del Rio Torto' },
        status: 'active',
        weeklyHours: 8,
        startDate: '2026-10-07',
        endDate: '2027-02-28',
        endedOn: null,
        entries: [],
        totalHours: 0,
      },
    ],
    canRecord: true,
    ...overrides,
  }
}

export function deadlineOf(overrides: Partial<PucInsuranceDeadline> = {}): PucInsuranceDeadline {
  return {
    key: `start:${ASSIGNMENT_ID}`,
    kind: 'start',
    dueDate: '2026-10-04',
    state: 'overdue',
    municipality: MUNICIPALITY,
    assignment: { id: ASSIGNMENT_ID, person: { givenName: 'Giuseppe', familyName: 'Fumagalli' }, project: { id: PROJECT_ID, title: 'Valmadrera più verde' }, startDate: '2026-10-05', endDate: '2027-02-28', status: 'active' },
    quarter: null,
    persons: null,
    communication: null,
    ...overrides,
  }
}
