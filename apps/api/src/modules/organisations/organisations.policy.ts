/** Who may see and change organisations: every signed-in user reads the directory; only a platform_admin manages it. */
import { forbidden } from '../../lib/errors.js'
import { isPlatformAdmin, type Principal } from '../../lib/principal.js'

/** Names and kinds of organisations are not personal data: municipalities pick referral partners from them. */
export const canReadOrganisations = (_principal: Principal) => true

export const canManageOrganisations = (principal: Principal) => isPlatformAdmin(principal)

export function assertCanManageOrganisations(principal: Principal): void {
  if (!canManageOrganisations(principal)) throw forbidden('Solo un amministratore della piattaforma può creare o modificare gli enti.')
}
