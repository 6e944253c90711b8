/**
 * Work measures (misure / percorsi, DOMAIN.md §3): internships under the regional rules, job
 * placements, work grants and individual tutoring, each belonging to a case. A measure is a union
 * discriminated by `kind`, one schema per kind, so the OpenAPI document shows each. Sub-resources:
 * monthly attendance with the allowance due, tutoring sessions, work-grant payments and the
 * follow-ups at 1, 3, 6 and 12 months.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { Cents, DateOnly, Instant, Page, PageQuery, ProblemViolation, Ref, Uuid, Version } from './common.js'
import { CasePerson, OrganisationRef, UserRef } from './cases.js'
import { CompanyRef } from './companies.js'
import { INTERNSHIP_TARGET_GROUPS } from './internship-rules.js'
import { VacancyContractType } from './vacancies.js'

/** Null first: with the API's type coercion a `null` must match the null branch before being coerced into 0 or "". */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema])
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description })
const Hours = (description: string, maximum: number) => Type.Number({ format: 'double', minimum: 0, maximum, multipleOf: 0.25, description: `${description} (hours, in quarters of an hour)` })
export const MeasureMonth = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'Calendar month, e.g. `2026-10`', examples: ['2026-10'] })

// ---------------------------------------------------------------------------------------------
// Kinds, statuses, transitions

export const INTERNSHIP_KINDS = ['internship_orientation', 'internship_reintegration', 'internship_inclusion'] as const
export type InternshipKind = (typeof INTERNSHIP_KINDS)[number]
export const MEASURE_KINDS = [...INTERNSHIP_KINDS, 'job_placement', 'work_grant', 'tutoring'] as const
export type MeasureKind = (typeof MEASURE_KINDS)[number]
export const MeasureKind = Type.Enum(MEASURE_KINDS, {
  $id: 'MeasureKind',
  description:
    '`internship_orientation` (tirocinio di formazione e orientamento), `internship_reintegration` (tirocinio di inserimento / reinserimento), `internship_inclusion` (tirocinio di inclusione sociale, TIS: needs the signed plan), `job_placement` (inserimento lavorativo), `work_grant` (borsa lavoro), `tutoring` (tutoring e accompagnamento individualizzato)',
})
export const isInternshipKind = (kind: MeasureKind): kind is InternshipKind => (INTERNSHIP_KINDS as readonly string[]).includes(kind)

export const MEASURE_STATUSES = ['draft', 'proposed', 'agreement_signed', 'active', 'suspended', 'completed', 'interrupted'] as const
export type MeasureStatus = (typeof MEASURE_STATUSES)[number]
export const MeasureStatus = Type.Enum(MEASURE_STATUSES, {
  $id: 'MeasureStatus',
  description:
    'Internships: `draft` (bozza) → `proposed` (proposto) → `agreement_signed` (convenzione firmata) → `active` (in corso) ⇄ `suspended` (sospeso) → `completed` (concluso, with the outcome) | `interrupted` (interrotto, with the reason). Placements, work grants and tutoring start `active`.',
})

/** The internship diagram of DOMAIN.md §3 as data; `interrupted` is reachable from every open status. */
export const INTERNSHIP_TRANSITIONS: Record<MeasureStatus, readonly MeasureStatus[]> = {
  draft: ['proposed', 'interrupted'],
  proposed: ['agreement_signed', 'interrupted'],
  agreement_signed: ['active', 'interrupted'],
  active: ['suspended', 'completed', 'interrupted'],
  suspended: ['active', 'interrupted'],
  completed: [],
  interrupted: [],
}
/** Placements, work grants and tutoring: they start active. */
export const OTHER_MEASURE_TRANSITIONS: Record<MeasureStatus, readonly MeasureStatus[]> = {
  draft: [],
  proposed: [],
  agreement_signed: [],
  active: ['suspended', 'completed', 'interrupted'],
  suspended: ['active', 'interrupted'],
  completed: [],
  interrupted: [],
}
export const measureTransitions = (kind: MeasureKind) => (isInternshipKind(kind) ? INTERNSHIP_TRANSITIONS : OTHER_MEASURE_TRANSITIONS)
export const isMeasureTransitionAllowed = (kind: MeasureKind, from: MeasureStatus, to: MeasureStatus) => measureTransitions(kind)[from].includes(to)
/** Statuses a measure has ended in (follow-ups are scheduled from the end). */
export const ENDED_MEASURE_STATUSES = ['completed', 'interrupted'] as const satisfies readonly MeasureStatus[]
export const isMeasureEnded = (status: MeasureStatus) => (ENDED_MEASURE_STATUSES as readonly MeasureStatus[]).includes(status)
/** Statuses an internship holds a seat of its host and its tutor in (for the whole planned period). */
export const SEAT_HOLDING_STATUSES = ['draft', 'proposed', 'agreement_signed', 'active', 'suspended'] as const satisfies readonly MeasureStatus[]

