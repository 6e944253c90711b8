/** The coordinator's approvals queue (plans awaiting approval, economic supports awaiting decision). */
import type { HomeCard } from '../home/registry'
import ApprovalsHomeCard from './ApprovalsHomeCard.vue'

export const homeCards: HomeCard[] = [{ id: 'approvals', roles: ['coordinator'], order: 20, component: ApprovalsHomeCard }]
