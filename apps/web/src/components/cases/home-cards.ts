/**
 * Cases on the home page, what to act on first: the deadlines of one's own cases (case managers and
 * coordinators), the team's caseload by case manager (coordinators), then the counts by status.
 */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [
  { id: 'cases-deadlines', roles: ['coordinator', 'case_manager'], order: 5, load: () => import('./CaseDeadlinesHomeCard.vue') },
  { id: 'cases-team-caseload', roles: ['coordinator'], order: 25, load: () => import('./TeamCaseloadHomeCard.vue') },
  { id: 'cases-municipality', roles: ['coordinator'], order: 30, load: () => import('./MunicipalityCasesHomeCard.vue') },
  { id: 'cases-caseload', roles: ['case_manager'], order: 30, load: () => import('./CaseloadHomeCard.vue') },
]
