/** PUC on the home page: the INAIL deadlines overdue, due today and this week, for the PUC manager. */
import type { HomeCard } from '../home/registry'
import PucDeadlinesHomeCard from './PucDeadlinesHomeCard.vue'

export const homeCards: HomeCard[] = [{ id: 'puc-deadlines', roles: ['puc_manager'], order: 20, component: PucDeadlinesHomeCard }]