export const InternshipTargetGroupSchema = Type.Enum(INTERNSHIP_TARGET_GROUPS, {
  $id: 'InternshipTargetGroup',
  description: 'Who the internship is for: `unemployed` (disoccupato), `disadvantaged_l381` (svantaggiato L. 381/1991), `disabled_l68` (disabile L. 68/1999), `other`. The measure records the group, never the diagnosis.',
})

export const INTERNSHIP_OUTCOMES = ['hired_by_host', 'hired_elsewhere', 'not_hired', 'interrupted'] as const
export type InternshipOutcome = (typeof INTERNSHIP_OUTCOMES)[number]
export const InternshipOutcome = Type.Enum(INTERNSHIP_OUTCOMES, {
  $id: 'InternshipOutcome',
  description: '`hired_by_host` (assunto dall\'azienda ospitante, with the contract type), `hired_elsewhere`, `not_hired`, `interrupted` (with the reason)',
})

export const FOLLOW_UP_MONTHS = [1, 3, 6, 12] as const
export const FOLLOW_UP_EMPLOYMENT_STATUSES = ['employed_same_employer', 'employed_elsewhere', 'self_employed', 'in_training', 'unemployed', 'unreachable'] as const
export type FollowUpEmploymentStatus = (typeof FOLLOW_UP_EMPLOYMENT_STATUSES)[number]
export const FollowUpEmploymentStatus = Type.Enum(FOLLOW_UP_EMPLOYMENT_STATUSES, {
  $id: 'FollowUpEmploymentStatus',
  description: 'At a follow-up: `employed_same_employer` (presso l\'azienda ospitante o datore del percorso), `employed_elsewhere`, `self_employed`, `in_training`, `unemployed`, `unreachable` (non rintracciabile)',
})

export const MEASURE_PERMISSIONS = ['update', 'recordAttendance', 'recordSessions', 'recordPayments', 'recordFollowUps', 'overrideRules', 'openCase'] as const
export type MeasurePermission = (typeof MEASURE_PERMISSIONS)[number]
export const MeasurePermission = Type.Enum(MEASURE_PERMISSIONS, {
  $id: 'MeasurePermission',
  description: '`update` (details, extensions), `recordAttendance`, `recordSessions`, `recordPayments`, `recordFollowUps`, `overrideRules` (a coordinator of the case\'s municipality), `openCase` (the caller works the whole case file)',
})

// ---------------------------------------------------------------------------------------------
// Parts of a measure

export const MeasureHostSite = Type.Object(
  { id: Uuid, name: Type.String(), municipality: Type.String(), region: Type.String({ description: 'Region code of the site: selects the internship rule set' }) },
  { $id: 'MeasureHostSite', additionalProperties: false },
)
export const MeasureHostTutor = Type.Object(
  { id: Uuid, name: Type.String(), role: Nullable(Type.String()) },
  { $id: 'MeasureHostTutor', additionalProperties: false, description: 'The host tutor: a contact of the company (no personal data of the person)' },
)
export const MeasureRuleSet = Type.Object(
  { code: Type.String(), name: Type.String() },
  { $id: 'MeasureRuleSet', additionalProperties: false, description: 'The regional rule set the internship is checked against (selected by the host site\'s region)' },
)

export const MeasureRuleOverride = Type.Object(
  {
    justification: Type.String(),
    by: Nullable(Ref(UserRef)),
    at: Instant,
    violations: Type.Array(Ref(ProblemViolation), { description: 'The rules broken when the override was recorded' }),
  },
  { $id: 'MeasureRuleOverride', additionalProperties: false, description: 'A coordinator saved the internship despite the rules it breaks, with a justification (audited)' },
)
export type MeasureRuleOverride = Static<typeof MeasureRuleOverride>

export const MeasureStatusChange = Type.Object(
  { from: Nullable(Ref(MeasureStatus)), to: Ref(MeasureStatus), reason: Nullable(Type.String()), by: Nullable(Ref(UserRef)), at: Instant },
  { $id: 'MeasureStatusChange', additionalProperties: false },
)
export const MeasureExtension = Type.Object(
  { previousEndDate: DateOnly, newEndDate: DateOnly, reason: Type.String(), by: Nullable(Ref(UserRef)), at: Instant },
  { $id: 'MeasureExtension', additionalProperties: false, description: 'An extension (proroga) of the planned end' },
)

