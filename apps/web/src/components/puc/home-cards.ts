/** The PUC manager's INAIL deadlines on the home page. */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [{ id: 'puc-deadlines', roles: ['puc_manager'], order: 20, load: () => import('./PucDeadlinesHomeCard.vue') }]
