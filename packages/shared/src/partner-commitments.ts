/**
 * The plan commitments a partner organisation's service takes on (impegni del partner): what its
 * operators see on a case referred to it (accepted referral), their status updates and the progress
 * notes (note di avanzamento) both the partner and the municipality's staff read. Never the rest of
 * the plan (DOMAIN.md §1 rule 3).
 */
import { Type, type Static } from 'typebox'
import { CasePerson, OrganisationRef, UserRef } from './cases.js'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { Commitment, CommitmentStatus } from './plans.js'

/** What the caller may do on a partner commitment now (the same checks its write endpoints make). */
export const PARTNER_COMMITMENT_PERMISSIONS = ['updateStatus', 'addProgressNote'] as const
export const PartnerCommitmentPermission = Type.Enum(PARTNER_COMMITMENT_PERMISSIONS, {
  $id: 'PartnerCommitmentPermission',
  description:
    '`updateStatus` (`updateCaseCommitment`: met, missed or rescheduled, on the plan in force of an open case), `addProgressNote` (`createCommitmentProgressNote`, on an open case); none on a closed case',
})
export type PartnerCommitmentPermission = (typeof PARTNER_COMMITMENT_PERMISSIONS)[number]

export const PartnerCommitment = Type.Object(
  {
    ...Commitment.properties,
    partnerOrganisation: Ref(OrganisationRef),
    person: Ref(CasePerson),
    planVersionNumber: Type.Integer({ format: 'int32', minimum: 1, description: 'Version of the plan in force the commitment belongs to' }),
    permissions: Type.Array(Ref(PartnerCommitmentPermission), { description: 'The actions the caller may take on the commitment now (computed by the same rules the API checks)' }),
  },
  { $id: 'PartnerCommitment', additionalProperties: false, description: 'A commitment of the plan in force assigned to a partner organisation, with its case\'s person' },
)
export type PartnerCommitment = Static<typeof PartnerCommitment>

export const PartnerCommitmentPage = Page(Ref(PartnerCommitment), { $id: 'PartnerCommitmentPage', description: 'Partner commitments by effective due date (the new date when rescheduled), then id' })
export type PartnerCommitmentPage = Static<typeof PartnerCommitmentPage>

export const CasePartnerCommitmentListQuery = Type.Object({ ...PageQuery.properties })
export type CasePartnerCommitmentListQuery = Static<typeof CasePartnerCommitmentListQuery>

export const PartnerCommitmentListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Array(Ref(CommitmentStatus), { maxItems: 4, description: 'Only commitments in these statuses (all by default)' })),
  dueBefore: Type.Optional(Type.String({ format: 'date', description: 'Only commitments whose effective due date (the new date when rescheduled) is before this day: today for the overdue ones' })),
})
export type PartnerCommitmentListQuery = Static<typeof PartnerCommitmentListQuery>

export const CommitmentProgressNote = Type.Object(
  {
    id: Uuid,
    commitmentId: Uuid,
    caseId: Uuid,
    text: Type.String(),
    author: Nullable(Ref(UserRef)),
    authorOrganisation: Ref(OrganisationRef),
    version: Version,
    createdAt: Instant,
  },
  { $id: 'CommitmentProgressNote', additionalProperties: false, description: 'A progress note on a commitment (nota di avanzamento); never edited' },
)
export type CommitmentProgressNote = Static<typeof CommitmentProgressNote>

export const CommitmentProgressNoteCreate = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S', description: 'What was done, what is next' }),
  },
  { $id: 'CommitmentProgressNoteCreate', additionalProperties: false, description: 'A new progress note' },
)
export type CommitmentProgressNoteCreate = Static<typeof CommitmentProgressNoteCreate>

export const CommitmentProgressNoteListQuery = Type.Object({ ...PageQuery.properties })
export type CommitmentProgressNoteListQuery = Static<typeof CommitmentProgressNoteListQuery>

export const CommitmentProgressNotePage = Page(Ref(CommitmentProgressNote), { $id: 'CommitmentProgressNotePage', description: 'Progress notes of a commitment, the newest first' })
export type CommitmentProgressNotePage = Static<typeof CommitmentProgressNotePage>

/** An organisation a case may be referred to, as the referral form offers it. */
export const ReferralPartner = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    kind: Type.String({ description: 'cooperative, consortium, employment_agency or other' }),
  },
  { $id: 'ReferralPartner', additionalProperties: false },
)
export type ReferralPartner = Static<typeof ReferralPartner>

export const ReferralPartnerListQuery = Type.Object({ ...PageQuery.properties })
export type ReferralPartnerListQuery = Static<typeof ReferralPartnerListQuery>

export const ReferralPartnerPage = Page(Ref(ReferralPartner), { $id: 'ReferralPartnerPage', description: 'Active partner organisations by name' })
export type ReferralPartnerPage = Static<typeof ReferralPartnerPage>
