/**
 * Individual plans (progetto personalizzato / patto) of a case and their commitments (impegni):
 * versioned, submitted by the case's staff, approved by a coordinator, signed with the person and
 * then frozen; a revision is a new version (DOMAIN.md §2). Municipality staff only.
 */
import { Type, type Static } from 'typebox'
import { AssignedTo, CasePerson } from './cases.js'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'

/**
 * `draft` → `submitted` → `approved` → `signed`; a coordinator may return a submitted version to
 * `draft`. A signed version is frozen and becomes `superseded` when a later version is signed; a
 * submitted or approved version that is revised is superseded at once by the new draft.
 */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'signed', 'superseded'] as const
export const PlanStatus = Type.Enum(PLAN_STATUSES, { $id: 'PlanStatus', description: 'Status of a plan version' })
export type PlanStatus = (typeof PLAN_STATUSES)[number]

export const PLAN_ACTIONS = ['submit', 'approve', 'return', 'sign'] as const
export const PlanAction = Type.Enum(PLAN_ACTIONS, {
  $id: 'PlanAction',
  description: '`submit` (draft → submitted), `approve` (submitted → approved, coordinator), `return` (submitted → draft with a reason, coordinator), `sign` (approved → signed, with the date the person signed)',
})
export type PlanAction = (typeof PLAN_ACTIONS)[number]

export const PLAN_SUPPORT_KINDS = ['measure', 'economic_support', 'service', 'other'] as const
export const PlanSupportKind = Type.Enum(PLAN_SUPPORT_KINDS, { $id: 'PlanSupportKind', description: 'What the support (sostegno) is: a measure of the case, an economic support, a service, something else' })
export type PlanSupportKind = (typeof PLAN_SUPPORT_KINDS)[number]

export const COMMITMENT_PARTIES = ['person', 'case_manager', 'partner', 'other'] as const
export const CommitmentParty = Type.Enum(COMMITMENT_PARTIES, { $id: 'CommitmentParty', description: 'Who takes on the commitment: the person, the case manager, the partner organisation, someone else' })
export type CommitmentParty = (typeof COMMITMENT_PARTIES)[number]

export const COMMITMENT_STATUSES = ['open', 'met', 'missed', 'rescheduled'] as const
export const CommitmentStatus = Type.Enum(COMMITMENT_STATUSES, { $id: 'CommitmentStatus', description: '`rescheduled` carries the new due date in `rescheduledTo`' })
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

const Title = Type.String({ minLength: 1, maxLength: 300 })
const Text = (description: string, maxLength = 2000) => Type.String({ maxLength, description })

export const PlanObjective = Type.Object(
  {
    id: Uuid,
    title: Title,
    expectedResult: Nullable(Text('The expected result (risultato atteso)')),
  },
  { $id: 'PlanObjective', additionalProperties: false, description: 'An objective of the plan; its id stays the same in later versions' },
)
export type PlanObjective = Static<typeof PlanObjective>

export const PlanObjectiveInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    title: Title,
    expectedResult: Type.Optional(Nullable(Text('The expected result (risultato atteso)'))),
  },
  { $id: 'PlanObjectiveInput', additionalProperties: false, description: 'An objective; send the id of an existing one to keep it, none for a new one' },
)
export type PlanObjectiveInput = Static<typeof PlanObjectiveInput>

export const PlanSupport = Type.Object(
  {
    kind: Ref(PlanSupportKind),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    reference: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Id or reference of the measure, economic support or service' }))),
  },
  { $id: 'PlanSupport', additionalProperties: false, description: 'A support (sostegno) the plan relies on' },
)
export type PlanSupport = Static<typeof PlanSupport>

/** What the caller may do on a plan version now (the same checks its write endpoints make). */
export const PLAN_PERMISSIONS = ['update', 'submit', 'approve', 'return', 'sign', 'revise', 'addCommitments', 'updateCommitments'] as const
export const PlanPermission = Type.Enum(PLAN_PERMISSIONS, {
  $id: 'PlanPermission',
  description:
    '`update` and `addCommitments` (a draft), `submit` (a draft), `approve` and `return` (a submitted version, coordinators), `sign` (an approved version), ' +
    '`revise` (a submitted, approved or signed version; a signed one while no other version is in progress), `updateCommitments` (their status on the signed version, everything on a draft); none on a closed case',
})
export type PlanPermission = (typeof PLAN_PERMISSIONS)[number]

