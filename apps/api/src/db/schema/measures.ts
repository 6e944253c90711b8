/**
 * Work measures (DOMAIN.md §3): one row per measure of a case — internships, job placements, work
 * grants, tutoring — with the columns of every kind (those of other kinds stay null), its status
 * changes, extensions, monthly attendance, tutoring sessions, work-grant payments and follow-ups.
 * Hours are stored as minutes, money as integer cents.
 */
import { sql } from 'drizzle-orm'
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { companies, companyContacts, companySites } from './companies.js'
import { organisations } from './organisations.js'
import { persons } from './persons.js'
import { planCommitments, plans } from './plans.js'
import { users } from './users.js'
import { VACANCY_CONTRACT_TYPES } from './vacancies.js'

export const MEASURE_KIND_VALUES = ['internship_orientation', 'internship_reintegration', 'internship_inclusion', 'job_placement', 'work_grant', 'tutoring'] as const
export const MEASURE_STATUS_VALUES = ['draft', 'proposed', 'agreement_signed', 'active', 'suspended', 'completed', 'interrupted'] as const
export const TARGET_GROUP_VALUES = ['unemployed', 'disadvantaged_l381', 'disabled_l68', 'other'] as const
export const OUTCOME_VALUES = ['hired_by_host', 'hired_elsewhere', 'not_hired', 'interrupted'] as const
export const EMPLOYMENT_STATUS_VALUES = ['employed_same_employer', 'employed_elsewhere', 'self_employed', 'in_training', 'unemployed', 'unreachable'] as const

/** A coordinator's justified override of the regional rules, with the violations it overrode. */
export interface RuleOverrideValue {
  justification: string
  byUserId: string
  at: string
  violations: { rule: string; value?: unknown; limit?: unknown; detail: string }[]
}

