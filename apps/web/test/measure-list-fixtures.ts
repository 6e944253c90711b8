/** Factories of the measures list's and the follow-ups' answers for component tests. */
import type { FollowUpDue, MeasureSummary } from '@ponte/shared'
import { MUNICIPALITY, PARTNER, PERSON_ID } from './case-fixtures'
import { COMPANY_ID } from './mediation-fixtures'
import { MEASURE_CASE_ID, MEASURE_ID } from './measures-fixtures'

export function summaryOf(overrides: Partial<MeasureSummary> = {}): MeasureSummary {
  return {
    id: MEASURE_ID,
    kind: 'internship_orientation',
    caseId: MEASURE_CASE_ID,
    person: { id: PERSON_ID, givenName: 'Ioana', familyName: 'Popescu' },
    municipality: MUNICIPALITY,
    promoterOrganisation: PARTNER,
    status: 'active',
    host: { id: COMPANY_ID, name: 'Carpenteria Metallica Bonacina S.r.l.' },
    promoterTutor: { id: 'user-9', name: 'Sara Corti' },
    startDate: '2026-11-01',
    plannedEndDate: '2027-04-30',
    endDate: null,
    attendanceThisMonth: 'missing',
    followUpsDue: 0,
    version: 4,
    ...overrides,
  }
}

export function followUpDueOf(overrides: Partial<FollowUpDue> = {}): FollowUpDue {
  return {
    followUp: { id: 'fu-1', measureId: MEASURE_ID, monthsAfter: 3, dueOn: '2026-11-22', employmentStatus: null, contractType: null, note: null, recordedAt: null, recordedBy: null, version: 1 },
    measure: { id: MEASURE_ID, kind: 'job_placement', caseId: MEASURE_CASE_ID, person: { id: PERSON_ID, givenName: 'Davide', familyName: 'Anghileri' }, host: { id: COMPANY_ID, name: 'Verde Lario' }, endDate: null },
    overdue: true,
    ...overrides,
  }
}
