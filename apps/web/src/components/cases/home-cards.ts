/**
 * Cases on the home page, what to act on first: the deadlines of one's own cases (case managers and
 * coordinators), the team's caseload by case manager (coordinators), then the counts by status.
 */
import type { HomeCard } from '../home/registry'
import CaseDeadlinesHomeCard from './CaseDeadlinesHomeCard.vue'
import CaseloadHomeCard from './CaseloadHomeCard.vue'
import MunicipalityCasesHomeCard from './MunicipalityCasesHomeCard.vue'
import TeamCaseloadHomeCard from './TeamCaseloadHomeCard.vue'

export const homeCards: HomeCard[] = [
  { id: 'cases-deadlines', roles: ['coordinator', 'case_manager'], order: 5, component: CaseDeadlinesHomeCard },
  { id: 'cases-team-caseload', roles: ['coordinator'], order: 25, component: TeamCaseloadHomeCard },
  { id: 'cases-municipality', roles: ['coordinator'], order: 30, component: MunicipalityCasesHomeCard },
  { id: 'cases-caseload', roles: ['case_manager'], order: 30, component: CaseloadHomeCard },
]
