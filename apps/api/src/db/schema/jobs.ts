/** Background jobs a caller started (bulk imports): progress and result, readable by whoever started them. */
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant } from './_columns.js'

export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    kind: text('kind').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull().default('running'),
    total: integer('total').notNull(),
    processed: integer('processed').notNull().default(0),
    /** Ids and outcomes only: never the rows' personal data. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('jobs_requested_by_idx').on(t.requestedBy, t.createdAt)],
)
export type JobRow = typeof jobs.$inferSelect
