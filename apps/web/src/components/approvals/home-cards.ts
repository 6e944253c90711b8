/** The coordinator's approvals queue (plans awaiting approval, economic supports awaiting decision). */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [{ id: 'approvals', roles: ['coordinator'], order: 20, load: () => import('./ApprovalsHomeCard.vue') }]
