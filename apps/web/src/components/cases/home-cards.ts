/** Cases on the home page: the coordinator's municipality counts, the case manager's caseload and deadlines. */
import type { HomeCard } from '../home/registry'
import CaseDeadlinesHomeCard from './CaseDeadlinesHomeCard.vue'
import CaseloadHomeCard from './CaseloadHomeCard.vue'
import MunicipalityCasesHomeCard from './MunicipalityCasesHomeCard.vue'

export const homeCards: HomeCard[] = [
  { id: 'cases-municipality', roles: ['coordinator'], order: 10, component: MunicipalityCasesHomeCard },
  { id: 'cases-caseload', roles: ['case_manager'], order: 30, component: CaseloadHomeCard },
  { id: 'cases-deadlines', roles: ['case_manager'], order: 40, component: CaseDeadlinesHomeCard },
]