export const Plan = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    versionNumber: Type.Integer({ format: 'int32', minimum: 1, description: 'Version of the plan within the case: 1, 2, …' }),
    status: Ref(PlanStatus),
    revisedFromId: Nullable(Uuid),
    objectives: Type.Array(Ref(PlanObjective)),
    supports: Type.Array(Ref(PlanSupport)),
    reviewDate: Nullable(DateOnly),
    notes: Nullable(Text('Free text', 10_000)),
    returnReason: Nullable(Type.String({ description: 'Why a coordinator last returned the version to draft' })),
    submittedAt: Nullable(Instant),
    submittedBy: Nullable(Uuid),
    approvedAt: Nullable(Instant),
    approvedBy: Nullable(Uuid),
    signedOn: Nullable(DateOnly),
    supersededAt: Nullable(Instant),
    createdBy: Nullable(Uuid),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
    permissions: Type.Array(Ref(PlanPermission), { description: 'The actions the caller may take on this version now (computed by the same rules the API checks)' }),
  },
  { $id: 'Plan', additionalProperties: false, description: 'A version of the individual plan (progetto personalizzato / patto)' },
)
export type Plan = Static<typeof Plan>

export const PlanCreate = Type.Object(
  {
    objectives: Type.Optional(Type.Array(Ref(PlanObjectiveInput), { maxItems: 50 })),
    supports: Type.Optional(Type.Array(Ref(PlanSupport), { maxItems: 50 })),
    reviewDate: Type.Optional(Nullable(DateOnly)),
    notes: Type.Optional(Nullable(Text('Free text', 10_000))),
  },
  { $id: 'PlanCreate', additionalProperties: false, description: 'A new plan version in draft' },
)
export type PlanCreate = Static<typeof PlanCreate>

export const PlanPatch = Type.Object(
  {
    objectives: Type.Optional(Type.Array(Ref(PlanObjectiveInput), { maxItems: 50 })),
    supports: Type.Optional(Type.Array(Ref(PlanSupport), { maxItems: 50 })),
    reviewDate: Type.Optional(Nullable(DateOnly)),
    notes: Type.Optional(Nullable(Text('Free text', 10_000))),
  },
  { $id: 'PlanPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a draft version; arrays are replaced whole' },
)
export type PlanPatch = Static<typeof PlanPatch>

export const PlanTransition = Type.Object(
  {
    action: Ref(PlanAction),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Why the version is returned (required for `return`)' })),
    signedOn: Type.Optional(DateOnly),
  },
  { $id: 'PlanTransition', additionalProperties: false, description: 'A status change of a plan version; `sign` needs `signedOn` (the day the person signed, not in the future), `return` a `reason`' },
)
export type PlanTransition = Static<typeof PlanTransition>

export const PlanListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Ref(PlanStatus)),
})
export type PlanListQuery = Static<typeof PlanListQuery>

export const PlanPage = Page(Ref(Plan), { $id: 'PlanPage', description: 'Versions of the plan, the newest first' })
export type PlanPage = Static<typeof PlanPage>

export const Commitment = Type.Object(
  {
    id: Uuid,
    planId: Uuid,
    caseId: Uuid,
    who: Ref(CommitmentParty),
    responsibleName: Nullable(Type.String({ maxLength: 200, description: 'Name of who is responsible (a person, a service, an operator)' })),
    what: Type.String({ description: 'What is committed to' }),
    dueDate: DateOnly,
    status: Ref(CommitmentStatus),
    rescheduledTo: Nullable(DateOnly),
    doneOn: Nullable(Type.String({ format: 'date', description: 'The day a `met` commitment was done' })),
    partnerOrganisationId: Nullable(Type.String({ format: 'uuid', description: 'For a `partner` commitment, the partner organisation whose service takes it on: its operators see and update it while the case is referred to it (accepted referral)' })),
    progressNoteCount: Type.Integer({ format: 'int32', minimum: 0, description: 'How many progress notes the commitment has (GET …/plan-commitments/{commitmentId}/progress-notes)' }),
    copiedFromId: Nullable(Type.String({ format: 'uuid', description: 'The commitment of the earlier version this one was carried over from' })),
    createdBy: Nullable(Uuid),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Commitment', additionalProperties: false, description: 'A commitment (impegno) of a plan version' },
)
export type Commitment = Static<typeof Commitment>

export const CommitmentCreate = Type.Object(
  {
    who: Ref(CommitmentParty),
    responsibleName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    what: Type.String({ minLength: 1, maxLength: 2000 }),
    dueDate: DateOnly,
    partnerOrganisationId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'Only with `who: partner`: the partner organisation the case is referred to (requested or accepted referral)' }))),
  },
  { $id: 'CommitmentCreate', additionalProperties: false, description: 'A new commitment of a draft version; it starts `open`' },
)
export type CommitmentCreate = Static<typeof CommitmentCreate>

