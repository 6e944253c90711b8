/** Factories of the cases API's answers for component tests: a case, a person, a referral. */
import type { Case, CaseAccess, CasePermission, CaseStatus, Person, Referral } from '@ponte/shared'

export const MUNICIPALITY = { id: '00000000-0000-7000-8000-000000000001', name: 'Comune di Valmadrera' }
export const PARTNER = { id: '00000000-0000-7000-8000-000000000002', name: 'Cooperativa Sociale Lavoro e Comunità' }
export const CASE_ID = '00000000-0000-7000-8000-0000000000c1'
export const PERSON_ID = '00000000-0000-7000-8000-0000000000a1'

/**
 * The permissions the API answers for `access` on a case in `status` (apps/api cases.policy.ts
 * `casePermissions`), so a fixture of a partner or a closed case carries what the server would send.
 */
export function permissionsFor(access: CaseAccess, status: CaseStatus): CasePermission[] {
  const open = status !== 'closed'
  const staff = access !== 'partner'
  const manages = access === 'coordinator' || access === 'case_manager'
  const permissions: CasePermission[] = []
  if (staff) permissions.push('readRecords')
  if (staff && open) permissions.push('addRecords')
  if (manages) permissions.push('update', ...(open ? (['transition', 'refer'] as const) : (['reopen'] as const)))
  if (access === 'coordinator') {
    if (open) permissions.push('reassign')
    permissions.push('manageMembers', 'approvePlans', 'decideSupports', 'overrideMeasureRules')
  }
  return permissions
}

export function caseOf(overrides: Partial<Case> = {}): Case {
  const access = overrides.access ?? 'case_manager'
  const status = overrides.status ?? 'intake'
  return {
    id: CASE_ID,
    municipality: MUNICIPALITY,
    person: { id: PERSON_ID, givenName: 'Chiara', familyName: 'Brambilla' },
    episode: 1,
    previousCaseId: null,
    status: 'intake',
    suspendedFrom: null,
    source: 'spontaneous',
    sourceNotes: null,
    caseManager: { id: 'user-1', name: 'Marco Rusconi' },
    members: [],
    openedOn: '2026-11-17',
    closedOn: null,
    outcome: null,
    closingNote: null,
    access: 'case_manager',
    allowedTransitions: ['assessment', 'suspended', 'closed'],
    version: 3,
    createdAt: '2026-11-17T08:30:00.000Z',
    updatedAt: '2026-11-17T08:30:00.000Z',
    permissions: permissionsFor(access, status),
    ...overrides,
  }
}

export function personOf(overrides: Partial<Person> = {}): Person {
  return {
    id: PERSON_ID,
    municipalityId: MUNICIPALITY.id,
    view: 'full',
    permissions: { canUpdate: true, canReadSensitive: true },
    givenName: 'Chiara',
    familyName: 'Brambilla',
    taxCode: 'BRMCHR86D55E507Z',
    birthDate: '1986-04-15',
    sex: 'F',
    birthPlace: 'Lecco (LC)',
    citizenship: 'italiana',
    residence: { municipality: 'Valmadrera', address: 'via Roma 1' },
    contacts: { phone: null, email: null },
    educationLevel: 4,
    educationNotes: null,
    languages: [],
    drivingLicences: ['B'],
    skills: ['magazzino'],
    availability: { hoursPerWeek: 20, days: ['monday'], mobility: ['car'], notes: null },
    employmentStatus: 'unemployed',
    unemployedSince: '2025-01-10',
    didRegistered: false,
    didDate: null,
    createdBy: 'user-1',
    version: 2,
    createdAt: '2026-11-17T08:30:00.000Z',
    updatedAt: '2026-11-17T08:30:00.000Z',
    ...overrides,
  }
}

export function referralOf(overrides: Partial<Referral> = {}): Referral {
  return {
    id: '00000000-0000-7000-8000-0000000000b1',
    caseId: CASE_ID,
    person: { id: PERSON_ID, givenName: 'Chiara', familyName: 'Brambilla' },
    municipality: MUNICIPALITY,
    partnerOrganisation: PARTNER,
    purpose: 'Orientamento e ricerca di un tirocinio',
    consent: { date: '2026-11-20', scope: 'Profilo lavorativo alla cooperativa' },
    status: 'requested',
    statusReason: null,
    requestedBy: { id: 'user-1', name: 'Marco Rusconi' },
    decidedBy: null,
    decidedAt: null,
    closedBy: null,
    closedAt: null,
    allowedActions: ['accept', 'reject'],
    version: 1,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  }
}
