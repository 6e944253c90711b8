/**
 * Matches (candidature / abbinamenti, DOMAIN.md §4): a person of a case proposed for a vacancy,
 * moved along proposed → cv_sent → interview → trial → hired | rejected | withdrawn with every step
 * kept (who, when). `trial` may create the internship and `hired` creates the job placement, in the
 * same transaction. A match carries personal data and follows its case's visibility.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { DateOnly, Instant, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { CasePerson, OrganisationRef, UserRef } from './cases.js'
import { CompanyRef } from './companies.js'
import { VacancyContractType, VacancyStatus } from './vacancies.js'

/** Null first: with the API's type coercion a `null` must match the null branch before being coerced into 0 or "". */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema])

export const MATCH_STATUSES = ['proposed', 'cv_sent', 'interview', 'trial', 'hired', 'rejected', 'withdrawn'] as const
export type MatchStatus = (typeof MATCH_STATUSES)[number]
export const MatchStatus = Type.Enum(MATCH_STATUSES, {
  $id: 'MatchStatus',
  description: '`proposed` (proposta), `cv_sent` (CV inviato), `interview` (colloquio), `trial` (prova / tirocinio), `hired` (assunta), `rejected` (non selezionata), `withdrawn` (ritirata)',
})

/** The pipeline: one step forward (trial may be skipped after the interview), or out (rejected, withdrawn) from any open stage. */
export const MATCH_TRANSITIONS: Record<MatchStatus, readonly MatchStatus[]> = {
  proposed: ['cv_sent', 'rejected', 'withdrawn'],
  cv_sent: ['interview', 'rejected', 'withdrawn'],
  interview: ['trial', 'hired', 'rejected', 'withdrawn'],
  trial: ['hired', 'rejected', 'withdrawn'],
  hired: [],
  rejected: [],
  withdrawn: [],
}
export const isMatchTransitionAllowed = (from: MatchStatus, to: MatchStatus) => MATCH_TRANSITIONS[from].includes(to)
/** The stages a candidate is still in the running at (the kanban's columns before the outcomes). */
export const OPEN_MATCH_STATUSES = ['proposed', 'cv_sent', 'interview', 'trial'] as const satisfies readonly MatchStatus[]
export const isMatchOpen = (status: MatchStatus) => (OPEN_MATCH_STATUSES as readonly MatchStatus[]).includes(status)

export const MatchStep = Type.Object(
  {
    from: Nullable(Ref(MatchStatus)),
    to: Ref(MatchStatus),
    reason: Nullable(Type.String()),
    by: Nullable(Ref(UserRef)),
    at: Instant,
  },
  { $id: 'MatchStep', additionalProperties: false, description: 'One move of the match (the first one, from null, is the proposal)' },
)
export type MatchStep = Static<typeof MatchStep>

export const MatchVacancyRef = Type.Object(
  { id: Uuid, title: Type.String(), status: Ref(VacancyStatus), company: Ref(CompanyRef) },
  { $id: 'MatchVacancyRef', additionalProperties: false },
)

export const Match = Type.Object(
  {
    id: Uuid,
    vacancy: Ref(MatchVacancyRef),
    caseId: Uuid,
    person: Ref(CasePerson),
    municipality: Ref(OrganisationRef),
    status: Ref(MatchStatus),
    note: Nullable(Type.String({ description: 'Why the person fits' })),
    proposedBy: Nullable(Ref(UserRef)),
    proposedByOrganisation: Ref(OrganisationRef),
    steps: Type.Array(Ref(MatchStep), { description: 'Every move, oldest first' }),
    internshipMeasureId: Nullable(Type.String({ format: 'uuid', description: 'The internship created when the match went to trial' })),
    placementMeasureId: Nullable(Type.String({ format: 'uuid', description: 'The job placement created when the person was hired' })),
    allowedTransitions: Type.Array(Ref(MatchStatus), { description: 'The statuses the caller may move the match to now' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Match', additionalProperties: false },
)
export type Match = Static<typeof Match>

export const MatchCreate = Type.Object(
  {
    caseId: Type.String({ format: 'uuid', description: 'The case of the person: one with an accepted referral to the caller\'s organisation, or a case of the caller\'s municipality' }),
    note: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }))),
  },
  { $id: 'MatchCreate', additionalProperties: false },
)
export type MatchCreate = Static<typeof MatchCreate>

