/** Platform tables: stored Idempotency-Key responses and the append-only audit trail. */
import { sql } from 'drizzle-orm'
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, instant } from './_columns.js'

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    completedAt: instant('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)

/**
 * Append-only and tamper-evident (docs/decisions/0013): entries are written pending (no hash) without
 * any lock, and `audit_seal()` — run by one sealer at a time — links them into the hash chain in
 * order. Triggers refuse DELETE, TRUNCATE and every UPDATE but that one sealing of a pending entry.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorUserId: uuid('actor_user_id'),
    actorClientId: uuid('actor_client_id'),
    organisationId: uuid('organisation_id'),
    channel: text('channel').notNull(),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    changedFields: text('changed_fields').array(),
    requestId: text('request_id'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_log_org_at_idx').on(t.organisationId, t.at),
    index('audit_log_resource_idx').on(t.resourceType, t.resourceId),
    index('audit_log_hash_idx').on(t.hash),
    /** The chain is linear: no two entries claim the same predecessor (a fork would mean a forged entry). */
    uniqueIndex('audit_log_prev_hash_key').on(t.prevHash),
    /** The entries still to be sealed, in the order the sealer links them. */
    index('audit_log_pending_idx').on(t.id).where(sql`${t.hash} is null`),
  ],
)
export type AuditRow = typeof auditLog.$inferSelect
