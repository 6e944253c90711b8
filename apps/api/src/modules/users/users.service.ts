/**
 * Rules of an organisation's users: adding (an existing account by email, or a new one with a
 * policy-compliant password), roles and deactivation without locking oneself out, password resets;
 * every write versioned on the membership and audited in the same transaction (never a password).
 */
import type { OrganisationUser, OrganisationUserCreate, OrganisationUserListQuery, OrganisationUserPage, OrganisationUserPatch, ProblemViolation, Role } from '@ponte/shared'
import type { Database } from '../../db/client.js'
import { type AuditActor, type AuditEntry, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, conflict, notFound, unprocessable, validationFailed } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import { assertPasswordPolicy, hashPassword } from '../../lib/passwords.js'
import type { Principal } from '../../lib/principal.js'
import { findOrganisation } from '../organisations/organisations.repository.js'
import { assertCanChangeRoles, assertCanManageUsersOf, assertCanResetPassword } from './users.policy.js'
import * as repo from './users.repository.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The user as seen from one organisation: roles, active flag and version are the membership's. */
export function toOrganisationUser({ user, membership }: repo.OrganisationUserRow): OrganisationUser {
  const updatedAt = user.updatedAt > membership.updatedAt ? user.updatedAt : membership.updatedAt
  return {
    id: user.id,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    isActive: membership.isActive,
    roles: membership.roles as Role[],
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    version: membership.version,
    createdAt: membership.createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  }
}

/** The organisation must exist (404) and the caller must administer its users (403). */
async function assertManageable(db: Database, principal: Principal, organisationId: string) {
  if (!(await findOrganisation(db, organisationId))) throw notFound('L\'ente')
  assertCanManageUsersOf(principal, organisationId)
}

export async function listOrganisationUsers(db: Database, principal: Principal, organisationId: string, query: OrganisationUserListQuery): Promise<OrganisationUserPage> {
  await assertManageable(db, principal, organisationId)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  if (cursor && !UUID.test(String(cursor[0]))) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const rows = await repo.listOrganisationUsers(db, organisationId, { q: query.q, role: query.role, afterUserId: cursor ? String(cursor[0]) : null, limit })
  return toPage(rows, limit, toOrganisationUser, (row) => [row.user.id])
}

export async function readOrganisationUser(db: Database, principal: Principal, organisationId: string, userId: string): Promise<OrganisationUser> {
  await assertManageable(db, principal, organisationId)
  const row = await repo.findOrganisationUser(db, organisationId, userId)
  if (!row) throw notFound('L\'utente')
  return toOrganisationUser(row)
}

/** Adds a membership: an existing account (same email, any case) joins as it is; otherwise a new account is created with the password. */
export async function addOrganisationUser(db: Database, principal: Principal, actor: AuditActor, organisationId: string, input: OrganisationUserCreate): Promise<OrganisationUser> {
  await assertManageable(db, principal, organisationId)
  assertCanChangeRoles(principal, [], input.roles)
  const email = input.email.trim()

  // Hashing is slow: do it before the transaction, and only for a new account.
  let passwordHash: string | null = null
  if (!(await repo.findUserByEmail(db, email))) {
    if (input.password === undefined) {
      throw validationFailed([{ pointer: '/password', detail: 'La password è obbligatoria per un nuovo utente.', code: 'required' }], 'Per creare un nuovo utente serve una password.')
    }
    assertPasswordPolicy(input.password, email)
    passwordHash = await hashPassword(input.password)
  }

  return db.transaction(async (tx) => {
    let user = await repo.findUserByEmailForUpdate(tx, email)
    const entries: AuditEntry[] = []
    if (!user) {
      // Created by someone else in the meantime? Then the account exists and no hash is needed; here it does not.
      if (passwordHash === null) throw conflict('duplicate', 'Esiste già un utente con questo indirizzo email.')
      user = await repo.insertUser(tx, { email, givenName: input.givenName.trim(), familyName: input.familyName.trim(), passwordHash })
      entries.push({ action: 'create', resourceType: 'user', resourceId: user.id, organisationId, changedFields: ['email', 'givenName', 'familyName'] })
    } else if (await repo.findMembership(tx, organisationId, user.id)) {
      throw conflict('already-member', 'L\'utente fa già parte di questo ente.', { existingId: user.id })
    }
    const membership = await repo.insertMembership(tx, { userId: user.id, organisationId, roles: [...input.roles] })
    entries.push({ action: 'add_membership', resourceType: 'user', resourceId: user.id, organisationId, changedFields: ['roles', 'isActive'] })
    await recordAudit(tx, actor, entries)
    return toOrganisationUser({ user, membership })
  })
}