export const MeasureFollowUp = Type.Object(
  {
    id: Uuid,
    measureId: Uuid,
    monthsAfter: Type.Integer({ format: 'int32', enum: [...FOLLOW_UP_MONTHS], description: 'Months after the end (1, 3, 6, 12); for a job placement, after its start' }),
    dueOn: DateOnly,
    employmentStatus: Nullable(Ref(FollowUpEmploymentStatus)),
    contractType: Nullable(Ref(VacancyContractType)),
    note: Nullable(Type.String()),
    recordedAt: Nullable(Instant),
    recordedBy: Nullable(Ref(UserRef)),
    version: Version,
  },
  { $id: 'MeasureFollowUp', additionalProperties: false, description: 'A follow-up (verifica a distanza) of the employment status after the measure' },
)
export type MeasureFollowUp = Static<typeof MeasureFollowUp>

export const InternshipDetails = Type.Object(
  {
    hostCompany: Ref(CompanyRef),
    hostSite: Ref(MeasureHostSite),
    hostTutor: Nullable(Ref(MeasureHostTutor)),
    promoterTutor: Nullable(Ref(UserRef)),
    atecoCode: Nullable(Type.String({ description: 'ATECO code of the host' })),
    profileCode: Nullable(Type.String({ description: 'CP ISTAT code of the professional profile' })),
    profileTitle: Nullable(Type.String({ description: 'The professional profile, in words' })),
    eqfLevel: Type.Integer({ format: 'int32', minimum: 1, maximum: 8 }),
    dailyHours: Type.Number({ format: 'double' }),
    weeklyHours: Type.Number({ format: 'double' }),
    monthlyAllowanceCents: Cents,
    mealVouchers: Type.Boolean({ description: 'Meal vouchers or canteen' }),
    targetGroup: Ref(InternshipTargetGroupSchema),
    trainingObjectives: Nullable(Type.String({ description: 'Training objectives and activities of the PFI' })),
    inailPolicy: Nullable(Type.String({ description: 'INAIL insurance reference' })),
    liabilityPolicy: Nullable(Type.String({ description: 'Civil liability insurance reference' })),
    mandatoryCommunicationRef: Nullable(Type.String({ description: 'Comunicazione Obbligatoria reference' })),
    ruleSet: Nullable(Ref(MeasureRuleSet)),
    extensions: Type.Array(Ref(MeasureExtension)),
    outcome: Nullable(Ref(InternshipOutcome)),
    outcomeContractType: Nullable(Ref(VacancyContractType)),
    outcomeNote: Nullable(Type.String()),
  },
  { $id: 'InternshipDetails', additionalProperties: false },
)
export type InternshipDetails = Static<typeof InternshipDetails>

export const JobPlacementDetails = Type.Object(
  {
    employer: Ref(CompanyRef),
    employerSite: Nullable(Ref(MeasureHostSite)),
    jobTitle: Nullable(Type.String()),
    profileCode: Nullable(Type.String({ description: 'CP ISTAT code' })),
    contractType: Ref(VacancyContractType),
    fixedTermMonths: Nullable(Type.Integer({ format: 'int32', description: 'Months of a fixed-term contract' })),
    partTimeWeeklyHours: Nullable(Type.Number({ format: 'double', description: 'Weekly hours of a part-time contract; null for full time' })),
    l68Quota: Type.Boolean({ description: 'Hired within the employer\'s L. 68/1999 quota' }),
    article14Convention: Type.Boolean({ description: 'Through an art. 14 D.Lgs. 276/2003 convention (commissions to a type-B cooperative)' }),
    employerIsTypeBCooperative: Type.Boolean(),
  },
  { $id: 'JobPlacementDetails', additionalProperties: false },
)
export type JobPlacementDetails = Static<typeof JobPlacementDetails>

export const WorkGrantDetails = Type.Object(
  {
    hostCompany: Ref(CompanyRef),
    hostSite: Nullable(Ref(MeasureHostSite)),
    funder: Type.String({ description: 'Who pays the grant (e.g. the municipality, a foundation)' }),
    monthlyAmountCents: Cents,
    weeklyHours: Type.Number({ format: 'double' }),
    paidTotalCents: Cents,
  },
  { $id: 'WorkGrantDetails', additionalProperties: false },
)
export type WorkGrantDetails = Static<typeof WorkGrantDetails>

export const TutoringDetails = Type.Object(
  {
    tutor: Nullable(Ref(UserRef)),
    goals: Nullable(Type.String()),
    sessionsCount: Type.Integer({ format: 'int32', minimum: 0 }),
    sessionsMinutes: Type.Integer({ format: 'int32', minimum: 0, description: 'Total duration of the sessions, in minutes' }),
  },
  { $id: 'TutoringDetails', additionalProperties: false },
)
export type TutoringDetails = Static<typeof TutoringDetails>