const Hours = (description: string, maximum: number) => Type.Number({ format: 'double', minimum: 0, maximum, multipleOf: 0.25, description: `${description} (hours, in quarters of an hour)` })

export const MatchInternshipInput = Type.Object(
  {
    kind: Type.Optional(Type.Enum(['internship_orientation', 'internship_reintegration', 'internship_inclusion'], { default: 'internship_orientation', description: 'The kind of internship (default orientation)' })),
    startDate: DateOnly,
    plannedEndDate: DateOnly,
    dailyHours: Hours('Daily hours', 24),
    weeklyHours: Hours('Weekly hours', 60),
    monthlyAllowanceCents: Type.Integer({ format: 'int64', minimum: 0, maximum: 10000000, description: 'Monthly gross allowance in euro cents' }),
    mealVouchers: Type.Optional(Type.Boolean({ description: 'Meal vouchers or canteen' })),
    eqfLevel: Type.Integer({ format: 'int32', minimum: 1, maximum: 8, description: 'EQF level of the competences the internship builds' }),
    targetGroup: Type.Enum(['unemployed', 'disadvantaged_l381', 'disabled_l68', 'other'], { description: 'Who the internship is for (never the diagnosis)' }),
    hostSiteId: Type.Optional(Type.String({ format: 'uuid', description: 'Host site (default: the vacancy\'s site, else the company\'s headquarters)' })),
    hostTutorId: Type.Optional(Type.String({ format: 'uuid', description: 'Host tutor: a contact of the company' })),
    promoterTutorId: Type.Optional(Type.String({ format: 'uuid', description: 'Promoter tutor (default: the caller)' })),
    planId: Type.Optional(Type.String({ format: 'uuid', description: 'The signed plan (an inclusion internship needs it)' })),
    ruleOverride: Type.Optional(Type.Object({ justification: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false, description: 'A coordinator of the case\'s municipality saves despite the regional rules broken, with a justification' })),
  },
  { $id: 'MatchInternshipInput', additionalProperties: false, description: 'The internship `trial` creates; the host company, site, ATECO code and profile come from the company and the vacancy, the regional rules apply' },
)
export type MatchInternshipInput = Static<typeof MatchInternshipInput>

export const MatchPlacementInput = Type.Object(
  {
    startDate: Type.Optional(DateOnly),
    contractType: Type.Optional(Ref(VacancyContractType)),
    fixedTermMonths: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 120, description: 'Months of a fixed-term contract' })),
    weeklyHours: Type.Optional(Hours('Weekly hours of a part-time contract', 60)),
    l68Quota: Type.Optional(Type.Boolean({ description: 'Hired within the company\'s L. 68 quota' })),
  },
  { $id: 'MatchPlacementInput', additionalProperties: false, description: 'The job placement `hired` creates; the start date defaults to today, the contract to the vacancy\'s' },
)
export type MatchPlacementInput = Static<typeof MatchPlacementInput>

export const MatchTransitionRequest = Type.Object(
  {
    to: Ref(MatchStatus),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why (required for `rejected` and `withdrawn`)' })),
    internship: Type.Optional(Ref(MatchInternshipInput)),
    placement: Type.Optional(Ref(MatchPlacementInput)),
  },
  { $id: 'MatchTransitionRequest', additionalProperties: false, description: '`internship` only with `trial` (optional: a trial without it creates no internship); `placement` required with `hired`' },
)
export type MatchTransitionRequest = Static<typeof MatchTransitionRequest>

export const MatchListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Array(Ref(MatchStatus), { maxItems: 7, description: 'Only matches in these statuses (repeat for several)' })),
})
export type MatchListQuery = Static<typeof MatchListQuery>

export const MatchPage = Page(Ref(Match), { $id: 'MatchPage', description: 'A page of matches the caller may see (their case is visible to them)' })
export type MatchPage = Static<typeof MatchPage>