export const CommitmentPatch = Type.Object(
  {
    who: Type.Optional(Ref(CommitmentParty)),
    responsibleName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    what: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    dueDate: Type.Optional(DateOnly),
    status: Type.Optional(Ref(CommitmentStatus)),
    rescheduledTo: Type.Optional(Nullable(DateOnly)),
    doneOn: Type.Optional(Nullable(Type.String({ format: 'date', description: 'The day the commitment was met (only with `met`; today when `met` is set without it; not in the future)' }))),
    partnerOrganisationId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'Only with `who: partner`: the partner organisation the case is referred to' }))),
  },
  {
    $id: 'CommitmentPatch',
    additionalProperties: false,
    description:
      'JSON Merge Patch (RFC 7396) of a commitment. On a signed version only `status`, `rescheduledTo` and `doneOn` may change; `rescheduled` needs `rescheduledTo` after the due date; `doneOn` goes with `met` only.',
  },
)
export type CommitmentPatch = Static<typeof CommitmentPatch>

export const CommitmentListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Ref(CommitmentStatus)),
})
export type CommitmentListQuery = Static<typeof CommitmentListQuery>

export const CommitmentPage = Page(Ref(Commitment), { $id: 'CommitmentPage', description: 'Commitments of a plan version by due date' })
export type CommitmentPage = Static<typeof CommitmentPage>

export const OverdueCommitment = Type.Object(
  {
    ...Commitment.properties,
    personId: Uuid,
    personName: Type.String({ description: 'Given and family name of the person of the case' }),
    caseManagerId: Uuid,
  },
  { $id: 'OverdueCommitment', additionalProperties: false, description: 'An overdue commitment with the case it belongs to' },
)
export type OverdueCommitment = Static<typeof OverdueCommitment>

export const OverdueCommitmentListQuery = Type.Object({
  ...PageQuery.properties,
  assignedTo: Type.Optional(AssignedTo),
})
export type OverdueCommitmentListQuery = Static<typeof OverdueCommitmentListQuery>

export const OverdueCommitmentPage = Page(Ref(OverdueCommitment), { $id: 'OverdueCommitmentPage', description: 'Overdue commitments, the oldest due date first' })
export type OverdueCommitmentPage = Static<typeof OverdueCommitmentPage>

export const PlanAwaitingApproval = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    versionNumber: Type.Integer({ format: 'int32', minimum: 1, description: 'Version of the plan within the case' }),
    submittedAt: Instant,
    submittedBy: Nullable(Uuid),
    submittedByName: Nullable(Type.String({ description: 'Given and family name of who submitted the version' })),
    person: Ref(CasePerson),
  },
  { $id: 'PlanAwaitingApproval', additionalProperties: false, description: 'A submitted plan version waiting for a coordinator\'s approval' },
)
export type PlanAwaitingApproval = Static<typeof PlanAwaitingApproval>

export const PlanAwaitingApprovalListQuery = Type.Object({ ...PageQuery.properties })
export type PlanAwaitingApprovalListQuery = Static<typeof PlanAwaitingApprovalListQuery>

export const PlanAwaitingApprovalPage = Page(Ref(PlanAwaitingApproval), { $id: 'PlanAwaitingApprovalPage', description: 'Submitted plan versions, the oldest submission first' })
export type PlanAwaitingApprovalPage = Static<typeof PlanAwaitingApprovalPage>
