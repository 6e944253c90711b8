/**
 * Economic supports of a case (contributi economici): the request (type, amount in cents, period),
 * the coordinator's decision and the payment. Never visible to partner organisations.
 */
import { sql } from 'drizzle-orm'
import { bigint, check, date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { users } from './users.js'

export const ECONOMIC_SUPPORT_TYPES = ['emergency_grant', 'rent', 'utilities', 'work_grant', 'training_grant', 'transport', 'other'] as const
export const ECONOMIC_SUPPORT_STATUSES = ['requested', 'approved', 'rejected', 'paid'] as const

export const economicSupports = pgTable(
  'economic_supports',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    type: text('type', { enum: ECONOMIC_SUPPORT_TYPES }).notNull(),
    /** Requested amount for the whole period, in euro cents. */
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    approvedAmountCents: bigint('approved_amount_cents', { mode: 'number' }),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    purpose: text('purpose'),
    status: text('status', { enum: ECONOMIC_SUPPORT_STATUSES }).notNull().default('requested'),
    decisionNote: text('decision_note'),
    requestedBy: uuid('requested_by').references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    paidOn: date('paid_on', { mode: 'string' }),
    paymentRecordedBy: uuid('payment_recorded_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('economic_supports_case_idx').on(t.caseId, t.createdAt, t.id),
    check('economic_supports_amount_check', sql`${t.amountCents} > 0`),
    check('economic_supports_approved_amount_check', sql`${t.approvedAmountCents} is null or (${t.approvedAmountCents} > 0 and ${t.approvedAmountCents} <= ${t.amountCents})`),
    check('economic_supports_period_check', sql`${t.periodFrom} <= ${t.periodTo}`),
  ],
)
export type EconomicSupportRow = typeof economicSupports.$inferSelect
export type EconomicSupportStatus = (typeof ECONOMIC_SUPPORT_STATUSES)[number]
export type EconomicSupportType = (typeof ECONOMIC_SUPPORT_TYPES)[number]
