/** Factories of the work-measures API's answers for component tests: an internship, a placement, a month of attendance. */
import type { Measure, MeasureAttendance, MeasureAttendanceMonth } from '@ponte/shared'
import { MUNICIPALITY, PARTNER, PERSON_ID } from './case-fixtures'
import { COMPANY_ID } from './mediation-fixtures'

export const MEASURE_ID = '0190c000-0000-7000-8000-0000000000a1'
export const MEASURE_CASE_ID = '0190a000-0000-7000-8000-000000000001'
const stamp = { version: 1, createdAt: '2026-09-01T09:00:00.000Z', updatedAt: '2026-09-01T09:00:00.000Z' }

type InternshipMeasureOf = Extract<Measure, { kind: 'internship_orientation' }>

export function internshipOf(overrides: Partial<InternshipMeasureOf> = {}, internship: Partial<InternshipMeasureOf['internship']> = {}): Measure {
  return {
    kind: 'internship_orientation',
    id: MEASURE_ID,
    caseId: MEASURE_CASE_ID,
    person: { id: PERSON_ID, givenName: 'Luca', familyName: 'Bianchi' },
    municipality: MUNICIPALITY,
    promoterOrganisation: PARTNER,
    status: 'active',
    statusReason: null,
    planId: null,
    planCommitmentId: null,
    startDate: '2026-09-01',
    plannedEndDate: '2027-02-28',
    endDate: null,
    statusChanges: [{ from: null, to: 'draft', reason: null, by: { id: 'user-1', name: 'Sara Corti' }, at: '2026-08-20T09:00:00.000Z' }],
    ruleOverride: null,
    followUps: [],
    allowedTransitions: ['suspended', 'completed', 'interrupted'],
    permissions: ['update', 'recordAttendance', 'recordSessions', 'recordFollowUps'],
    internship: {
      hostCompany: { id: COMPANY_ID, name: 'Officine Lario S.p.A.' },
      hostSite: { id: 'site-1', name: 'Stabilimento di Lecco', municipality: 'Lecco', region: 'lombardia' },
      hostTutor: { id: 'contact-1', name: 'Alberto Butti', role: 'Responsabile del personale' },
      promoterTutor: { id: 'user-1', name: 'Sara Corti' },
      atecoCode: '28.41.00',
      profileCode: '8.1.3.1',
      profileTitle: 'Addetto al magazzino',
      eqfLevel: 3,
      dailyHours: 6,
      weeklyHours: 30,
      monthlyAllowanceCents: 50000,
      mealVouchers: false,
      targetGroup: 'unemployed',
      trainingObjectives: null,
      inailPolicy: null,
      liabilityPolicy: null,
      mandatoryCommunicationRef: null,
      ruleSet: { code: 'lombardia-dgr-7763-2018', name: 'Regione Lombardia — DGR X/7763 del 17/01/2018' },
      extensions: [],
      outcome: null,
      outcomeContractType: null,
      outcomeNote: null,
      ...internship,
    },
    ...stamp,
    ...overrides,
  } as Measure
}

export function placementOf(overrides: Partial<Extract<Measure, { kind: 'job_placement' }>> = {}): Measure {
  return {
    kind: 'job_placement',
    id: '0190c000-0000-7000-8000-0000000000b2',
    caseId: MEASURE_CASE_ID,
    person: { id: PERSON_ID, givenName: 'Luca', familyName: 'Bianchi' },
    municipality: MUNICIPALITY,
    promoterOrganisation: PARTNER,
    status: 'active',
    statusReason: null,
    planId: null,
    planCommitmentId: null,
    startDate: '2026-10-01',
    plannedEndDate: null,
    endDate: null,
    statusChanges: [],
    ruleOverride: null,
    followUps: [],
    allowedTransitions: ['suspended', 'completed', 'interrupted'],
    permissions: ['update', 'recordSessions', 'recordFollowUps'],
    jobPlacement: {
      employer: { id: COMPANY_ID, name: 'Officine Lario S.p.A.' },
      employerSite: null,
      jobTitle: 'Magazziniere',
      profileCode: null,
      contractType: 'fixed_term',
      fixedTermMonths: 12,
      partTimeWeeklyHours: null,
      l68Quota: false,
      article14Convention: false,
      employerIsTypeBCooperative: false,
    },
    ...stamp,
    ...overrides,
  } as Measure
}

export function attendanceMonthOf(overrides: Partial<MeasureAttendanceMonth> = {}): MeasureAttendanceMonth {
  return {
    month: '2026-09',
    plannedHours: 120,
    attendedHours: 120,
    attendancePercent: 100,
    allowanceBasis: 'full',
    allowanceDueCents: 50000,
    note: null,
    recordedBy: { id: 'user-1', name: 'Sara Corti' },
    version: 1,
    updatedAt: '2026-10-01T09:00:00.000Z',
    ...overrides,
  }
}

export function attendanceOf(months: MeasureAttendanceMonth[], expectedMonths: string[], overrides: Partial<MeasureAttendance['totals']> = {}): MeasureAttendance {
  const planned = months.reduce((s, m) => s + m.plannedHours, 0)
  const attended = months.reduce((s, m) => s + m.attendedHours, 0)
  return {
    measureId: MEASURE_ID,
    months,
    expectedMonths,
    totals: {
      plannedHours: planned,
      attendedHours: attended,
      attendancePercent: planned > 0 ? Math.round((attended * 1000) / planned) / 10 : null,
      allowanceDueCents: months.reduce((s, m) => s + m.allowanceDueCents, 0),
      finalAttestationDue: planned > 0 && attended * 100 >= planned * 70,
      fullAllowanceAttendancePercent: 80,
      finalAttestationAttendancePercent: 70,
      ...overrides,
    },
  }
}