// ---------------------------------------------------------------------------------------------
// The measure: one schema per kind

const measureCommon = {
  id: Uuid,
  caseId: Uuid,
  person: Ref(CasePerson),
  municipality: Ref(OrganisationRef),
  promoterOrganisation: Ref(OrganisationRef),
  status: Ref(MeasureStatus),
  statusReason: Nullable(Type.String()),
  planId: Nullable(Type.String({ format: 'uuid', description: 'The individual plan the measure belongs to' })),
  planCommitmentId: Nullable(Type.String({ format: 'uuid', description: 'The plan commitment it serves' })),
  startDate: DateOnly,
  plannedEndDate: Nullable(DateOnly),
  endDate: Nullable(Type.String({ format: 'date', description: 'When it actually ended (completed or interrupted)' })),
  statusChanges: Type.Array(Ref(MeasureStatusChange), { description: 'Every status change, oldest first' }),
  ruleOverride: Nullable(Ref(MeasureRuleOverride)),
  followUps: Type.Array(Ref(MeasureFollowUp)),
  allowedTransitions: Type.Array(Ref(MeasureStatus), { description: 'The statuses the caller may move the measure to now' }),
  permissions: Type.Array(Ref(MeasurePermission)),
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
}

const kindSchema = <K extends MeasureKind, P extends Record<string, TSchema>>(kind: K, $id: string, description: string, properties: P) =>
  Type.Object({ kind: Type.Literal(kind), ...measureCommon, ...properties }, { $id, additionalProperties: false, description })

export const InternshipOrientationMeasure = kindSchema('internship_orientation', 'InternshipOrientationMeasure', 'Tirocinio di formazione e orientamento', { internship: Ref(InternshipDetails) })
export const InternshipReintegrationMeasure = kindSchema('internship_reintegration', 'InternshipReintegrationMeasure', 'Tirocinio di inserimento / reinserimento', { internship: Ref(InternshipDetails) })
export const InternshipInclusionMeasure = kindSchema('internship_inclusion', 'InternshipInclusionMeasure', 'Tirocinio di inclusione sociale (TIS): linked to the signed individual plan', { internship: Ref(InternshipDetails) })
export const JobPlacementMeasure = kindSchema('job_placement', 'JobPlacementMeasure', 'Inserimento lavorativo', { jobPlacement: Ref(JobPlacementDetails) })
export const WorkGrantMeasure = kindSchema('work_grant', 'WorkGrantMeasure', 'Borsa lavoro', { workGrant: Ref(WorkGrantDetails) })
export const TutoringMeasure = kindSchema('tutoring', 'TutoringMeasure', 'Tutoring e accompagnamento individualizzato', { tutoring: Ref(TutoringDetails) })

/**
 * A union discriminated by `kind` (`oneOf` + `discriminator`): the API's validator picks the branch
 * by the tag, so a body's errors are those of its own kind only.
 */
const Discriminated = <T extends TSchema[]>(branches: [...T], options: { $id: string; description: string }) =>
  Type.Unsafe<Static<T[number]>>({ ...options, type: 'object', required: ['kind'], discriminator: { propertyName: 'kind' }, oneOf: branches })

export const Measure = Discriminated(
  [Ref(InternshipOrientationMeasure), Ref(InternshipReintegrationMeasure), Ref(InternshipInclusionMeasure), Ref(JobPlacementMeasure), Ref(WorkGrantMeasure), Ref(TutoringMeasure)],
  { $id: 'Measure', description: 'A work measure, discriminated by `kind`' },
)
export type InternshipMeasure = Static<typeof InternshipOrientationMeasure> | Static<typeof InternshipReintegrationMeasure> | Static<typeof InternshipInclusionMeasure>
export type Measure = InternshipMeasure | Static<typeof JobPlacementMeasure> | Static<typeof WorkGrantMeasure> | Static<typeof TutoringMeasure>

// ---------------------------------------------------------------------------------------------
// Creating: one body per kind

export const MeasureRuleOverrideInput = Type.Object(
  { justification: Text(2000, 'Why the internship goes ahead despite the rules it breaks') },
  { $id: 'MeasureRuleOverrideInput', additionalProperties: false, description: 'Only a coordinator of the case\'s municipality (403 otherwise); audited and shown on the measure' },
)

const OptionalText = (maxLength: number, description: string) => Type.Optional(Nullable(Text(maxLength, description)))

