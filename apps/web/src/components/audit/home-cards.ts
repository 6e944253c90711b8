/** The auditor's way into the organisation's audit trail. */
import type { HomeCard } from '../home/registry'
import AuditHomeCard from './AuditHomeCard.vue'

export const homeCards: HomeCard[] = [{ id: 'audit-trail', roles: ['auditor'], order: 60, component: AuditHomeCard }]
