/** The facilitator's groups on the home page: next session, absence alerts, follow-ups due. */
import type { HomeCard } from '../home/registry'
import GroupsHomeCard from './GroupsHomeCard.vue'

export const homeCards: HomeCard[] = [{ id: 'groups-facilitator', roles: ['facilitator'], order: 10, component: GroupsHomeCard }]
