/** Staff sessions: a session is a family of rotating refresh tokens; failed logins drive throttling. */
import { bigserial, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant } from './_columns.js'
import { users } from './users.js'

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    sessionId: uuid('session_id').notNull().references(() => sessions.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
)

export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** sha256 of the lower-cased email: throttling needs no readable address. */
    accountKey: text('account_key').notNull(),
    address: text('address').notNull(),
    at: createdAt(),
  },
  (t) => [index('login_failures_account_idx').on(t.accountKey, t.at), index('login_failures_address_idx').on(t.address, t.at)],
)

/**
 * Request rate limits (plugins/rate-limit.ts), one fixed window per key — a route and a user, an
 * API client or an address — counted by one atomic upsert, so every API process on the database
 * enforces the same limit (docs/decisions/0019). UNLOGGED (hand-written in its migration): no WAL,
 * no commit flush per request; a crash of PostgreSQL only resets the open windows.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    windowEndsAt: instant('window_ends_at').notNull(),
  },
  (t) => [index('rate_limit_counters_window_idx').on(t.windowEndsAt)],
)