/** Rules that keep an administrator from locking themselves (and their organisation) out by accident. */
function selfLockoutViolations(principal: Principal, userId: string, before: { roles: Role[]; isActive: boolean }, after: { roles: Role[]; isActive: boolean }): ProblemViolation[] {
  if (principal.userId !== userId) return []
  const violations: ProblemViolation[] = []
  const adminRoles = before.roles.filter((r): r is Role => r === 'org_admin' || r === 'platform_admin')
  for (const role of adminRoles) {
    if (!after.roles.includes(role)) {
      violations.push({ rule: 'cannot_remove_own_admin_role', value: role, detail: `Non puoi togliere a te stesso il ruolo ${role}: chiedi a un altro amministratore.` })
    }
  }
  if (adminRoles.length > 0 && before.isActive && !after.isActive) {
    violations.push({ rule: 'cannot_deactivate_self', value: false, detail: 'Non puoi disattivare te stesso: l\'ente resterebbe senza il suo amministratore. Chiedi a un altro amministratore.' })
  }
  return violations
}

export async function updateOrganisationUser(
  db: Database,
  principal: Principal,
  actor: AuditActor,
  organisationId: string,
  userId: string,
  expectedVersion: number,
  patch: OrganisationUserPatch,
): Promise<OrganisationUser> {
  await assertManageable(db, principal, organisationId)
  return db.transaction(async (tx) => {
    const current = await repo.findOrganisationUserForUpdate(tx, organisationId, userId)
    if (!current) throw notFound('L\'utente')
    assertVersion(current.membership.version, expectedVersion)
    const before = { givenName: current.user.givenName, familyName: current.user.familyName, roles: current.membership.roles as Role[], isActive: current.membership.isActive }
    const after = {
      givenName: patch.givenName?.trim() ?? before.givenName,
      familyName: patch.familyName?.trim() ?? before.familyName,
      roles: patch.roles ? [...patch.roles] : before.roles,
      isActive: patch.isActive ?? before.isActive,
    }
    // Roles compare as sets: the same roles in another order are no change.
    const sameRoles = after.roles.length === before.roles.length && after.roles.every((r) => before.roles.includes(r))
    const changed = changedFields(before, { ...after, roles: sameRoles ? before.roles : after.roles })

    if (changed.includes('roles')) assertCanChangeRoles(principal, before.roles, after.roles)
    const violations = selfLockoutViolations(principal, userId, before, after)
    if (violations.length > 0) throw unprocessable(violations, 'La modifica lascerebbe l\'ente senza il suo amministratore.')

    let passwordHash: string | null = null
    if (patch.password !== undefined) {
      assertCanResetPassword(principal, userId, await repo.activeMembershipsOf(tx, userId))
      assertPasswordPolicy(patch.password, current.user.email)
      passwordHash = await hashPassword(patch.password)
    }
    if (changed.length === 0 && passwordHash === null) return toOrganisationUser(current)

    const userChanges = {
      ...(changed.includes('givenName') ? { givenName: after.givenName } : {}),
      ...(changed.includes('familyName') ? { familyName: after.familyName } : {}),
      ...(passwordHash !== null ? { passwordHash } : {}),
    }
    const user = Object.keys(userChanges).length > 0 ? await repo.updateUser(tx, userId, userChanges) : current.user
    const membership = await repo.updateMembership(tx, current.membership.id, {
      ...(changed.includes('roles') ? { roles: after.roles } : {}),
      ...(changed.includes('isActive') ? { isActive: after.isActive } : {}),
    })

    const entries: AuditEntry[] = []
    if (changed.length > 0) entries.push({ action: 'update', resourceType: 'user', resourceId: userId, organisationId, changedFields: changed })
    if (passwordHash !== null) {
      // A reset password means the old one may be known to someone else: the user's other sessions end.
      await repo.revokeSessionsOf(tx, userId, principal.sessionId, 'password_reset')
      entries.push({ action: 'reset_password', resourceType: 'user', resourceId: userId, organisationId })
    }
    await recordAudit(tx, actor, entries)
    return toOrganisationUser({ user, membership })
  })
}