export const InternshipInput = Type.Object(
  {
    hostCompanyId: Type.String({ format: 'uuid', description: 'The host company (soggetto ospitante)' }),
    hostSiteId: Type.String({ format: 'uuid', description: 'The host site: its region selects the rule set' }),
    hostTutorId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The host tutor: a contact of the company' }))),
    promoterTutorId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The promoter tutor: a user of the promoter organisation (default: the caller)' }))),
    atecoCode: OptionalText(20, 'ATECO code of the host (default: the company\'s)'),
    profileCode: OptionalText(20, 'CP ISTAT code of the professional profile'),
    profileTitle: OptionalText(200, 'The professional profile, in words'),
    eqfLevel: Type.Integer({ format: 'int32', minimum: 1, maximum: 8, description: 'EQF level of the competences the internship builds' }),
    dailyHours: Hours('Daily hours', 12),
    weeklyHours: Hours('Weekly hours', 48),
    monthlyAllowanceCents: Type.Integer({ format: 'int64', minimum: 0, maximum: 10_000_000, description: 'Monthly gross allowance in euro cents' }),
    mealVouchers: Type.Optional(Type.Boolean({ default: false, description: 'Meal vouchers or canteen' })),
    targetGroup: Ref(InternshipTargetGroupSchema),
    trainingObjectives: OptionalText(4000, 'Training objectives and activities of the PFI'),
    inailPolicy: OptionalText(100, 'INAIL insurance reference'),
    liabilityPolicy: OptionalText(100, 'Civil liability insurance reference'),
    mandatoryCommunicationRef: OptionalText(100, 'Comunicazione Obbligatoria reference'),
  },
  { $id: 'InternshipInput', additionalProperties: false },
)
export type InternshipInput = Static<typeof InternshipInput>

export const JobPlacementInput = Type.Object(
  {
    employerId: Type.String({ format: 'uuid', description: 'The employer (a company of the book)' }),
    employerSiteId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    jobTitle: OptionalText(200, 'The job'),
    profileCode: OptionalText(20, 'CP ISTAT code'),
    contractType: Ref(VacancyContractType),
    fixedTermMonths: Type.Optional(Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 120, description: 'Months of a fixed-term contract (required for `fixed_term`)' }))),
    partTimeWeeklyHours: Type.Optional(Nullable(Hours('Weekly hours of a part-time contract; null for full time', 48))),
    l68Quota: Type.Optional(Type.Boolean({ default: false })),
    article14Convention: Type.Optional(Type.Boolean({ default: false })),
  },
  { $id: 'JobPlacementInput', additionalProperties: false, description: 'Whether the employer is a type-B cooperative comes from the company' },
)
export type JobPlacementInput = Static<typeof JobPlacementInput>

export const WorkGrantInput = Type.Object(
  {
    hostCompanyId: Type.String({ format: 'uuid' }),
    hostSiteId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    funder: Text(200, 'Who pays the grant'),
    monthlyAmountCents: Type.Integer({ format: 'int64', minimum: 1, maximum: 10_000_000, description: 'Monthly amount in euro cents' }),
    weeklyHours: Hours('Weekly hours', 48),
  },
  { $id: 'WorkGrantInput', additionalProperties: false, description: 'Rules configurable, not fixed by law' },
)
export type WorkGrantInput = Static<typeof WorkGrantInput>

export const TutoringInput = Type.Object(
  {
    tutorId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The operator who tutors (default: the caller)' }))),
    goals: OptionalText(4000, 'What the tutoring aims at'),
  },
  { $id: 'TutoringInput', additionalProperties: false },
)
export type TutoringInput = Static<typeof TutoringInput>

const createCommon = {
  promoterOrganisationId: Type.Optional(Type.String({ format: 'uuid', description: 'The organisation that runs the measure: the caller\'s partner organisation with an accepted referral of the case, or the municipality (default: the caller\'s)' })),
  planId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The case\'s individual plan (mandatory and signed for an inclusion internship)' }))),
  planCommitmentId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'A commitment of that plan the measure serves' }))),
  startDate: DateOnly,
  plannedEndDate: Type.Optional(Nullable(DateOnly)),
}
const createSchema = <K extends MeasureKind, P extends Record<string, TSchema>>(kind: K, $id: string, properties: P, description: string) =>
  Type.Object({ kind: Type.Literal(kind), ...createCommon, ...properties }, { $id, additionalProperties: false, description })
const internshipCreate = { internship: Ref(InternshipInput), ruleOverride: Type.Optional(Ref(MeasureRuleOverrideInput)) }

