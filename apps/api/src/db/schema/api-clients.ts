/**
 * API clients of an organisation (OAuth2 client credentials). Each has a service-account user
 * (`users.is_service_account`) with the operator role in its organisation: what it does is
 * audited under that user's name (the client's) and the visibility rules of an operator apply.
 * Secrets are kept only as SHA-256; a rotation keeps the previous one valid until its grace ends.
 */
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { organisations } from './organisations.js'
import { users } from './users.js'

export const apiClients = pgTable(
  'api_clients',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    serviceUserId: uuid('service_user_id').notNull().unique().references(() => users.id),
    name: text('name').notNull(),
    scopes: text('scopes').array().notNull(),
    /** Addresses or CIDR ranges the client may call from; empty means any. */
    allowedIps: text('allowed_ips').array().notNull().default([]),
    expiresAt: instant('expires_at'),
    /** sha256 (hex) of the current secret. */
    secretHash: text('secret_hash').notNull(),
    secretHint: text('secret_hint').notNull(),
    previousSecretHash: text('previous_secret_hash'),
    previousSecretExpiresAt: instant('previous_secret_expires_at'),
    revokedAt: instant('revoked_at'),
    lastUsedAt: instant('last_used_at'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('api_clients_org_idx').on(t.organisationId)],
)
export type ApiClientRow = typeof apiClients.$inferSelect
