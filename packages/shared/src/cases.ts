/**
 * Cases (cartelle / prese in carico, DOMAIN.md §2): one person, one owning municipality, one
 * assigned case manager with its history, colleagues added to the case, and the status diagram
 * (intake → assessment → active → monitoring → closed, suspension, reopening as a new episode).
 */
import { Type, type Static } from 'typebox'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { CASE_SOURCES, CASE_STATUSES } from './vocabularies.js'

export const CaseStatus = Type.Enum(CASE_STATUSES, {
  $id: 'CaseStatus',
  description: 'Status of a case: `intake` (accoglienza), `assessment` (valutazione), `active` (progetto in corso), `monitoring` (monitoraggio), `suspended` (sospeso), `closed` (chiuso)',
})
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** The statuses of a case that is not closed (a person has at most one such case per municipality). */
export const OPEN_CASE_STATUSES = ['intake', 'assessment', 'active', 'monitoring', 'suspended'] as const satisfies readonly CaseStatus[]

export const CaseSource = Type.Enum(CASE_SOURCES, {
  $id: 'CaseSource',
  description: 'How the case reached the service: `spontaneous` (accesso spontaneo), `employment_centre` (Centro per l\'impiego), `other_service`, `health_service`, `school`, `third_sector`, `other`',
})
export type CaseSource = (typeof CASE_SOURCES)[number]

export const CASE_OUTCOMES = ['employed', 'in_training', 'moved', 'other_service', 'dropped_out', 'goals_met', 'other'] as const
export const CaseOutcome = Type.Enum(CASE_OUTCOMES, { $id: 'CaseOutcome', description: 'Outcome recorded when a case closes (esito)' })
export type CaseOutcome = (typeof CASE_OUTCOMES)[number]

export const CASE_ACCESSES = ['coordinator', 'case_manager', 'member', 'partner'] as const
export const CaseAccess = Type.Enum(CASE_ACCESSES, {
  $id: 'CaseAccess',
  description:
    'How the caller reaches the case: `coordinator` (everything), `case_manager` (the assigned case manager), `member` (a colleague added to the case, no sensitive section), `partner` (an operator of a partner organisation with an accepted referral: the working profile only)',
})
export type CaseAccess = (typeof CASE_ACCESSES)[number]

/**
 * What the caller may do on a case now, computed by the API's case policy: the web app shows and
 * hides actions from these, never from `access` (and the API checks them again on every write).
 */
export const CASE_PERMISSIONS = [
  'readRecords',
  'addRecords',
  'update',
  'transition',
  'reassign',
  'manageMembers',
  'reopen',
  'refer',
  'approvePlans',
  'decideSupports',
  'overrideMeasureRules',
] as const
export const CasePermission = Type.Enum(CASE_PERMISSIONS, {
  $id: 'CasePermission',
  description:
    'An action the caller may take on the case now: `readRecords` (the municipality\'s records: assessments, plans, meetings, diary, economic supports), ' +
    '`addRecords` (add and change them; not on a closed case), `update` (the case\'s details), `transition` (a status change, see `allowedTransitions`), ' +
    '`reassign` and `manageMembers` (coordinators), `reopen` (a closed case), `refer` (to a partner), `approvePlans`, `decideSupports` and `overrideMeasureRules` (coordinators)',
})
export type CasePermission = (typeof CASE_PERMISSIONS)[number]

/**
 * The status diagram of DOMAIN.md §2 as data: where each status may go next. A suspended case
 * resumes only to the status it left (`suspendedFrom`); a closed case is reopened as a new episode,
 * never transitioned. Closing is possible from every open status but `suspended` (resume first).
 */
const NEXT_STATUSES: Record<Exclude<CaseStatus, 'suspended'>, readonly CaseStatus[]> = {
  intake: ['assessment', 'suspended', 'closed'],
  assessment: ['active', 'suspended', 'closed'],
  active: ['monitoring', 'suspended', 'closed'],
  monitoring: ['active', 'suspended', 'closed'],
  closed: [],
}

/** The statuses a case in `status` may move to (for a suspended case, the one it left). */
export function nextCaseStatuses(status: CaseStatus, suspendedFrom: CaseStatus | null): CaseStatus[] {
  if (status === 'suspended') return suspendedFrom && suspendedFrom !== 'suspended' && suspendedFrom !== 'closed' ? [suspendedFrom] : []
  return [...NEXT_STATUSES[status]]
}

