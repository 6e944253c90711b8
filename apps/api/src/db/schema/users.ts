/** Users who sign in, and their memberships: one row per (user, organisation) with the roles held there. */
import { sql } from 'drizzle-orm'
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { organisations } from './organisations.js'

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    locale: text('locale', { enum: ['it', 'en'] }).notNull().default('it'),
    isActive: boolean('is_active').notNull().default(true),
    /** The user an API client acts as (never signs in with a password; not listed among the organisation's users). */
    isServiceAccount: boolean('is_service_account').notNull().default(false),
    lastLoginAt: instant('last_login_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
)
export type UserRow = typeof users.$inferSelect

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    roles: text('roles').array().notNull(),
    isActive: boolean('is_active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('memberships_user_org_key').on(t.userId, t.organisationId), index('memberships_org_idx').on(t.organisationId)],
)
export type MembershipRow = typeof memberships.$inferSelect
