/**
 * Individual plans (progetti personalizzati / patti): one row per version of a case's plan, with
 * objectives and supports as JSON, and the commitments (impegni) of each version.
 */
import { sql } from 'drizzle-orm'
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { organisations } from './organisations.js'
import { users } from './users.js'

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'signed', 'superseded'] as const
export const PLAN_SUPPORT_KINDS = ['measure', 'economic_support', 'service', 'other'] as const
export const COMMITMENT_PARTIES = ['person', 'case_manager', 'partner', 'other'] as const
export const COMMITMENT_STATUSES = ['open', 'met', 'missed', 'rescheduled'] as const

export interface PlanObjectiveValue {
  id: string
  title: string
  expectedResult: string | null
}
export interface PlanSupportValue {
  kind: (typeof PLAN_SUPPORT_KINDS)[number]
  description: string
  reference: string | null
}

export const plans = pgTable(
  'plans',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    versionNumber: integer('version_number').notNull(),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('draft'),
    /** The version this one was revised from. */
    revisedFromId: uuid('revised_from_id'),
    objectives: jsonb('objectives').$type<PlanObjectiveValue[]>().notNull().default([]),
    supports: jsonb('supports').$type<PlanSupportValue[]>().notNull().default([]),
    reviewDate: date('review_date', { mode: 'string' }),
    notes: text('notes'),
    returnReason: text('return_reason'),
    returnedAt: instant('returned_at'),
    returnedBy: uuid('returned_by').references(() => users.id),
    submittedAt: instant('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    approvedAt: instant('approved_at'),
    approvedBy: uuid('approved_by').references(() => users.id),
    /** The day the person signed the patto. */
    signedOn: date('signed_on', { mode: 'string' }),
    signedRecordedBy: uuid('signed_recorded_by').references(() => users.id),
    supersededAt: instant('superseded_at'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('plans_case_version_number_key').on(t.caseId, t.versionNumber),
    /** At most one version in progress (draft, submitted or approved) per case. */
    uniqueIndex('plans_one_in_progress_per_case_key').on(t.caseId).where(sql`status in ('draft', 'submitted', 'approved')`),
    /** At most one signed version (the one in force) per case. */
    uniqueIndex('plans_one_signed_per_case_key').on(t.caseId).where(sql`status = 'signed'`),
    check('plans_version_number_positive', sql`${t.versionNumber} >= 1`),
  ],
)
export type PlanRow = typeof plans.$inferSelect
export type PlanStatusValue = (typeof PLAN_STATUSES)[number]

export const planCommitments = pgTable(
  'plan_commitments',
  {
    id: id(),
    planId: uuid('plan_id').notNull().references(() => plans.id),
    /** The plan's case, kept here so overdue look-ups scope by case without a join through plans. */
    caseId: uuid('case_id').notNull().references(() => cases.id),
    who: text('who', { enum: COMMITMENT_PARTIES }).notNull(),
    responsibleName: text('responsible_name'),
    what: text('what').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: COMMITMENT_STATUSES }).notNull().default('open'),
    rescheduledTo: date('rescheduled_to', { mode: 'string' }),
    /** The day a met commitment was done (set with `met` only). */
    doneOn: date('done_on', { mode: 'string' }),
    /**
     * The partner organisation whose service takes on a `partner` commitment: its operators see and
     * update it while the case's referral to it is accepted (DOMAIN.md §1 rule 3).
     */
    partnerOrganisationId: uuid('partner_organisation_id').references(() => organisations.id),
    /** The commitment of the earlier version this one was carried over from by a revision. */
    copiedFromId: uuid('copied_from_id'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('plan_commitments_plan_idx').on(t.planId, t.dueDate, t.id),
    index('plan_commitments_pending_idx').on(t.caseId, t.dueDate).where(sql`status in ('open', 'rescheduled')`),
    check('plan_commitments_rescheduled_has_date', sql`${t.status} <> 'rescheduled' or ${t.rescheduledTo} is not null`),
    check('plan_commitments_done_on_only_met', sql`${t.doneOn} is null or ${t.status} = 'met'`),
    check('plan_commitments_partner_only_for_partner', sql`${t.partnerOrganisationId} is null or ${t.who} = 'partner'`),
    index('plan_commitments_partner_idx').on(t.partnerOrganisationId, t.dueDate).where(sql`${t.partnerOrganisationId} is not null`),
  ],
)
export type CommitmentRow = typeof planCommitments.$inferSelect

/**
 * Progress notes (note di avanzamento) on a commitment: what the partner's operator (or the
 * municipality's staff) reports about it, read by both sides. Append-only: a note is never edited.
 */
export const commitmentProgressNotes = pgTable(
  'commitment_progress_notes',
  {
    id: id(),
    commitmentId: uuid('commitment_id').notNull().references(() => planCommitments.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    text: text('text').notNull(),
    authorId: uuid('author_id').references(() => users.id),
    /** The organisation the author wrote for (the partner, or the municipality). */
    authorOrganisationId: uuid('author_organisation_id').notNull().references(() => organisations.id),
    version: version(),
    createdAt: createdAt(),
  },
  (t) => [index('commitment_progress_notes_commitment_idx').on(t.commitmentId, t.createdAt, t.id)],
)
export type CommitmentProgressNoteRow = typeof commitmentProgressNotes.$inferSelect