export const isCaseTransitionAllowed = (from: CaseStatus, suspendedFrom: CaseStatus | null, to: CaseStatus) => nextCaseStatuses(from, suspendedFrom).includes(to)

/** A user as other resources name them: id and display name. */
export const UserRef = Type.Object(
  {
    id: Uuid,
    name: Type.String({ description: 'Given and family name' }),
  },
  { $id: 'UserRef', additionalProperties: false },
)
export type UserRef = Static<typeof UserRef>

/** An organisation as other resources name it: id and name. */
export const OrganisationRef = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
  },
  { $id: 'OrganisationRef', additionalProperties: false },
)
export type OrganisationRef = Static<typeof OrganisationRef>

/** The person of a case as lists and headers show it. */
export const CasePerson = Type.Object(
  {
    id: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
  },
  { $id: 'CasePerson', additionalProperties: false },
)
export type CasePerson = Static<typeof CasePerson>

export const CaseSummary = Type.Object(
  {
    id: Uuid,
    status: Ref(CaseStatus),
    episode: Type.Integer({ format: 'int32', minimum: 1, description: '1 for the first case of the person in the municipality; a reopened case is the next episode' }),
    person: Ref(CasePerson),
    municipality: Ref(OrganisationRef),
    caseManager: Ref(UserRef),
    openedOn: DateOnly,
    updatedAt: Instant,
    version: Version,
  },
  { $id: 'CaseSummary', additionalProperties: false, description: 'A case as lists show it' },
)
export type CaseSummary = Static<typeof CaseSummary>

export const Case = Type.Object(
  {
    id: Uuid,
    municipality: Ref(OrganisationRef),
    person: Ref(CasePerson),
    episode: Type.Integer({ format: 'int32', minimum: 1, description: '1 for the first case of the person in the municipality; a reopened case is the next episode' }),
    previousCaseId: Nullable(Type.String({ format: 'uuid', description: 'The earlier episode this case reopens' })),
    status: Ref(CaseStatus),
    suspendedFrom: Nullable(Ref(CaseStatus)),
    source: Ref(CaseSource),
    sourceNotes: Nullable(Type.String({ description: 'Free notes on the source; null for partners' })),
    caseManager: Ref(UserRef),
    members: Type.Array(Ref(UserRef), { description: 'Colleagues added to the case' }),
    openedOn: DateOnly,
    closedOn: Nullable(DateOnly),
    outcome: Nullable(Ref(CaseOutcome)),
    closingNote: Nullable(Type.String({ description: 'The note written when closing; null for partners' })),
    access: Ref(CaseAccess),
    allowedTransitions: Type.Array(Ref(CaseStatus), { description: 'The statuses the caller may move the case to now' }),
    permissions: Type.Array(Ref(CasePermission), { description: 'The actions the caller may take on the case now (computed by the same rules the API checks)' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Case', additionalProperties: false },
)
export type Case = Static<typeof Case>

const Reason = (description: string) => Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description })

export const CaseCreate = Type.Object(
  {
    personId: Type.String({ format: 'uuid', description: 'The person taken in charge (registered by the municipality)' }),
    source: Type.Optional(Ref(CaseSource)),
    sourceNotes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    caseManagerId: Type.Optional(Type.String({ format: 'uuid', description: 'Defaults to the caller; only a coordinator may assign someone else' })),
  },
  { $id: 'CaseCreate', additionalProperties: false },
)
export type CaseCreate = Static<typeof CaseCreate>

export const CasePatch = Type.Object(
  {
    source: Type.Optional(Ref(CaseSource)),
    sourceNotes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { $id: 'CasePatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a case; the status changes only through transitions' },
)
export type CasePatch = Static<typeof CasePatch>

export const CaseTransitionRequest = Type.Object(
  {
    to: Ref(CaseStatus),
    reason: Reason('Why the status changes (kept in the timeline for the municipality\'s staff)'),
    outcome: Type.Optional(Ref(CaseOutcome)),
    note: Type.Optional(Type.String({ maxLength: 5000, description: 'Closing note; required with `outcome` when closing' })),
  },
  { $id: 'CaseTransitionRequest', additionalProperties: false },
)
export type CaseTransitionRequest = Static<typeof CaseTransitionRequest>

export const CaseReassignRequest = Type.Object(
  {
    caseManagerId: Type.String({ format: 'uuid', description: 'A case manager or coordinator of the case\'s municipality' }),
    reason: Reason('Why the case changes hands'),
  },
  { $id: 'CaseReassignRequest', additionalProperties: false },
)
export type CaseReassignRequest = Static<typeof CaseReassignRequest>

export const CaseReopenRequest = Type.Object(
  {
    reason: Type.Optional(Reason('Why the case is reopened')),
    caseManagerId: Type.Optional(Type.String({ format: 'uuid', description: 'Defaults to the caller; only a coordinator may assign someone else' })),
    source: Type.Optional(Ref(CaseSource)),
    sourceNotes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { $id: 'CaseReopenRequest', additionalProperties: false },
)
export type CaseReopenRequest = Static<typeof CaseReopenRequest>

export const CaseAssignment = Type.Object(
  {
    id: Uuid,
    caseManager: Ref(UserRef),
    assignedBy: Nullable(Ref(UserRef)),
    reason: Nullable(Type.String()),
    startedAt: Instant,
    endedAt: Nullable(Instant),
  },
  { $id: 'CaseAssignment', additionalProperties: false, description: 'One period of a case manager on the case; the one without `endedAt` is the current one' },
)
export type CaseAssignment = Static<typeof CaseAssignment>

export const CaseAssignmentPage = Page(Ref(CaseAssignment), { $id: 'CaseAssignmentPage' })
export type CaseAssignmentPage = Static<typeof CaseAssignmentPage>

/** A case manager filter: a user's id, or `me` for the caller. */
export const AssignedTo = Type.String({
  pattern: '^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
  maxLength: 36,
  description: 'The assigned case manager\'s id, or `me`',
})

export const CaseListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Array(Ref(CaseStatus), { maxItems: 6, description: 'Only cases in these statuses (repeat the parameter for several)' })),
  assignedTo: Type.Optional(AssignedTo),
  municipalityId: Type.Optional(Uuid),
  updatedSince: Type.Optional(Type.String({ format: 'date-time', description: 'Only cases changed at or after this instant' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the person\'s given or family name (case and accent insensitive)' })),
})
export type CaseListQuery = Static<typeof CaseListQuery>

