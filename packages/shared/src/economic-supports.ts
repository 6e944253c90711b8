/**
 * Economic supports of a case (contributi economici, DOMAIN.md §2): type, amount in integer cents,
 * period, the coordinator's decision (requested → approved | rejected; the approved amount may be
 * lower) and the payment (approved → paid). Visible to municipality staff only.
 */
import { Type, type Static } from 'typebox'
import { CasePerson } from './cases.js'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'

/** Identical to `ECONOMIC_SUPPORT_TYPES` of the database schema. */
export const ECONOMIC_SUPPORT_TYPES = ['emergency_grant', 'rent', 'utilities', 'work_grant', 'training_grant', 'transport', 'other'] as const
export const EconomicSupportType = Type.Enum(ECONOMIC_SUPPORT_TYPES, {
  $id: 'EconomicSupportType',
  description: 'emergency_grant (contributo straordinario), rent (affitto), utilities (utenze), work_grant (borsa lavoro), training_grant (borsa formazione), transport (trasporti), other',
})
export type EconomicSupportType = (typeof ECONOMIC_SUPPORT_TYPES)[number]

/** Identical to `ECONOMIC_SUPPORT_STATUSES` of the database schema. */
export const ECONOMIC_SUPPORT_STATUSES = ['requested', 'approved', 'rejected', 'paid'] as const
export const EconomicSupportStatus = Type.Enum(ECONOMIC_SUPPORT_STATUSES, {
  $id: 'EconomicSupportStatus',
  description: 'requested → approved | rejected (a coordinator decides); approved → paid',
})
export type EconomicSupportStatus = (typeof ECONOMIC_SUPPORT_STATUSES)[number]

/** Amounts are integer euro cents; zero or less answers 422 naming the field. */
const AmountCents = Type.Integer({ format: 'int64', maximum: Number.MAX_SAFE_INTEGER, description: 'Amount in euro cents, greater than zero', examples: [30000] })
const Purpose = Type.String({ minLength: 1, maxLength: 2000, description: 'Why the support is requested' })

/** What the caller may do on a support now (the same checks its write endpoints make). */
export const ECONOMIC_SUPPORT_PERMISSIONS = ['update', 'decide', 'recordPayment'] as const
export const EconomicSupportPermission = Type.Enum(ECONOMIC_SUPPORT_PERMISSIONS, {
  $id: 'EconomicSupportPermission',
  description: '`update` (the request, while requested), `decide` (approve or reject it, a coordinator, while requested), `recordPayment` (a coordinator, once approved)',
})
export type EconomicSupportPermission = (typeof ECONOMIC_SUPPORT_PERMISSIONS)[number]

export const EconomicSupport = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    type: Ref(EconomicSupportType),
    amountCents: Type.Integer({ format: 'int64', minimum: 1, description: 'Requested amount for the whole period, in euro cents' }),
    approvedAmountCents: Nullable(Type.Integer({ format: 'int64', minimum: 1, description: 'Approved amount in euro cents (at most the requested one); null until approved' })),
    periodFrom: DateOnly,
    periodTo: DateOnly,
    purpose: Nullable(Purpose),
    status: Ref(EconomicSupportStatus),
    decisionNote: Nullable(Type.String({ description: 'The coordinator\'s note on the decision (the reason of a rejection)' })),
    requestedBy: Nullable(Uuid),
    requestedByName: Nullable(Type.String()),
    decidedBy: Nullable(Uuid),
    decidedByName: Nullable(Type.String()),
    decidedAt: Nullable(Instant),
    paidOn: Nullable(DateOnly),
    permissions: Type.Array(Ref(EconomicSupportPermission), { description: 'The actions the caller may take on the support now (computed by the same rules the API checks)' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'EconomicSupport', additionalProperties: false },
)
export type EconomicSupport = Static<typeof EconomicSupport>

