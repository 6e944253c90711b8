/**
 * Referrals (invii al servizio lavoro, DOMAIN.md §2): a case's municipality sends the person to a
 * partner organisation's job service with their recorded consent; while the referral is accepted
 * the partner sees the case header and the working profile (§1 rule 3).
 */
import { Type, type Static } from 'typebox'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { CasePerson, OrganisationRef, UserRef } from './cases.js'

export const REFERRAL_STATUSES = ['requested', 'accepted', 'rejected', 'completed', 'revoked'] as const
export const ReferralStatus = Type.Enum(REFERRAL_STATUSES, {
  $id: 'ReferralStatus',
  description: '`requested` (inviato), `accepted` (preso in carico dal partner), `rejected` (rifiutato, with reason), `completed` (concluso), `revoked` (revocato dal comune)',
})
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number]

/** The statuses in which a referral is live: at most one live referral per case and partner. */
export const LIVE_REFERRAL_STATUSES = ['requested', 'accepted'] as const satisfies readonly ReferralStatus[]

export const REFERRAL_ACTIONS = ['accept', 'reject', 'complete', 'revoke'] as const
export const ReferralAction = Type.Enum(REFERRAL_ACTIONS, {
  $id: 'ReferralAction',
  description: '`accept` / `reject` (the partner, while requested), `complete` (the partner or the municipality, while accepted), `revoke` (the municipality, while requested or accepted)',
})
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number]

/** Each action: the statuses it applies to and the status it leads to. */
export const REFERRAL_ACTION_RULES: Record<ReferralAction, { from: readonly ReferralStatus[]; to: ReferralStatus }> = {
  accept: { from: ['requested'], to: 'accepted' },
  reject: { from: ['requested'], to: 'rejected' },
  complete: { from: ['accepted'], to: 'completed' },
  revoke: { from: ['requested', 'accepted'], to: 'revoked' },
}

/** Partner organisations a referral may be addressed to (never a municipality or a district). */
export const REFERRAL_PARTNER_KINDS = ['cooperative', 'consortium', 'employment_agency', 'other'] as const

export const ReferralConsent = Type.Object(
  {
    date: DateOnly,
    scope: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S', description: 'What the person agreed to share and with whom' }),
  },
  { $id: 'ReferralConsent', additionalProperties: false, description: 'The person\'s recorded consent (consenso)' },
)
export type ReferralConsent = Static<typeof ReferralConsent>

export const Referral = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    person: Type.Union([Ref(CasePerson), Type.Null()], { description: 'The person referred; null for the partner once the referral is no longer live' }),
    municipality: Ref(OrganisationRef),
    partnerOrganisation: Ref(OrganisationRef),
    purpose: Type.String(),
    consent: Ref(ReferralConsent),
    status: Ref(ReferralStatus),
    statusReason: Nullable(Type.String({ description: 'Reason of a rejection or revocation' })),
    requestedBy: Nullable(Ref(UserRef)),
    decidedBy: Nullable(Ref(UserRef)),
    decidedAt: Nullable(Instant),
    closedBy: Nullable(Ref(UserRef)),
    closedAt: Nullable(Instant),
    allowedActions: Type.Array(Ref(ReferralAction), { description: 'The actions the caller may take now' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Referral', additionalProperties: false },
)
export type Referral = Static<typeof Referral>

export const ReferralCreate = Type.Object(
  {
    partnerOrganisationId: Type.String({ format: 'uuid', description: 'An active cooperative, consortium, employment agency or other partner organisation' }),
    purpose: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'What the partner is asked to do' }),
    consent: Ref(ReferralConsent),
  },
  { $id: 'ReferralCreate', additionalProperties: false },
)
export type ReferralCreate = Static<typeof ReferralCreate>

export const ReferralTransitionRequest = Type.Object(
  {
    action: Ref(ReferralAction),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required to reject; recommended to revoke' })),
  },
  { $id: 'ReferralTransitionRequest', additionalProperties: false },
)
export type ReferralTransitionRequest = Static<typeof ReferralTransitionRequest>

export const ReferralListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Array(Ref(ReferralStatus), { maxItems: 5, description: 'Only referrals in these statuses; default `requested` and `accepted`' })),
})
export type ReferralListQuery = Static<typeof ReferralListQuery>

export const CaseReferralListQuery = Type.Object({ ...PageQuery.properties })
export type CaseReferralListQuery = Static<typeof CaseReferralListQuery>

export const ReferralPage = Page(Ref(Referral), { $id: 'ReferralPage' })
export type ReferralPage = Static<typeof ReferralPage>