export const CasePage = Page(Ref(CaseSummary), { $id: 'CasePage' })
export type CasePage = Static<typeof CasePage>

export const CaseCountsQuery = Type.Object({
  assignedTo: Type.Optional(AssignedTo),
  municipalityId: Type.Optional(Uuid),
})
export type CaseCountsQuery = Static<typeof CaseCountsQuery>

const Count = Type.Integer({ format: 'int64', minimum: 0 })

export const CaseCounts = Type.Object(
  {
    total: Count,
    byStatus: Type.Object(
      {
        intake: Count,
        assessment: Count,
        active: Count,
        monitoring: Count,
        suspended: Count,
        closed: Count,
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'CaseCounts', additionalProperties: false, description: 'Counts of the cases the caller sees, by status' },
)
export type CaseCounts = Static<typeof CaseCounts>

/** The open cases of one case manager of a municipality, by status: a row of the coordinator's caseload view. */
export const CaseloadEntry = Type.Object(
  {
    caseManager: Ref(UserRef),
    isAssignable: Type.Boolean({
      description: 'Still an active case manager or coordinator of the municipality; false when they hold open cases but may no longer be assigned any (their cases wait to be reassigned)',
    }),
    open: Count,
    byStatus: Type.Object(
      { intake: Count, assessment: Count, active: Count, monitoring: Count, suspended: Count },
      { additionalProperties: false, description: 'The open cases by status (closed ones are not counted)' },
    ),
  },
  { $id: 'CaseloadEntry', additionalProperties: false },
)
export type CaseloadEntry = Static<typeof CaseloadEntry>

export const CaseloadPage = Page(Ref(CaseloadEntry), {
  $id: 'CaseloadPage',
  description: 'Every assignable colleague of the municipality (with no open case too) and whoever else holds open cases there, by family name (one page: `nextCursor` is null)',
})
export type CaseloadPage = Static<typeof CaseloadPage>

/** The colleagues a case of a municipality can be assigned to: its active case managers and coordinators. */
export const CaseManagerPage = Page(Ref(UserRef), { $id: 'CaseManagerPage', description: 'Users who may manage cases of the municipality, by name (one page: `nextCursor` is null)' })
export type CaseManagerPage = Static<typeof CaseManagerPage>