export const EconomicSupportCreate = Type.Object(
  {
    type: Ref(EconomicSupportType),
    amountCents: AmountCents,
    periodFrom: DateOnly,
    periodTo: DateOnly,
    purpose: Type.Optional(Nullable(Purpose)),
  },
  { $id: 'EconomicSupportCreate', additionalProperties: false, description: 'A request of economic support; `periodFrom` ≤ `periodTo` and `amountCents` > 0 (422 naming the field otherwise)' },
)
export type EconomicSupportCreate = Static<typeof EconomicSupportCreate>

export const EconomicSupportPatch = Type.Object(
  {
    type: Type.Optional(Ref(EconomicSupportType)),
    amountCents: Type.Optional(AmountCents),
    periodFrom: Type.Optional(DateOnly),
    periodTo: Type.Optional(DateOnly),
    purpose: Type.Optional(Nullable(Purpose)),
  },
  { $id: 'EconomicSupportPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a request still to be decided' },
)
export type EconomicSupportPatch = Static<typeof EconomicSupportPatch>

export const ECONOMIC_SUPPORT_DECISIONS = ['approved', 'rejected'] as const

export const EconomicSupportDecision = Type.Object(
  {
    to: Type.Enum(ECONOMIC_SUPPORT_DECISIONS, { description: 'The decision' }),
    approvedAmountCents: Type.Optional(Type.Integer({ format: 'int64', maximum: Number.MAX_SAFE_INTEGER, description: 'Only when approving: the amount granted, > 0 and at most the requested one; defaults to the requested amount' })),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'The decision note; required to reject (the reason)' })),
  },
  { $id: 'EconomicSupportDecision', additionalProperties: false, description: 'The coordinator\'s decision on a requested support' },
)
export type EconomicSupportDecision = Static<typeof EconomicSupportDecision>

export const EconomicSupportPayment = Type.Object(
  {
    paidOn: DateOnly,
  },
  { $id: 'EconomicSupportPayment', additionalProperties: false, description: 'Records the payment of an approved support: not before the approval, not in the future' },
)
export type EconomicSupportPayment = Static<typeof EconomicSupportPayment>

export const EconomicSupportListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Ref(EconomicSupportStatus)),
  type: Type.Optional(Ref(EconomicSupportType)),
})
export type EconomicSupportListQuery = Static<typeof EconomicSupportListQuery>

export const EconomicSupportPage = Page(Ref(EconomicSupport), { $id: 'EconomicSupportPage', description: 'A page of the case\'s economic supports, most recent request first' })
export type EconomicSupportPage = Static<typeof EconomicSupportPage>

export const EconomicSupportAwaitingDecision = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    type: Ref(EconomicSupportType),
    amountCents: Type.Integer({ format: 'int64', minimum: 1, description: 'Requested amount for the whole period, in euro cents' }),
    periodFrom: DateOnly,
    periodTo: DateOnly,
    requestedBy: Nullable(Uuid),
    requestedByName: Nullable(Type.String({ description: 'Given and family name of who requested the support' })),
    createdAt: Instant,
    person: Ref(CasePerson),
  },
  { $id: 'EconomicSupportAwaitingDecision', additionalProperties: false, description: 'A requested economic support waiting for a coordinator\'s decision' },
)
export type EconomicSupportAwaitingDecision = Static<typeof EconomicSupportAwaitingDecision>

export const EconomicSupportAwaitingDecisionListQuery = Type.Object({ ...PageQuery.properties })
export type EconomicSupportAwaitingDecisionListQuery = Static<typeof EconomicSupportAwaitingDecisionListQuery>

export const EconomicSupportAwaitingDecisionPage = Page(Ref(EconomicSupportAwaitingDecision), {
  $id: 'EconomicSupportAwaitingDecisionPage',
  description: 'Requested economic supports, the oldest request first',
})
export type EconomicSupportAwaitingDecisionPage = Static<typeof EconomicSupportAwaitingDecisionPage>
