/** Factories of the company mediation API's answers for component tests: a company, an activity, a vacancy, a match. */
import type { Activity, Company, CompanySummary, Match, Vacancy } from '@ponte/shared'
import { CASE_ID, PARTNER, PERSON_ID } from './case-fixtures'

export const COMPANY_ID = '00000000-0000-7000-8000-0000000000e1'
export const VACANCY_ID = '00000000-0000-7000-8000-0000000000f1'
const stamp = { createdAt: '2026-11-02T09:00:00.000Z', updatedAt: '2026-11-02T09:00:00.000Z' }

export function companySummaryOf(overrides: Partial<CompanySummary> = {}): CompanySummary {
  return {
    id: COMPANY_ID,
    name: 'Officine Lario S.p.A.',
    vatNumber: '00884210130',
    taxCode: null,
    atecoCode: '28.41.00',
    employees: 62,
    isPublicAdministration: false,
    isTypeBCooperative: false,
    municipality: 'Lecco',
    province: 'LC',
    relationshipStatus: 'partner',
    ownerOrganisation: PARTNER,
    followedBy: { id: 'user-1', name: 'Sara Corti' },
    obligations: { internsHostableAtOnce: 6, disabledWorkersQuota: 4, disabledQuotaBand: 'seven_percent' },
    openVacancies: 1,
    version: 3,
    updatedAt: stamp.updatedAt,
    ...overrides,
  }
}

export function companyOf(overrides: Partial<Company> = {}): Company {
  return {
    ...companySummaryOf(),
    street: 'Corso Carlo Alberto 112',
    postalCode: '23900',
    region: 'lombardia',
    phone: '+39 0341 581 200',
    email: null,
    website: null,
    sites: [
      { id: 'site-1', companyId: COMPANY_ID, name: 'Stabilimento di Lecco', street: 'Corso Carlo Alberto 112', postalCode: '23900', municipality: 'Lecco', province: 'LC', region: 'lombardia', isHeadquarters: true, isActive: true, version: 1, ...stamp },
    ],
    contacts: [
      { id: 'contact-1', companyId: COMPANY_ID, siteId: null, givenName: 'Alberto', familyName: 'Butti', role: 'Responsabile del personale', phone: '+39 0341 581 201', email: null, isActive: true, version: 1, ...stamp },
    ],
    statusHistory: [
      { from: null, to: 'prospect', reason: null, changedBy: { id: 'user-1', name: 'Sara Corti' }, changedAt: '2026-09-01T08:00:00.000Z' },
      { from: 'prospect', to: 'contacted', reason: null, changedBy: { id: 'user-1', name: 'Sara Corti' }, changedAt: '2026-09-10T08:00:00.000Z' },
    ],
    allowedTransitions: ['available', 'inactive'],
    permissions: ['update', 'transition', 'manage_sites', 'manage_contacts', 'record_activity', 'create_vacancy'],
    createdAt: stamp.createdAt,
    ...overrides,
  }
}

export function activityOf(overrides: Partial<Activity> = {}): Activity {
  return {
    id: 'activity-1',
    company: { id: COMPANY_ID, name: 'Officine Lario S.p.A.' },
    kind: 'visit',
    date: '2026-11-20',
    operator: { id: 'user-1', name: 'Sara Corti' },
    contact: { id: 'contact-1', name: 'Alberto Butti' },
    summary: 'Visita al reparto macchine utensili.',
    outcome: 'Disponibili a un tirocinio',
    nextAction: { description: 'Inviare due profili', dueOn: '2026-11-25', doneAt: null, doneBy: null },
    isOverdue: true,
    canEdit: true,
    version: 1,
    ...stamp,
    ...overrides,
  }
}

export function vacancyOf(overrides: Partial<Vacancy> = {}): Vacancy {
  return {
    id: VACANCY_ID,
    company: { id: COMPANY_ID, name: 'Officine Lario S.p.A.' },
    site: null,
    title: 'Magazziniere',
    profileCode: '8.1.3.1.0',
    location: 'Lecco',
    contractType: 'fixed_term',
    contractMonths: 12,
    weeklyHours: null,
    positions: 2,
    positionsFilled: 0,
    requirements: null,
    deadline: null,
    status: 'open',
    statusReason: null,
    ownerOrganisation: PARTNER,
    createdBy: { id: 'user-1', name: 'Sara Corti' },
    matchCounts: { proposed: 1, cv_sent: 1, interview: 0, trial: 0, hired: 0, rejected: 0, withdrawn: 0 },
    allowedTransitions: ['closed'],
    permissions: ['update', 'transition', 'propose'],
    version: 2,
    ...stamp,
    ...overrides,
  }
}

export function matchOf(overrides: Partial<Match> = {}): Match {
  return {
    id: 'match-1',
    vacancy: { id: VACANCY_ID, title: 'Magazziniere', status: 'open', company: { id: COMPANY_ID, name: 'Officine Lario S.p.A.' } },
    caseId: CASE_ID,
    person: { id: PERSON_ID, givenName: 'Chiara', familyName: 'Brambilla' },
    municipality: { id: '00000000-0000-7000-8000-000000000001', name: 'Comune di Valmadrera' },
    status: 'proposed',
    note: null,
    proposedBy: { id: 'user-1', name: 'Sara Corti' },
    proposedByOrganisation: PARTNER,
    steps: [{ from: null, to: 'proposed', reason: null, by: { id: 'user-1', name: 'Sara Corti' }, at: '2026-11-20T09:00:00.000Z' }],
    internshipMeasureId: null,
    placementMeasureId: null,
    allowedTransitions: ['cv_sent', 'rejected', 'withdrawn'],
    version: 1,
    ...stamp,
    ...overrides,
  }
}
