/** The auditor's way into the organisation's audit trail. */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [{ id: 'audit-trail', roles: ['auditor'], order: 60, load: () => import('./AuditHomeCard.vue') }]
