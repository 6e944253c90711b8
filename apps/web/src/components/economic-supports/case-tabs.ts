/** The economic supports of a case (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'supports', labelKey: 'cases.tabs.supports', order: 80, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), load: () => import('./CaseEconomicSupportsTab.vue'), props: recordTabProps }),
]
