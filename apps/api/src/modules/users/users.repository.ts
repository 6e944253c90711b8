/** SQL of an organisation's users: memberships joined with their users, look-ups by email, and writes to both. */
import { and, asc, eq, isNull, ne, type SQL, sql } from 'drizzle-orm'
import type { Role } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { memberships, type MembershipRow, sessions, users, type UserRow } from '../../db/schema/index.js'
import { containsPattern } from '../organisations/organisations.repository.js'

export interface OrganisationUserRow {
  user: UserRow
  membership: MembershipRow
}

export interface OrganisationUserFilter {
  q?: string
  role?: Role
  /** Id of the last user of the previous page. */
  afterUserId: string | null
  limit: number
}

/**
 * One page (plus one row) of the organisation's members in the order of their ids, which are
 * time-ordered: the cursor then carries no name or email (no personal data in query strings).
 */
export function listOrganisationUsers(db: Db, organisationId: string, filter: OrganisationUserFilter): Promise<OrganisationUserRow[]> {
  // Service accounts (the users API clients act as) are managed as API clients, not listed here.
  const where: SQL[] = [eq(memberships.organisationId, organisationId), eq(users.isServiceAccount, false)]
  if (filter.q) {
    const pattern = containsPattern(filter.q)
    where.push(
      sql`((${users.givenName} || ' ' || ${users.familyName}) ilike ${pattern} or (${users.familyName} || ' ' || ${users.givenName}) ilike ${pattern} or ${users.email} ilike ${pattern})`,
    )
  }
  if (filter.role) where.push(sql`${memberships.roles} @> array[${filter.role}]::text[]`)
  if (filter.afterUserId) where.push(sql`${users.id} > ${filter.afterUserId}::uuid`)
  return db
    .select({ user: users, membership: memberships })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(...where))
    .orderBy(asc(users.id))
    .limit(filter.limit + 1)
}

export const findOrganisationUser = async (db: Db, organisationId: string, userId: string): Promise<OrganisationUserRow | null> =>
  (
    await db
      .select({ user: users, membership: memberships })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
      .limit(1)
  )[0] ?? null

/** The membership and its user, both locked for an update in the current transaction. */
export const findOrganisationUserForUpdate = async (db: Db, organisationId: string, userId: string): Promise<OrganisationUserRow | null> =>
  (
    await db
      .select({ user: users, membership: memberships })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
      .for('update')
  )[0] ?? null

export const findUserByEmail = async (db: Db, email: string) =>
  (await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1))[0] ?? null

/** The user with this email, compared case-insensitively (as the unique index does), locked for the transaction. */
export const findUserByEmailForUpdate = async (db: Db, email: string) =>
  (await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).for('update'))[0] ?? null

export const findMembership = async (db: Db, organisationId: string, userId: string) =>
  (await db.select().from(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId))).limit(1))[0] ?? null

/** The user's active memberships in any organisation, with the roles held there. */
export const activeMembershipsOf = (db: Db, userId: string) =>
  db.select({ organisationId: memberships.organisationId, roles: memberships.roles }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.isActive, true)))

/** Ends the user's live sessions except `keepSessionId` (after a password reset). */
export const revokeSessionsOf = (db: Db, userId: string, keepSessionId: string, reason: string) =>
  db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.id, keepSessionId)))

export const insertUser = async (db: Db, values: typeof users.$inferInsert) => (await db.insert(users).values(values).returning())[0]!

export const insertMembership = async (db: Db, values: typeof memberships.$inferInsert) => (await db.insert(memberships).values(values).returning())[0]!

export const updateUser = async (db: Db, id: string, changes: Partial<Pick<UserRow, 'givenName' | 'familyName' | 'passwordHash'>>) =>
  (await db.update(users).set({ ...changes, version: sql`${users.version} + 1`, updatedAt: new Date() }).where(eq(users.id, id)).returning())[0]!

/** Every change made through an organisation's user routes bumps the membership's version: it is the ETag of the OrganisationUser. */
export const updateMembership = async (db: Db, id: string, changes: Partial<Pick<MembershipRow, 'roles' | 'isActive'>>) =>
  (await db.update(memberships).set({ ...changes, version: sql`${memberships.version} + 1`, updatedAt: new Date() }).where(eq(memberships.id, id)).returning())[0]!
