/** The PUC manager's INAIL deadlines on the home page. */
import type { HomeCard } from '../home/registry'
import PucDeadlinesHomeCard from './PucDeadlinesHomeCard.vue'

export const homeCards: HomeCard[] = [{ id: 'puc-deadlines', roles: ['puc_manager'], order: 20, component: PucDeadlinesHomeCard }]
