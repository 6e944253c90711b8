/**
 * The home page's own cards: the welcome of each role, what the role does and where it goes. It
 * comes after the cards listing what is due (orders below 90), so that the work is the first thing
 * seen, on a phone too; a role with no other card sees it alone.
 */
import { ROLES } from '@ponte/shared'
import type { HomeCard } from './registry'

export const homeCards: HomeCard[] = ROLES.map((role) => ({ id: `role-${role}`, roles: [role], order: 90, load: () => import('./HomeRoleCard.vue') }))