export const InternshipOrientationCreate = createSchema('internship_orientation', 'InternshipOrientationCreate', internshipCreate, 'A training and orientation internship; `plannedEndDate` required; the regional rules apply (422 listing every violation)')
export const InternshipReintegrationCreate = createSchema('internship_reintegration', 'InternshipReintegrationCreate', internshipCreate, 'A (re)integration internship; `plannedEndDate` required; the regional rules apply')
export const InternshipInclusionCreate = createSchema('internship_inclusion', 'InternshipInclusionCreate', internshipCreate, 'A social inclusion internship (TIS); `planId` (the signed plan) and `plannedEndDate` required; the regional rules apply')
export const JobPlacementCreate = createSchema('job_placement', 'JobPlacementCreate', { jobPlacement: Ref(JobPlacementInput) }, 'A job placement; starts active')
export const WorkGrantCreate = createSchema('work_grant', 'WorkGrantCreate', { workGrant: Ref(WorkGrantInput) }, 'A work grant; `plannedEndDate` required; starts active')
export const TutoringCreate = createSchema('tutoring', 'TutoringCreate', { tutoring: Ref(TutoringInput) }, 'Individual tutoring; starts active')

export const MeasureCreate = Discriminated(
  [Ref(InternshipOrientationCreate), Ref(InternshipReintegrationCreate), Ref(InternshipInclusionCreate), Ref(JobPlacementCreate), Ref(WorkGrantCreate), Ref(TutoringCreate)],
  { $id: 'MeasureCreate', description: 'A new measure, discriminated by `kind`' },
)
export type InternshipCreate = Static<typeof InternshipOrientationCreate> | Static<typeof InternshipReintegrationCreate> | Static<typeof InternshipInclusionCreate>
export type MeasureCreate = InternshipCreate | Static<typeof JobPlacementCreate> | Static<typeof WorkGrantCreate> | Static<typeof TutoringCreate>

// ---------------------------------------------------------------------------------------------
// Updating (JSON Merge Patch): the common fields and the kind's own part

export const MeasurePatch = Type.Object(
  {
    planId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    planCommitmentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    startDate: Type.Optional(DateOnly),
    plannedEndDate: Type.Optional(Nullable(DateOnly)),
    internship: Type.Optional(Type.Partial(InternshipInput, { additionalProperties: false })),
    jobPlacement: Type.Optional(Type.Partial(JobPlacementInput, { additionalProperties: false })),
    workGrant: Type.Optional(Type.Partial(WorkGrantInput, { additionalProperties: false })),
    tutoring: Type.Optional(Type.Partial(TutoringInput, { additionalProperties: false })),
    ruleOverride: Type.Optional(Ref(MeasureRuleOverrideInput)),
  },
  {
    $id: 'MeasurePatch',
    additionalProperties: false,
    description: 'Only the part of the measure\'s kind may be sent (422 naming the other). Internships are edited until they end; the dates and the planned end only before they start (later: an extension).',
  },
)
export type MeasurePatch = Static<typeof MeasurePatch>

export const MeasureTransitionRequest = Type.Object(
  {
    to: Ref(MeasureStatus),
    reason: Type.Optional(Text(2000, 'Why (required for `suspended` and `interrupted`)')),
    endDate: Type.Optional(Type.String({ format: 'date', description: 'When it ended (completed or interrupted; default today)' })),
    outcome: Type.Optional(Ref(InternshipOutcome)),
    outcomeContractType: Type.Optional(Ref(VacancyContractType)),
    outcomeNote: Type.Optional(Text(2000, 'A note on the outcome')),
  },
  { $id: 'MeasureTransitionRequest', additionalProperties: false, description: 'Completing an internship needs its `outcome` (with `outcomeContractType` when `hired_by_host`); interrupting one records the outcome `interrupted`.' },
)
export type MeasureTransitionRequest = Static<typeof MeasureTransitionRequest>

export const MeasureExtensionRequest = Type.Object(
  {
    newEndDate: DateOnly,
    reason: Text(2000, 'Why the internship is extended'),
    ruleOverride: Type.Optional(Ref(MeasureRuleOverrideInput)),
  },
  { $id: 'MeasureExtensionRequest', additionalProperties: false, description: 'Extends the planned end (proroga): the maximum duration counts extensions' },
)
export type MeasureExtensionRequest = Static<typeof MeasureExtensionRequest>

// ---------------------------------------------------------------------------------------------
// Lists

export const MeasureSummary = Type.Object(
  {
    id: Uuid,
    kind: Ref(MeasureKind),
    caseId: Uuid,
    person: Ref(CasePerson),
    municipality: Ref(OrganisationRef),
    promoterOrganisation: Ref(OrganisationRef),
    status: Ref(MeasureStatus),
    host: Nullable(Ref(CompanyRef)),
    promoterTutor: Nullable(Ref(UserRef)),
    startDate: DateOnly,
    plannedEndDate: Nullable(DateOnly),
    endDate: Nullable(Type.String({ format: 'date' })),
    attendanceThisMonth: Type.Union([Type.Null(), Type.Literal('recorded'), Type.Literal('missing')], { description: 'For an active or suspended internship: whether this month\'s attendance is recorded; null otherwise' }),
    followUpsDue: Type.Integer({ format: 'int32', minimum: 0, description: 'Follow-ups due within 14 days or overdue, not recorded' }),
    version: Version,
  },
  { $id: 'MeasureSummary', additionalProperties: false },
)
export type MeasureSummary = Static<typeof MeasureSummary>

