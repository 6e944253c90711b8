/** The facilitator's groups on the home page: next session, absence alerts, follow-ups due. */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [{ id: 'groups-facilitator', roles: ['facilitator'], order: 10, load: () => import('./GroupsHomeCard.vue') }]
