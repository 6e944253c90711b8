/**
 * The domain events outbox: one row per create, update, transition and loss of visibility of a
 * record, written in the same transaction as the change (lib/events.ts). The change feed and the
 * webhooks (API.md "Events") are built from it. `txId` is the writing transaction's id: a reader
 * that returns only events of transactions older than its snapshot's xmin, in (txId, id) order,
 * never skips an event that commits later with an earlier position.
 */
import { sql } from 'drizzle-orm'
import { bigint, customType, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt } from './_columns.js'

/** PostgreSQL's 64-bit transaction id type (`pg_current_xact_id()`), read as a decimal string. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' })

export const domainEvents = pgTable(
  'domain_events',
  {
    /** Monotonic within a transaction; the order of events is (txId, seq). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    id: uuid('id').notNull().unique(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
    occurredAt: createdAt(),
    /** `<resource>.<verb>`: e.g. `measure.created`, `measure.transitioned`, `referral.visibility_lost`. */
    type: text('type').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: uuid('resource_id').notNull(),
    /** The case the record belongs to, when it does: its visibility decides who sees the event. */
    caseId: uuid('case_id'),
    /** The organisation that owns the record (the municipality for case records). */
    ownerOrganisationId: uuid('owner_organisation_id'),
    /** Another organisation that must see the event (e.g. the partner of a referral, a PUC implementing organisation). */
    partnerOrganisationId: uuid('partner_organisation_id'),
    /**
     * The organisations that may see the event, fixed when it is written (the owner, the partner,
     * the partners with an accepted referral of the case…). The change feed and the webhooks answer
     * an organisation only events addressed to it, and re-check the record's visibility when they do.
     */
    audience: uuid('audience').array().notNull().default(sql`'{}'::uuid[]`),
    /** A small, non-personal summary: `{ from, to }` of a transition, changed field names. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    actorUserId: uuid('actor_user_id'),
    actorClientId: uuid('actor_client_id'),
  },
  (t) => [
    index('domain_events_tx_seq_idx').on(t.txId, t.seq),
    index('domain_events_case_idx').on(t.caseId),
    index('domain_events_owner_idx').on(t.ownerOrganisationId, t.txId),
    index('domain_events_audience_idx').using('gin', t.audience),
  ],
)
export type DomainEventRow = typeof domainEvents.$inferSelect