export const MeasureListQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(Type.Array(Ref(MeasureKind), { maxItems: 6, description: 'Only these kinds (repeat for several)' })),
  status: Type.Optional(Type.Array(Ref(MeasureStatus), { maxItems: 7, description: 'Only these statuses (repeat for several)' })),
  hostCompanyId: Type.Optional(Type.String({ format: 'uuid', description: 'Hosted (or employed) by this company' })),
  promoterTutorId: Type.Optional(Type.String({ format: 'uuid', description: 'Followed by this promoter tutor (or tutoring operator)' })),
  endingBefore: Type.Optional(Type.String({ format: 'date', description: 'Planned to end on or before this date, not ended yet' })),
  attendanceMissing: Type.Optional(Type.Boolean({ description: 'Only running internships whose attendance of the current month is not recorded' })),
})
export type MeasureListQuery = Static<typeof MeasureListQuery>

export const MeasureSummaryPage = Page(Ref(MeasureSummary), { $id: 'MeasureSummaryPage', description: 'A page of measures the caller may see, newest first' })
export type MeasureSummaryPage = Static<typeof MeasureSummaryPage>

export const MeasureList = Type.Object(
  { items: Type.Array(Ref(Measure)), nextCursor: Nullable(Type.String({ description: 'Always null: a case has few measures' })) },
  { $id: 'MeasureList', additionalProperties: false, description: 'The measures of a case the caller may see, newest first' },
)
export type MeasureList = Static<typeof MeasureList>

// ---------------------------------------------------------------------------------------------
// Attendance

export const MeasureAttendanceMonth = Type.Object(
  {
    month: MeasureMonth,
    plannedHours: Type.Number({ format: 'double' }),
    attendedHours: Type.Number({ format: 'double' }),
    attendancePercent: Nullable(Type.Number({ format: 'double', description: 'One decimal; null when no hours were planned' })),
    allowanceBasis: Type.Enum(['full', 'proportional', 'none'], { description: '`full` at ≥ the threshold (80% in Lombardy), `proportional` below, `none` without planned hours' }),
    allowanceDueCents: Cents,
    note: Nullable(Type.String()),
    recordedBy: Nullable(Ref(UserRef)),
    version: Version,
    updatedAt: Instant,
  },
  { $id: 'MeasureAttendanceMonth', additionalProperties: false },
)
export type MeasureAttendanceMonth = Static<typeof MeasureAttendanceMonth>

export const MeasureAttendanceTotals = Type.Object(
  {
    plannedHours: Type.Number({ format: 'double' }),
    attendedHours: Type.Number({ format: 'double' }),
    attendancePercent: Nullable(Type.Number({ format: 'double' })),
    allowanceDueCents: Cents,
    finalAttestationDue: Type.Boolean({ description: 'Total attendance ≥ the threshold of planned hours (70% in Lombardy): the final attestation is issued' }),
    fullAllowanceAttendancePercent: Type.Integer({ format: 'int32' }),
    finalAttestationAttendancePercent: Type.Integer({ format: 'int32' }),
  },
  { $id: 'MeasureAttendanceTotals', additionalProperties: false },
)

export const MeasureAttendance = Type.Object(
  {
    measureId: Uuid,
    months: Type.Array(Ref(MeasureAttendanceMonth), { description: 'The months recorded, oldest first' }),
    expectedMonths: Type.Array(MeasureMonth, { description: 'Every month of the internship\'s period up to the current one' }),
    totals: Ref(MeasureAttendanceTotals),
  },
  { $id: 'MeasureAttendance', additionalProperties: false },
)
export type MeasureAttendance = Static<typeof MeasureAttendance>

