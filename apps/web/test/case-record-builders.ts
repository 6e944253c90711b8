/**
 * Builders of the case-records API's answers (plan, commitment, assessment, meeting, economic
 * support), one per fixture. What the API sends as a record's `permissions` depends on who asks, so
 * each test file gives its caller's defaults — by the record's state — when it makes its builder:
 * `const plan = planBuilder(CASE_MANAGER_PLAN_PERMISSIONS)`; an override still wins.
 */
import type { Assessment, Commitment, EconomicSupport, Meeting, Plan } from '@ponte/shared'
import { CASE_ID, ME, stamp } from './case-records'

export const PLAN_ID = '0190a000-0000-7000-8000-00000000b001'

/** A record's permissions as the API sends them to one caller, by the state of the record. */
export type PermissionDefaults<S extends string, P> = Partial<Record<S, P>>

/** What the API sends a case manager working the case on each version of a plan (a coordinator also approves and returns a submitted version). */
export const CASE_MANAGER_PLAN_PERMISSIONS: PermissionDefaults<Plan['status'], Plan['permissions']> = {
  draft: ['update', 'submit', 'addCommitments', 'updateCommitments'],
  submitted: ['revise'],
  approved: ['sign', 'revise'],
  signed: ['revise', 'updateCommitments'],
  superseded: [],
}

export const planBuilder =
  (permissions: PermissionDefaults<Plan['status'], Plan['permissions']>) =>
  (overrides: Partial<Plan> = {}): Plan => ({
    id: PLAN_ID,
    caseId: CASE_ID,
    versionNumber: 1,
    status: 'draft',
    revisedFromId: null,
    objectives: [{ id: '0190a000-0000-7000-8000-00000000c001', title: 'Trovare un tirocinio', expectedResult: 'Tirocinio avviato entro giugno' }],
    supports: [],
    reviewDate: null,
    notes: null,
    returnReason: null,
    submittedAt: null,
    submittedBy: null,
    approvedAt: null,
    approvedBy: null,
    signedOn: null,
    supersededAt: null,
    createdBy: null,
    permissions: permissions[overrides.status ?? 'draft'] ?? [],
    ...stamp,
    version: 2,
    ...overrides,
  })

/** A plan's commitment (its permissions are the plan's). */
export const commitmentOf = (overrides: Partial<Commitment> = {}): Commitment => ({
  id: '0190a000-0000-7000-8000-00000000d001',
  planId: PLAN_ID,
  caseId: CASE_ID,
  who: 'person',
  responsibleName: null,
  what: "Iscriversi al Centro per l'impiego",
  dueDate: '2026-01-15',
  status: 'open',
  rescheduledTo: null,
  doneOn: null,
  partnerOrganisationId: null,
  progressNoteCount: 0,
  copiedFromId: null,
  createdBy: null,
  ...stamp,
  ...overrides,
})

/** What the API sends an assessment's author on an open case: edit and sign while unsigned, nothing once signed. */
export const AUTHOR_ASSESSMENT_PERMISSIONS: PermissionDefaults<'unsigned' | 'signed', Assessment['permissions']> = { unsigned: ['update', 'sign'], signed: [] }

export const assessmentBuilder =
  (permissions: PermissionDefaults<'unsigned' | 'signed', Assessment['permissions']>) =>
  (overrides: Partial<Assessment> = {}): Assessment => ({
    id: '0190a000-0000-7000-8000-00000000a001',
    caseId: CASE_ID,
    kind: 'preliminary',
    assessedOn: '2026-03-02',
    scores: { work: 2, education: 3, health: null, housing: 4, family: null, economic: 1, socialNetwork: null },
    strengths: 'Motivato',
    needs: 'Patente',
    employabilityLevel: 'medium',
    notes: null,
    authorId: ME,
    authorName: 'Mario Rossi',
    signedAt: null,
    permissions: permissions[overrides.signedAt ? 'signed' : 'unsigned'] ?? [],
    ...stamp,
    version: 3,
    ...overrides,
  })

/** What the API sends staff on an open case: both actions on a meeting while planned, none after. */
export const STAFF_MEETING_PERMISSIONS: PermissionDefaults<Meeting['status'], Meeting['permissions']> = { planned: ['update', 'transition'] }

export const meetingBuilder =
  (permissions: PermissionDefaults<Meeting['status'], Meeting['permissions']>) =>
  (overrides: Partial<Meeting> = {}): Meeting => ({
    id: '0190a000-0000-7000-8000-00000000e001',
    caseId: CASE_ID,
    date: '2026-02-10',
    startTime: '09:30',
    durationMinutes: 45,
    location: 'Sede dei Servizi Sociali',
    participants: [{ name: 'Marco Rusconi', role: 'assistente sociale' }],
    agenda: 'Bilancio delle competenze',
    status: 'planned',
    isOverdue: true,
    outcome: null,
    evaluation: null,
    statusNote: null,
    statusChangedBy: null,
    statusChangedAt: null,
    createdBy: null,
    permissions: permissions[overrides.status ?? 'planned'] ?? [],
    ...stamp,
    version: 2,
    ...overrides,
  })

/** What the API sends a coordinator: decide on a support while requested, record the payment once approved. */
export const COORDINATOR_SUPPORT_PERMISSIONS: PermissionDefaults<EconomicSupport['status'], EconomicSupport['permissions']> = { requested: ['update', 'decide'], approved: ['recordPayment'] }

export const supportBuilder =
  (permissions: PermissionDefaults<EconomicSupport['status'], EconomicSupport['permissions']>) =>
  (overrides: Partial<EconomicSupport> = {}): EconomicSupport => ({
    id: '0190a000-0000-7000-8000-0000000ab001',
    caseId: CASE_ID,
    type: 'rent',
    amountCents: 123456,
    approvedAmountCents: null,
    periodFrom: '2026-01-01',
    periodTo: '2026-03-31',
    purpose: 'Arretrati di affitto',
    status: 'requested',
    decisionNote: null,
    requestedBy: null,
    requestedByName: 'Mario Rossi',
    decidedBy: null,
    decidedByName: null,
    decidedAt: null,
    paidOn: null,
    permissions: permissions[overrides.status ?? 'requested'] ?? [],
    ...stamp,
    ...overrides,
  })
