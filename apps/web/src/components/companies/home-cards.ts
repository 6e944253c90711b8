/** The job developer's and coordinator's next actions with companies, due and overdue. */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [{ id: 'companies-actions-due', roles: ['operator', 'coordinator'], order: 55, load: () => import('./ActivitiesDueHomeCard.vue') }]
