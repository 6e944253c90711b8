/** The home page's own cards: the welcome summary of each role comes first. */
import { ROLES } from '@ponte/shared'
import HomeRoleCard from './HomeRoleCard.vue'
import type { HomeCard } from './registry'

export const homeCards: HomeCard[] = ROLES.map((role) => ({ id: `role-${role}`, roles: [role], order: 0, component: HomeRoleCard }))
