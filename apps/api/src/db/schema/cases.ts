/**
 * Cases (cartelle / prese in carico): one person, one owning municipality, one assigned case
 * manager with its history, colleagues added to the case, the referrals to partner organisations
 * that open the working profile to them, and the case's timeline of events.
 */
import { sql } from 'drizzle-orm'
import { bigint, date, index, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { organisations } from './organisations.js'
import { persons } from './persons.js'
import { users } from './users.js'

export const CASE_STATUSES = ['intake', 'assessment', 'active', 'monitoring', 'suspended', 'closed'] as const
export const CASE_SOURCES = ['spontaneous', 'employment_centre', 'other_service', 'health_service', 'school', 'third_sector', 'other'] as const
export const CASE_OUTCOMES = ['employed', 'in_training', 'moved', 'other_service', 'dropped_out', 'goals_met', 'other'] as const
export const REFERRAL_STATUSES = ['requested', 'accepted', 'rejected', 'completed', 'revoked'] as const

export const cases = pgTable(
  'cases',
  {
    id: id(),
    municipalityId: uuid('municipality_id').notNull().references(() => organisations.id),
    personId: uuid('person_id').notNull().references(() => persons.id),
    /** 1 for the first episode; a reopened case is a new row with the next episode number. */
    episode: smallint('episode').notNull().default(1),
    previousCaseId: uuid('previous_case_id'),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('intake'),
    /** The status a suspended case resumes to. */
    suspendedFrom: text('suspended_from', { enum: CASE_STATUSES }),
    source: text('source', { enum: CASE_SOURCES }).notNull().default('spontaneous'),
    sourceNotes: text('source_notes'),
    caseManagerId: uuid('case_manager_id').notNull().references(() => users.id),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    outcome: text('outcome', { enum: CASE_OUTCOMES }),
    closingNote: text('closing_note'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('cases_municipality_status_idx').on(t.municipalityId, t.status),
    index('cases_case_manager_idx').on(t.caseManagerId),
    index('cases_person_idx').on(t.personId),
    index('cases_updated_idx').on(t.updatedAt, t.id),
    /** A person has at most one open case (episode) per municipality at a time. */
    uniqueIndex('cases_one_open_per_person_key').on(t.municipalityId, t.personId).where(sql`status <> 'closed'`),
    uniqueIndex('cases_person_episode_key').on(t.personId, t.municipalityId, t.episode),
  ],
)
export type CaseRow = typeof cases.$inferSelect
export type CaseStatus = (typeof CASE_STATUSES)[number]

/**
 * How many cases each municipality has per case manager and status, kept by triggers on `cases`
 * (migration 0015) so that `GET /cases/counts` reads a few rows instead of counting the
 * cases. Each key is split over 16 slots, chosen by the writing backend, so concurrent writers of
 * the same municipality, case manager and status seldom wait on the same row; readers sum them.
 */
export const caseCounts = pgTable(
  'case_counts',
  {
    municipalityId: uuid('municipality_id').notNull(),
    caseManagerId: uuid('case_manager_id').notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    slot: smallint('slot').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.caseManagerId, t.status, t.slot] })],
)

/** Colleagues added to a case: they work it like the case manager, without the sensitive section. */
export const caseMembers = pgTable(
  'case_members',
  {
    caseId: uuid('case_id').notNull().references(() => cases.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    addedBy: uuid('added_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index('case_members_user_idx').on(t.userId)],
)

/** The history of case-manager assignments; the open row (endedAt null) is the current one. */
export const caseAssignments = pgTable(
  'case_assignments',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    caseManagerId: uuid('case_manager_id').notNull().references(() => users.id),
    assignedBy: uuid('assigned_by').references(() => users.id),
    reason: text('reason'),
    startedAt: createdAt(),
    endedAt: instant('ended_at'),
  },
  (t) => [index('case_assignments_case_idx').on(t.caseId, t.startedAt)],
)

export const referrals = pgTable(
  'referrals',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    municipalityId: uuid('municipality_id').notNull().references(() => organisations.id),
    partnerOrganisationId: uuid('partner_organisation_id').notNull().references(() => organisations.id),
    purpose: text('purpose').notNull(),
    /** The person's recorded consent to share the working profile with the partner. */
    consentDate: date('consent_date', { mode: 'string' }).notNull(),
    consentScope: text('consent_scope').notNull(),
    status: text('status', { enum: REFERRAL_STATUSES }).notNull().default('requested'),
    statusReason: text('status_reason'),
    requestedBy: uuid('requested_by').references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: instant('closed_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('referrals_partner_status_idx').on(t.partnerOrganisationId, t.status),
    index('referrals_case_idx').on(t.caseId),
    /** One live (requested or accepted) referral per case and partner. */
    uniqueIndex('referrals_one_live_per_partner_key').on(t.caseId, t.partnerOrganisationId).where(sql`status in ('requested', 'accepted')`),
  ],
)
export type ReferralRow = typeof referrals.$inferSelect

/**
 * Who may see an event of the timeline: `case` — everyone who sees the case, partners included
 * (working-profile events); `municipality` — the municipality's staff on the case only;
 * `restricted` — the author and coordinators (restricted diary notes).
 */
export const CASE_EVENT_AUDIENCES = ['case', 'municipality', 'restricted'] as const

/** The case's timeline: every event of the case in order, written in the transaction of the change. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    type: text('type').notNull(),
    audience: text('audience', { enum: CASE_EVENT_AUDIENCES }).notNull().default('municipality'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    resourceType: text('resource_type'),
    resourceId: uuid('resource_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: createdAt(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.occurredAt, t.id)],
)
export type CaseEventRow = typeof caseEvents.$inferSelect
