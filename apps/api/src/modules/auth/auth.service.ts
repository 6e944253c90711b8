/**
 * Staff sign-in rules: constant-time credential checks, throttling per account and per address,
 * sessions as families of rotating refresh tokens, and reuse detection that revokes the family.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Me, Role } from '@ponte/shared'
import type { Config } from '../../config.js'
import type { Database, Db } from '../../db/client.js'
import { type AuditActor, recordAudit } from '../../lib/audit.js'
import { tooManyRequests, unauthorized } from '../../lib/errors.js'
import { decoyPasswordHash, verifyPassword } from '../../lib/passwords.js'
import * as repo from './auth.repository.js'

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
export const accountKeyOf = (email: string) => sha256(email.trim().toLowerCase())

export interface IssuedSession {
  userId: string
  sessionId: string
  refreshToken: string
  refreshExpiresAt: Date
}

const INVALID_CREDENTIALS = 'Email o password non corretti.'

export async function loadMe(db: Database, userId: string): Promise<Me> {
  const user = await repo.findUserById(db, userId)
  if (!user || !user.isActive) throw unauthorized()
  const rows = await repo.listMemberships(db, userId)
  return {
    id: user.id,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    locale: user.locale,
    memberships: rows.map((r) => ({ ...r, roles: r.roles as Role[] })),
  }
}

/**
 * A new refresh token of the session. It lapses after the idle time (a session not renewed that long
 * ends), never after the session's own end (the absolute limit from the sign-in).
 */
async function issueRefreshToken(db: Db, sessionId: string, config: Config, sessionExpiresAt: Date) {
  const refreshToken = randomBytes(32).toString('base64url')
  const refreshExpiresAt = new Date(Math.min(Date.now() + config.auth.sessionIdleSeconds * 1000, sessionExpiresAt.getTime()))
  await repo.insertRefreshToken(db, sessionId, sha256(refreshToken), refreshExpiresAt)
  return { refreshToken, refreshExpiresAt }
}

export async function login(db: Database, config: Config, input: { email: string; password: string; address: string; actor: AuditActor }): Promise<IssuedSession> {
  const accountKey = accountKeyOf(input.email)
  const { auth } = config
  const reservation = await repo.reserveAttempt(db, accountKey, input.address, { windowSeconds: auth.failureWindowSeconds, maxPerAccount: auth.maxFailuresPerAccount, maxPerAddress: auth.maxFailuresPerAddress })
  if (reservation.throttled) {
    const { scope, oldest } = reservation.throttled
    const retryAfter = Math.max(1, Math.ceil(((oldest ? new Date(oldest).getTime() : Date.now()) + auth.failureWindowSeconds * 1000 - Date.now()) / 1000))
    throw tooManyRequests(retryAfter, scope === 'account' ? 'Troppi tentativi di accesso per questo account: riprova più tardi.' : 'Troppi tentativi di accesso da questo indirizzo: riprova più tardi.')
  }

  const user = await repo.findUserByEmail(db, input.email.trim())
  // Unknown email and wrong password take the same time and give the same answer.
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password)
  if (!user || !valid || !user.isActive) {
    // The reserved attempt stays recorded as the failure.
    await recordAudit(db, { ...input.actor, actorUserId: user?.id ?? null }, [{ action: 'login_failed', resourceType: 'session' }])
    throw unauthorized(INVALID_CREDENTIALS)
  }
  // A user whose every membership was deactivated has nothing to sign in to.
  const activeMemberships = await repo.listMemberships(db, user.id)
  if (activeMemberships.length === 0) {
    await repo.releaseAttempt(db, reservation.id)
    await recordAudit(db, { ...input.actor, actorUserId: user.id }, [{ action: 'login_refused_no_membership', resourceType: 'session' }])
    throw unauthorized('Il tuo account non ha accessi attivi in nessun ente: rivolgiti all\'amministratore del tuo ente.')
  }
  return db.transaction(async (tx) => {
    await repo.clearAccountFailures(tx, accountKey)
    const session = await repo.insertSession(tx, user.id, new Date(Date.now() + auth.refreshTokenSeconds * 1000))
    const { refreshToken, refreshExpiresAt } = await issueRefreshToken(tx, session.id, config, session.expiresAt)
    await repo.touchLastLogin(tx, user.id)
    // One entry per organisation the user works for, so each organisation's auditor sees the sign-in.
    await recordAudit(
      tx,
      { ...input.actor, actorUserId: user.id },
      activeMemberships.map((m) => ({ action: 'login', resourceType: 'session', resourceId: session.id, organisationId: m.organisationId })),
    )
    return { userId: user.id, sessionId: session.id, refreshToken, refreshExpiresAt }
  })
}

/**
 * Rotates a refresh token. A token used again after the grace for racing tabs means it leaked: the
 * whole session is revoked.
 */
export async function refresh(db: Database, config: Config, refreshToken: string, actor: AuditActor): Promise<IssuedSession> {
  const outcome = await db.transaction(async (tx) => {
    const found = await repo.findRefreshTokenForUpdate(tx, sha256(refreshToken))
    if (!found) return { error: 'La sessione non è valida: accedi di nuovo.' } as const
    const { token, session } = found
    if (session.revokedAt) return { error: 'La sessione è terminata: accedi di nuovo.' } as const
    // Two tabs refreshing at once send the same token: the one that comes second within the grace
    // gets its own new token in the same session. Later, a used token means it leaked.
    const withinGrace = token.usedAt !== null && Date.now() - token.usedAt.getTime() < config.auth.refreshReuseGraceSeconds * 1000
    if (token.usedAt && !withinGrace) {
      await repo.revokeSession(tx, session.id, 'refresh_token_reuse')
      await recordAudit(tx, { ...actor, actorUserId: session.userId }, [{ action: 'refresh_token_reuse', resourceType: 'session', resourceId: session.id }])
      return { error: 'Il token di rinnovo è già stato usato: per sicurezza la sessione è stata chiusa.' } as const
    }
    if (token.expiresAt.getTime() <= Date.now() || session.expiresAt.getTime() <= Date.now()) return { error: 'La sessione è scaduta: accedi di nuovo.' } as const
    const user = await repo.findUserById(tx, session.userId)
    if (!user?.isActive) return { error: 'L\'account non è attivo.' } as const
    if (!token.usedAt) await repo.markRefreshTokenUsed(tx, token.id)
    const issued = await issueRefreshToken(tx, session.id, config, session.expiresAt)
    return { session: { userId: session.userId, sessionId: session.id, ...issued } } as const
  })
  if ('error' in outcome) throw unauthorized(outcome.error)
  return outcome.session
}

export async function logout(db: Database, sessionId: string, actor: AuditActor) {
  await db.transaction(async (tx) => {
    await repo.revokeSession(tx, sessionId, 'logout')
    await recordAudit(tx, actor, [{ action: 'logout', resourceType: 'session', resourceId: sessionId }])
  })
}

/** The session a refresh token belongs to, for logging out with only the cookie. */
export async function sessionOfRefreshToken(db: Database, refreshToken: string): Promise<string | null> {
  const found = await repo.findRefreshTokenForUpdate(db, sha256(refreshToken))
  return found?.session.id ?? null
}
