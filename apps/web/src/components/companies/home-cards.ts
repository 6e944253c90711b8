/** The job developer's and coordinator's next actions with companies, due and overdue. */
import type { HomeCard } from '../home/registry'
import ActivitiesDueHomeCard from './ActivitiesDueHomeCard.vue'

export const homeCards: HomeCard[] = [{ id: 'companies-actions-due', roles: ['operator', 'coordinator'], order: 55, component: ActivitiesDueHomeCard }]
