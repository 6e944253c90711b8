/**
 * Webhook subscriptions of an organisation and their delivery log. Each subscription keeps its own
 * position in the domain events outbox: the dispatcher turns the events after it into deliveries
 * and moves it on in one transaction; a pg-boss job per delivery sends it, at least once.
 */
import { sql } from 'drizzle-orm'
import { bigint, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { organisations } from './organisations.js'

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'skipped'] as const

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    url: text('url').notNull(),
    /** Event types to deliver; empty means every type. */
    eventTypes: text('event_types').array().notNull().default(sql`'{}'::text[]`),
    /** The signing secret (`whsec_…`), encrypted with the installation's key (lib/secret-box.ts). */
    secretCiphertext: text('secret_ciphertext').notNull(),
    secretHint: text('secret_hint').notNull(),
    status: text('status', { enum: WEBHOOK_STATUSES }).notNull().default('active'),
    disabledAt: instant('disabled_at'),
    disabledReason: text('disabled_reason'),
    /** Position in the outbox (transaction id as decimal text, sequence) of the last event handed to deliveries. */
    positionTxId: text('position_tx_id').notNull(),
    positionSeq: bigint('position_seq', { mode: 'number' }).notNull(),
    createdBy: uuid('created_by'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_subscriptions_org_idx').on(t.organisationId)],
)
export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** Also the `webhook-id` header: the same for every attempt of this delivery. */
    id: id(),
    subscriptionId: uuid('subscription_id').notNull().references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: instant('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    /** When its job was queued; null until then (a crash in between is repaired by the dispatcher). */
    enqueuedAt: instant('enqueued_at'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt), index('webhook_deliveries_unqueued_idx').on(t.status, t.enqueuedAt)],
)
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect
