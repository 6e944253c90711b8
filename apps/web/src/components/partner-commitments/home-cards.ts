/** The partner operator's to-do card: referrals to examine and the commitments due or overdue, listed first. */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [{ id: 'partner-todo', roles: ['operator'], order: 5, load: () => import('./PartnerWorkHomeCard.vue') }]
