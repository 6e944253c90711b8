/**
 * Vacancies (opportunità, DOMAIN.md §4): a company's open positions with their CP ISTAT profile,
 * contract and requirements. Positions filled are counted from hires, never typed in; a vacancy
 * whose positions are all filled becomes `filled`.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { DateOnly, Instant, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { OrganisationRef, UserRef } from './cases.js'
import { CompanyRef } from './companies.js'

/** Null first: with the API's type coercion a `null` must match the null branch before being coerced into 0 or "". */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema])

export const VACANCY_STATUSES = ['open', 'filled', 'closed'] as const
export type VacancyStatus = (typeof VACANCY_STATUSES)[number]
export const VacancyStatus = Type.Enum(VACANCY_STATUSES, {
  $id: 'VacancyStatus',
  description: '`open` (aperta), `filled` (coperta: every position filled by a hire; set by the hires, never by hand), `closed` (chiusa)',
})

/** By hand only `open → closed` and `closed → open`; `filled` follows the hires. */
export const VACANCY_MANUAL_TRANSITIONS: Record<VacancyStatus, readonly VacancyStatus[]> = { open: ['closed'], filled: [], closed: ['open'] }

/** The contract types of a vacancy: those of a job placement (DOMAIN.md §3), so a hire carries the vacancy's contract over; part time is `weeklyHours`. */
export const VACANCY_CONTRACT_TYPES = ['permanent', 'fixed_term', 'apprenticeship', 'temporary_agency', 'other'] as const
export type VacancyContractType = (typeof VACANCY_CONTRACT_TYPES)[number]
export const VacancyContractType = Type.Enum(VACANCY_CONTRACT_TYPES, {
  $id: 'VacancyContractType',
  description: '`permanent` (tempo indeterminato), `fixed_term` (tempo determinato, with `contractMonths`), `apprenticeship` (apprendistato), `temporary_agency` (somministrazione), `other`; part time is told by `weeklyHours`',
})

const ProfileCode = Type.String({ pattern: '^[0-9](\\.[0-9]){0,4}$', maxLength: 20, description: 'CP ISTAT professional profile code', examples: ['8.1.4.3.0'] })
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description })
const Positions = Type.Integer({ format: 'int32', minimum: 1, maximum: 1000, description: 'Positions offered' })

export const VacancySiteRef = Type.Object({ id: Uuid, name: Type.String(), municipality: Type.String() }, { $id: 'VacancySiteRef', additionalProperties: false })

export const MatchStageCounts = Type.Object(
  {
    proposed: Type.Integer({ format: 'int32' }),
    cv_sent: Type.Integer({ format: 'int32' }),
    interview: Type.Integer({ format: 'int32' }),
    trial: Type.Integer({ format: 'int32' }),
    hired: Type.Integer({ format: 'int32' }),
    rejected: Type.Integer({ format: 'int32' }),
    withdrawn: Type.Integer({ format: 'int32' }),
  },
  { $id: 'MatchStageCounts', additionalProperties: false, description: 'Candidates at each stage (all of them, including those whose case the caller does not see)' },
)

export const VACANCY_PERMISSIONS = ['update', 'transition', 'propose'] as const
export const VacancyPermission = Type.Enum(VACANCY_PERMISSIONS, { $id: 'VacancyPermission' })
export type VacancyPermission = (typeof VACANCY_PERMISSIONS)[number]

export const Vacancy = Type.Object(
  {
    id: Uuid,
    company: Ref(CompanyRef),
    site: Nullable(Ref(VacancySiteRef)),
    title: Type.String(),
    profileCode: Nullable(Type.String({ description: 'CP ISTAT profile code' })),
    location: Nullable(Type.String()),
    contractType: Ref(VacancyContractType),
    contractMonths: Nullable(Type.Integer({ format: 'int32', description: 'Months of a fixed-term contract' })),
    weeklyHours: Nullable(Type.Integer({ format: 'int32' })),
    positions: Type.Integer({ format: 'int32' }),
    positionsFilled: Type.Integer({ format: 'int32', description: 'Counted from the hires' }),
    requirements: Nullable(Type.String()),
    deadline: Nullable(DateOnly),
    status: Ref(VacancyStatus),
    statusReason: Nullable(Type.String()),
    ownerOrganisation: Ref(OrganisationRef),
    createdBy: Nullable(Ref(UserRef)),
    matchCounts: Ref(MatchStageCounts),
    allowedTransitions: Type.Array(Ref(VacancyStatus)),
    permissions: Type.Array(Ref(VacancyPermission)),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Vacancy', additionalProperties: false },
)
export type Vacancy = Static<typeof Vacancy>

export const VacancyCreate = Type.Object(
  {
    companyId: Type.String({ format: 'uuid' }),
    siteId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'A site of the company' }))),
    title: Text(200, 'Job title'),
    profileCode: Type.Optional(Nullable(ProfileCode)),
    location: Type.Optional(Nullable(Text(200, 'Where the work is'))),
    contractType: Ref(VacancyContractType),
    contractMonths: Type.Optional(Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 60 }))),
    weeklyHours: Type.Optional(Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 48 }))),
    positions: Positions,
    requirements: Type.Optional(Nullable(Text(5000, 'Requirements'))),
    deadline: Type.Optional(Nullable(DateOnly)),
  },
  { $id: 'VacancyCreate', additionalProperties: false },
)
export type VacancyCreate = Static<typeof VacancyCreate>

export const VacancyPatch = Type.Object(
  {
    siteId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    title: Type.Optional(Text(200, 'Job title')),
    profileCode: Type.Optional(Nullable(ProfileCode)),
    location: Type.Optional(Nullable(Text(200, 'Where the work is'))),
    contractType: Type.Optional(Ref(VacancyContractType)),
    contractMonths: Type.Optional(Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 60 }))),
    weeklyHours: Type.Optional(Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 48 }))),
    positions: Type.Optional(Positions),
    requirements: Type.Optional(Nullable(Text(5000, 'Requirements'))),
    deadline: Type.Optional(Nullable(DateOnly)),
  },
  { $id: 'VacancyPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a vacancy; positions may not go below those filled (422)' },
)
export type VacancyPatch = Static<typeof VacancyPatch>

export const VacancyListQuery = Type.Object({
  ...PageQuery.properties,
  companyId: Type.Optional(Uuid),
  status: Type.Optional(Type.Array(Ref(VacancyStatus), { maxItems: 3, description: 'Only vacancies in these statuses (repeat the parameter for several)' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the title or of the company\'s name' })),
})
export type VacancyListQuery = Static<typeof VacancyListQuery>

export const VacancyPage = Page(Ref(Vacancy), { $id: 'VacancyPage', description: 'A page of vacancies, newest first' })
export type VacancyPage = Static<typeof VacancyPage>

export const VacancyTransitionRequest = Type.Object(
  {
    to: Ref(VacancyStatus),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })),
  },
  { $id: 'VacancyTransitionRequest', additionalProperties: false },
)
export type VacancyTransitionRequest = Static<typeof VacancyTransitionRequest>