export const measures = pgTable(
  'measures',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    personId: uuid('person_id').notNull().references(() => persons.id),
    /** The case's municipality, the owner of the personal data. */
    municipalityId: uuid('municipality_id').notNull().references(() => organisations.id),
    /** Who runs the measure (soggetto promotore): usually the cooperative the case is referred to. */
    promoterOrganisationId: uuid('promoter_organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: MEASURE_KIND_VALUES }).notNull(),
    status: text('status', { enum: MEASURE_STATUS_VALUES }).notNull(),
    statusReason: text('status_reason'),
    planId: uuid('plan_id').references(() => plans.id),
    planCommitmentId: uuid('plan_commitment_id').references(() => planCommitments.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    plannedEndDate: date('planned_end_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    /** Host of an internship or work grant, employer of a placement. */
    hostCompanyId: uuid('host_company_id').references(() => companies.id),
    hostSiteId: uuid('host_site_id').references(() => companySites.id),
    hostTutorId: uuid('host_tutor_id').references(() => companyContacts.id),
    /** Promoter tutor of an internship, the tutoring operator. */
    promoterTutorId: uuid('promoter_tutor_id').references(() => users.id),
    atecoCode: text('ateco_code'),
    profileCode: text('profile_code'),
    profileTitle: text('profile_title'),
    eqfLevel: integer('eqf_level'),
    dailyMinutes: integer('daily_minutes'),
    weeklyMinutes: integer('weekly_minutes'),
    /** Internship allowance or work-grant amount, per month. */
    monthlyAmountCents: bigint('monthly_amount_cents', { mode: 'number' }),
    mealVouchers: boolean('meal_vouchers'),
    targetGroup: text('target_group', { enum: TARGET_GROUP_VALUES }),
    /** The rule set the internship was checked against (selected by the host site's region). */
    ruleSetCode: text('rule_set_code'),
    trainingObjectives: text('training_objectives'),
    inailPolicy: text('inail_policy'),
    liabilityPolicy: text('liability_policy'),
    mandatoryCommunicationRef: text('mandatory_communication_ref'),
    outcome: text('outcome', { enum: OUTCOME_VALUES }),
    outcomeContractType: text('outcome_contract_type', { enum: VACANCY_CONTRACT_TYPES }),
    outcomeNote: text('outcome_note'),
    contractType: text('contract_type', { enum: VACANCY_CONTRACT_TYPES }),
    fixedTermMonths: integer('fixed_term_months'),
    partTimeWeeklyMinutes: integer('part_time_weekly_minutes'),
    l68Quota: boolean('l68_quota'),
    article14Convention: boolean('article14_convention'),
    employerIsTypeBCooperative: boolean('employer_is_type_b_cooperative'),
    jobTitle: text('job_title'),
    funder: text('funder'),
    goals: text('goals'),
    ruleOverride: jsonb('rule_override').$type<RuleOverrideValue>(),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('measures_case_idx').on(t.caseId),
    index('measures_promoter_idx').on(t.promoterOrganisationId, t.id),
    index('measures_municipality_idx').on(t.municipalityId, t.id),
    // The seats of a host and of a host tutor are counted over the live internships.
    index('measures_host_live_idx').on(t.hostCompanyId, t.startDate).where(sql`${t.status} not in ('completed', 'interrupted')`),
    index('measures_host_tutor_live_idx').on(t.hostTutorId, t.startDate).where(sql`${t.hostTutorId} is not null and ${t.status} not in ('completed', 'interrupted')`),
    index('measures_promoter_tutor_idx').on(t.promoterTutorId),
    index('measures_planned_end_idx').on(t.plannedEndDate).where(sql`${t.status} not in ('completed', 'interrupted')`),
    check('measures_end_after_start', sql`${t.plannedEndDate} is null or ${t.plannedEndDate} >= ${t.startDate}`),
    check('measures_amount_not_negative', sql`${t.monthlyAmountCents} is null or ${t.monthlyAmountCents} >= 0`),
  ],
)
export type MeasureRow = typeof measures.$inferSelect

export const measureStatusChanges = pgTable(
  'measure_status_changes',
  {
    id: id(),
    measureId: uuid('measure_id').notNull().references(() => measures.id),
    fromStatus: text('from_status', { enum: MEASURE_STATUS_VALUES }),
    toStatus: text('to_status', { enum: MEASURE_STATUS_VALUES }).notNull(),
    reason: text('reason'),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: createdAt(),
  },
  (t) => [index('measure_status_changes_measure_idx').on(t.measureId, t.at)],
)
export type MeasureStatusChangeRow = typeof measureStatusChanges.$inferSelect

export const measureExtensions = pgTable(
  'measure_extensions',
  {
    id: id(),
    measureId: uuid('measure_id').notNull().references(() => measures.id),
    previousEndDate: date('previous_end_date', { mode: 'string' }).notNull(),
    newEndDate: date('new_end_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: createdAt(),
  },
  (t) => [index('measure_extensions_measure_idx').on(t.measureId, t.at)],
)
export type MeasureExtensionRow = typeof measureExtensions.$inferSelect

/** Monthly attendance of an internship: hours planned and attended, as minutes. */
export const measureAttendance = pgTable(
  'measure_attendance',
  {
    id: id(),
    measureId: uuid('measure_id').notNull().references(() => measures.id),
    /** `YYYY-MM` */
    month: text('month').notNull(),
    plannedMinutes: integer('planned_minutes').notNull(),
    attendedMinutes: integer('attended_minutes').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('measure_attendance_month_key').on(t.measureId, t.month),
    check('measure_attendance_minutes', sql`${t.plannedMinutes} >= 0 and ${t.attendedMinutes} >= 0 and ${t.attendedMinutes} <= ${t.plannedMinutes}`),
  ],
)
export type MeasureAttendanceRow = typeof measureAttendance.$inferSelect

export const measureTutoringSessions = pgTable(
  'measure_tutoring_sessions',
  {
    id: id(),
    measureId: uuid('measure_id').notNull().references(() => measures.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    topic: text('topic').notNull(),
    note: text('note'),
    operatorId: uuid('operator_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('measure_tutoring_sessions_measure_idx').on(t.measureId, t.heldOn)],
)
export type MeasureTutoringSessionRow = typeof measureTutoringSessions.$inferSelect

export const measurePayments = pgTable(
  'measure_payments',
  {
    id: id(),
    measureId: uuid('measure_id').notNull().references(() => measures.id),
    month: text('month').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    reference: text('reference'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('measure_payments_month_key').on(t.measureId, t.month), check('measure_payments_amount_positive', sql`${t.amountCents} > 0`)],
)
export type MeasurePaymentRow = typeof measurePayments.$inferSelect

export const measureFollowUps = pgTable(
  'measure_follow_ups',
  {
    id: id(),
    measureId: uuid('measure_id').notNull().references(() => measures.id),
    monthsAfter: integer('months_after').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    employmentStatus: text('employment_status', { enum: EMPLOYMENT_STATUS_VALUES }),
    contractType: text('contract_type', { enum: VACANCY_CONTRACT_TYPES }),
    note: text('note'),
    recordedAt: instant('recorded_at'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('measure_follow_ups_months_key').on(t.measureId, t.monthsAfter),
    index('measure_follow_ups_due_idx').on(t.dueOn).where(sql`${t.recordedAt} is null`),
  ],
)
export type MeasureFollowUpRow = typeof measureFollowUps.$inferSelect
