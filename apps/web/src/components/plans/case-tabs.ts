/** The individual plan of a case, its versions and commitments (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'plan', labelKey: 'cases.tabs.plan', order: 40, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), load: () => import('./CasePlanTab.vue'), props: recordTabProps }),
]
