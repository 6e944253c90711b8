/**
 * Meetings of a case (incontri / colloqui): planned with date, time, duration, participants and
 * agenda, then held with an outcome and evaluation, missed (no-show) or cancelled with a reason.
 */
import { sql } from 'drizzle-orm'
import { check, date, index, jsonb, pgTable, smallint, text, time, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { users } from './users.js'

export const MEETING_STATUSES = ['planned', 'held', 'missed', 'cancelled'] as const

export interface MeetingParticipantValue {
  name: string
  role: string
}

export const meetings = pgTable(
  'meetings',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    date: date('meeting_date', { mode: 'string' }).notNull(),
    /** Italian local time of the start, `HH:MM:SS` as PostgreSQL returns it. */
    startTime: time('start_time').notNull(),
    durationMinutes: smallint('duration_minutes').notNull(),
    location: text('location'),
    participants: jsonb('participants').$type<MeetingParticipantValue[]>().notNull().default([]),
    agenda: text('agenda'),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('planned'),
    outcome: text('outcome'),
    evaluation: smallint('evaluation'),
    /** The note of a missed meeting or the reason of a cancelled one. */
    statusNote: text('status_note'),
    statusChangedBy: uuid('status_changed_by').references(() => users.id),
    statusChangedAt: instant('status_changed_at'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('meetings_case_date_idx').on(t.caseId, t.date, t.startTime, t.id),
    /** The home page's upcoming and overdue meetings. */
    index('meetings_planned_date_idx').on(t.date, t.startTime).where(sql`status = 'planned'`),
    check('meetings_duration_check', sql`${t.durationMinutes} between 5 and 480`),
    check('meetings_evaluation_check', sql`${t.evaluation} is null or ${t.evaluation} between 1 and 5`),
    check('meetings_held_outcome_check', sql`${t.status} <> 'held' or ${t.outcome} is not null`),
  ],
)
export type MeetingRow = typeof meetings.$inferSelect
export type MeetingStatus = (typeof MEETING_STATUSES)[number]
