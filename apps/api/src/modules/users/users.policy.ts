/** Who may manage an organisation's users: its org_admin or a platform_admin; only a platform_admin touches platform_admin. */
import type { Role } from '@ponte/shared'
import { forbidden } from '../../lib/errors.js'
import { hasRole, isPlatformAdmin, type Principal } from '../../lib/principal.js'

export const canManageUsersOf = (principal: Principal, organisationId: string) => isPlatformAdmin(principal) || hasRole(principal, 'org_admin', organisationId)

export function assertCanManageUsersOf(principal: Principal, organisationId: string): void {
  if (!canManageUsersOf(principal, organisationId)) throw forbidden('Solo l\'amministratore dell\'ente (o della piattaforma) può gestirne gli utenti.')
}

/** Granting or taking away platform_admin is reserved to platform administrators. */
export function assertCanChangeRoles(principal: Principal, before: readonly Role[], after: readonly Role[]): void {
  const touchesPlatformAdmin = before.includes('platform_admin') !== after.includes('platform_admin')
  if (touchesPlatformAdmin && !isPlatformAdmin(principal)) throw forbidden('Solo un amministratore della piattaforma può assegnare o togliere il ruolo platform_admin.')
}

/**
 * A password belongs to the person, not to one organisation: an org_admin may reset it only for
 * users whose every membership is in an organisation they administer and who are not platform
 * administrators (otherwise an admin of one organisation could take over an account with roles elsewhere).
 */
export function assertCanResetPassword(principal: Principal, targetUserId: string, targetMemberships: readonly { organisationId: string; roles: readonly string[] }[]): void {
  if (isPlatformAdmin(principal) || principal.userId === targetUserId) return
  const allAdministered = targetMemberships.every((m) => hasRole(principal, 'org_admin', m.organisationId) && !m.roles.includes('platform_admin'))
  if (!allAdministered) throw forbidden('L\'utente ha ruoli anche in altri enti: solo un amministratore della piattaforma può reimpostarne la password.')
}