export const MeasureAttendanceUpdate = Type.Object(
  {
    plannedHours: Hours('Hours planned in the month', 400),
    attendedHours: Hours('Hours attended in the month', 400),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { $id: 'MeasureAttendanceUpdate', additionalProperties: false },
)
export type MeasureAttendanceUpdate = Static<typeof MeasureAttendanceUpdate>

export const MeasureAttendanceMonthResult = Type.Object(
  { month: Ref(MeasureAttendanceMonth), totals: Ref(MeasureAttendanceTotals) },
  { $id: 'MeasureAttendanceMonthResult', additionalProperties: false },
)
export type MeasureAttendanceMonthResult = Static<typeof MeasureAttendanceMonthResult>

// ---------------------------------------------------------------------------------------------
// Tutoring sessions, payments, follow-ups

export const TutoringSession = Type.Object(
  {
    id: Uuid,
    measureId: Uuid,
    heldOn: DateOnly,
    durationMinutes: Type.Integer({ format: 'int32', minimum: 1 }),
    topic: Type.String(),
    note: Nullable(Type.String()),
    operator: Nullable(Ref(UserRef)),
    createdAt: Instant,
  },
  { $id: 'TutoringSession', additionalProperties: false },
)
export type TutoringSession = Static<typeof TutoringSession>

export const TutoringSessionCreate = Type.Object(
  {
    heldOn: DateOnly,
    durationMinutes: Type.Integer({ format: 'int32', minimum: 5, maximum: 600 }),
    topic: Text(300, 'What was worked on'),
    note: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    operatorId: Type.Optional(Type.String({ format: 'uuid', description: 'Who held it (default: the caller)' })),
  },
  { $id: 'TutoringSessionCreate', additionalProperties: false },
)
export type TutoringSessionCreate = Static<typeof TutoringSessionCreate>

export const TutoringSessionList = Type.Object(
  { items: Type.Array(Ref(TutoringSession)), nextCursor: Nullable(Type.String({ description: 'Always null' })) },
  { $id: 'TutoringSessionList', additionalProperties: false, description: 'The sessions, newest first' },
)

export const WorkGrantPayment = Type.Object(
  {
    id: Uuid,
    measureId: Uuid,
    month: MeasureMonth,
    amountCents: Cents,
    paidOn: DateOnly,
    reference: Nullable(Type.String()),
    recordedBy: Nullable(Ref(UserRef)),
    createdAt: Instant,
  },
  { $id: 'WorkGrantPayment', additionalProperties: false },
)
export type WorkGrantPayment = Static<typeof WorkGrantPayment>

export const WorkGrantPaymentCreate = Type.Object(
  {
    month: MeasureMonth,
    amountCents: Type.Integer({ format: 'int64', minimum: 1, maximum: 10_000_000 }),
    paidOn: DateOnly,
    reference: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { $id: 'WorkGrantPaymentCreate', additionalProperties: false, description: 'One payment per month of the grant' },
)
export type WorkGrantPaymentCreate = Static<typeof WorkGrantPaymentCreate>

export const WorkGrantPaymentList = Type.Object(
  { items: Type.Array(Ref(WorkGrantPayment)), nextCursor: Nullable(Type.String({ description: 'Always null' })) },
  { $id: 'WorkGrantPaymentList', additionalProperties: false },
)

export const FollowUpRecord = Type.Object(
  {
    employmentStatus: Ref(FollowUpEmploymentStatus),
    contractType: Type.Optional(Nullable(Ref(VacancyContractType))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { $id: 'FollowUpRecord', additionalProperties: false, description: 'The employment status found at the follow-up' },
)
export type FollowUpRecord = Static<typeof FollowUpRecord>

export const FollowUpDue = Type.Object(
  {
    followUp: Ref(MeasureFollowUp),
    measure: Type.Object({ id: Uuid, kind: Ref(MeasureKind), caseId: Uuid, person: Ref(CasePerson), host: Nullable(Ref(CompanyRef)), endDate: Nullable(DateOnly) }, { additionalProperties: false }),
    overdue: Type.Boolean(),
  },
  { $id: 'FollowUpDue', additionalProperties: false },
)
export type FollowUpDue = Static<typeof FollowUpDue>

export const FollowUpDueQuery = Type.Object({
  ...PageQuery.properties,
  withinDays: Type.Optional(Type.Integer({ format: 'int32', minimum: 0, maximum: 90, default: 14, description: 'Due within this many days from today (overdue ones always included)' })),
})
export type FollowUpDueQuery = Static<typeof FollowUpDueQuery>

export const FollowUpDuePage = Page(Ref(FollowUpDue), { $id: 'FollowUpDuePage', description: 'Follow-ups not recorded, overdue first then by due date' })
export type FollowUpDuePage = Static<typeof FollowUpDuePage>

export const MeasureAttendanceSheetQuery = Type.Object({
  month: MeasureMonth,
  format: Type.Enum(['pdf', 'xlsx'], { description: '`pdf` (the sheet the intern and the host tutor sign) or `xlsx`' }),
})
export type MeasureAttendanceSheetQuery = Static<typeof MeasureAttendanceSheetQuery>
