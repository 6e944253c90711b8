/** SQL of staff sign-in: users by email, sessions, refresh tokens, failed-login counts. */
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Database, Db } from '../../db/client.js'
import { loginFailures, memberships, organisations, refreshTokens, sessions, users } from '../../db/schema/index.js'

export const findUserByEmail = async (db: Db, email: string) =>
  (await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1))[0] ?? null

export const findUserById = async (db: Db, id: string) => (await db.select().from(users).where(eq(users.id, id)).limit(1))[0] ?? null

export const listMemberships = (db: Db, userId: string) =>
  db
    .select({ organisationId: organisations.id, organisationName: organisations.name, organisationKind: organisations.kind, roles: memberships.roles })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.isActive, true), eq(organisations.isActive, true)))
    .orderBy(organisations.name)

export type AttemptReservation =
  | { id: number; throttled: null }
  | { id: null; throttled: { scope: 'account' | 'address'; oldest: Date | string | null } }

/**
 * Check-and-count of a sign-in attempt in one transaction: under advisory locks on the account and
 * the address (always in that order, so two attempts never wait on each other in a cycle), the
 * recent failures are counted and, below both limits, the attempt is recorded as a failure before
 * the password is checked. Concurrent attempts therefore queue on the lock and each sees the ones
 * before it: no more than the limit ever reach the password check. A successful sign-in removes
 * the account's failures, its own reservation with them.
 */
export const reserveAttempt = (db: Database, accountKey: string, address: string, limits: { windowSeconds: number; maxPerAccount: number; maxPerAddress: number }) =>
  db.transaction(async (tx): Promise<AttemptReservation> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`login-account:${accountKey}`}, 0))`)
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`login-address:${address}`}, 0))`)
    const since = sql`now() - make_interval(secs => ${limits.windowSeconds})`
    const [row] = await tx
      .select({
        account: sql<number>`count(*) filter (where ${loginFailures.accountKey} = ${accountKey})::int`,
        address: sql<number>`count(*) filter (where ${loginFailures.address} = ${address})::int`,
        oldestAccount: sql<Date | null>`min(${loginFailures.at}) filter (where ${loginFailures.accountKey} = ${accountKey})`,
        oldestAddress: sql<Date | null>`min(${loginFailures.at}) filter (where ${loginFailures.address} = ${address})`,
      })
      .from(loginFailures)
      .where(and(sql`(${loginFailures.accountKey} = ${accountKey} or ${loginFailures.address} = ${address})`, gt(loginFailures.at, since)))
    if (row && row.account >= limits.maxPerAccount) return { id: null, throttled: { scope: 'account', oldest: row.oldestAccount } }
    if (row && row.address >= limits.maxPerAddress) return { id: null, throttled: { scope: 'address', oldest: row.oldestAddress } }
    const [inserted] = await tx.insert(loginFailures).values({ accountKey, address }).returning({ id: loginFailures.id })
    return { id: inserted!.id, throttled: null }
  })

/** Gives back a reserved attempt that turned out not to be a wrong password. */
export const releaseAttempt = (db: Db, id: number) => db.delete(loginFailures).where(eq(loginFailures.id, id))

export const clearAccountFailures = (db: Db, accountKey: string) => db.delete(loginFailures).where(eq(loginFailures.accountKey, accountKey))

export const insertSession = async (db: Db, userId: string, expiresAt: Date) =>
  (await db.insert(sessions).values({ userId, expiresAt }).returning())[0]!

export const insertRefreshToken = (db: Db, sessionId: string, tokenHash: string, expiresAt: Date) =>
  db.insert(refreshTokens).values({ sessionId, tokenHash, expiresAt })

/** The refresh token with its session, locked for the rotation. */
export const findRefreshTokenForUpdate = async (db: Db, tokenHash: string) =>
  (
    await db
      .select({ token: refreshTokens, session: sessions })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .for('update')
  )[0] ?? null

export const markRefreshTokenUsed = (db: Db, id: string) => db.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, id))

export const revokeSession = (db: Db, sessionId: string, reason: string) =>
  db.update(sessions).set({ revokedAt: new Date(), revokedReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))

export const touchLastLogin = (db: Db, userId: string) => db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId))
